using System.Buffers;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// stdin or a named channel of a WASI procedure: the rows of its query, pulled batch by batch
/// through the same channel code as the <c>query</c>/<c>read</c> imports (so the same row limits,
/// cancel and time checks apply), turned into bytes in the channel's format as the program reads.
/// At most one batch of text is held at a time. The query starts at the program's first read
/// and ends at its last row, or earlier when the program closes the channel.
/// </summary>
internal sealed class QueryChannelReader : IWasiReader
{
    private const int BatchBytes = 64 * 1024;

    private readonly ProcedureCallContext _context;
    private readonly string _what;
    private readonly ChannelFormat _format;
    private readonly byte[] _request;
    private readonly int _sqlLength;
    private readonly ArrayBufferWriter<byte> _text = new(BatchBytes);
    private int _channel = -1;
    private int _served;
    private bool _ended;

    /// <param name="context">The call's channels.</param>
    /// <param name="what">"stdin" or "channel NAME", for error messages.</param>
    /// <param name="channel">The declared channel.</param>
    /// <param name="arguments">The CALL's arguments ($1, $2, ...).</param>
    public QueryChannelReader(ProcedureCallContext context, string what, WasiChannel channel, IReadOnlyList<SqlValue> arguments)
    {
        _context = context;
        _what = what;
        _format = channel.Format;
        var (sql, parameters) = ChannelQuery.Rewrite(channel.Query);
        if (parameters > arguments.Count)
        {
            throw new TenantDbException(TenantDbErrorKind.Syntax, $"the {what} query uses ${parameters} but the procedure has {arguments.Count} parameters");
        }
        byte[] sqlBytes = Encoding.UTF8.GetBytes(sql);
        byte[] parameterRow = parameters == 0 ? [] : AbiRow.Encode(arguments.Take(parameters).ToArray());
        _request = [.. sqlBytes, .. parameterRow];
        _sqlLength = sqlBytes.Length;
    }

    public int Read(Span<byte> destination)
    {
        while (_served == _text.WrittenCount)
        {
            if (_ended) return 0;
            _text.ResetWrittenCount();
            _served = 0;
            FillText();
        }
        int n = Math.Min(destination.Length, _text.WrittenCount - _served);
        _text.WrittenSpan.Slice(_served, n).CopyTo(destination);
        _served += n;
        return n;
    }

    /// <summary>
    /// The program closed the channel: its query ends now, releasing the statement (and the open-query
    /// slot it held), even when the program never read to the end.
    /// </summary>
    public void Close()
    {
        if (_ended) return;
        _ended = true;
        if (_channel >= 0) _context.Close(_channel);
    }

    /// <summary>Formats the next batch of rows; sets <see cref="_ended"/> at the query's end.</summary>
    private void FillText()
    {
        if (_channel < 0)
        {
            _channel = _context.Query(_request, 0, _sqlLength, _sqlLength, _request.Length - _sqlLength);
            if (_channel < 0) throw Failed();
        }
        var batch = new TextBatch(_text, _format);
        int rows = _context.ReadRows(_channel, ref batch);
        if (rows < 0) throw Failed();
        if (rows == 0)
        {
            _ended = true;
            _context.Close(_channel);
        }
    }

    /// <summary>
    /// Rows formatted straight from the cursor into the text buffer, about <see cref="BatchBytes"/>
    /// at a time (a batch always takes its first row, however long: SQLite's own length limit bounds it).
    /// </summary>
    private readonly ref struct TextBatch(ArrayBufferWriter<byte> text, ChannelFormat format) : IChannelBatch
    {
        public bool TryAdd(ChannelRow row, bool first)
        {
            if (!first && text.WrittenCount >= BatchBytes) return false;
            if (format == ChannelFormat.Raw) ChannelText.WriteRaw(text, row);
            else ChannelText.WriteLine(text, row, format);
            return true;
        }
    }

    private TenantDbException Failed() =>
        new(TenantDbErrorKind.Sql, $"the {_what} query failed: {_context.LastError}");
}
