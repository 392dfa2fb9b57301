using TenantDb.Engine;
using TenantDb.Engine.Values;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// The COPY TO STDOUT sub-protocol on the way out: CopyOutResponse, one CopyData per row in the
/// chosen format, CopyDone. Each field is first written as PostgreSQL's text (or binary) form of its
/// value by <see cref="PgValueWriter"/>, the same encoder as query results, then escaped or quoted.
/// </summary>
internal sealed class CopyOutWriter : IDisposable
{
    private readonly PgMessageWriter _writer;
    private readonly CopyOptions _options;
    private readonly uint[] _types;
    private readonly bool[] _forceQuote;
    private readonly bool[] _binary;
    // Holds one field's text form before it is escaped into the CopyData message.
    private readonly PgMessageWriter _field = new(256);

    /// <summary>Creates the writer for columns of <paramref name="types"/> named <paramref name="names"/>.</summary>
    public CopyOutWriter(PgMessageWriter writer, CopyOptions options, uint[] types, string[] names)
    {
        _writer = writer;
        _options = options;
        _types = types;
        Names = names;
        _forceQuote = new bool[types.Length];
        _binary = new bool[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            _forceQuote[i] = options.ForceQuoteAll || options.ForceQuoteColumns.Contains(names[i], StringComparer.Ordinal);
            // Types without a binary encoder go as their text bytes: the binary form of the text-like types.
            _binary[i] = options.Format == CopyFormat.Binary && ResultColumns.Column(names[i], types[i], [1], i, types.Length).Format == 1;
        }
    }

    private string[] Names { get; }

    private bool _headerPending;

    /// <summary>Rows written.</summary>
    public long Rows { get; private set; }

    /// <summary>CopyOutResponse, then the binary signature or the header line.</summary>
    public void Start()
    {
        var binary = _options.Format == CopyFormat.Binary;
        _writer.StartMessage(BackendMessageType.CopyOutResponse);
        _writer.WriteByte(binary ? (byte)1 : (byte)0);
        _writer.WriteInt16((short)_types.Length);
        for (var i = 0; i < _types.Length; i++) _writer.WriteInt16(binary ? (short)1 : (short)0);
        _writer.EndMessage();
        // The binary signature goes out with the first row, as PostgreSQL sends it (Npgsql expects that).
        _headerPending = binary;
        if (!binary && _options.Header)
        {
            _writer.StartMessage(BackendMessageType.CopyData);
            for (var i = 0; i < Names.Length; i++)
            {
                if (i > 0) _writer.WriteByte(_options.Delimiter);
                WriteEscaped(System.Text.Encoding.UTF8.GetBytes(Names[i]), i, header: true);
            }
            _writer.WriteByte((byte)'\n');
            _writer.EndMessage();
        }
    }

    /// <summary>Writes the reader's current row as one CopyData message.</summary>
    public void WriteRow(TenantReader reader)
    {
        _writer.StartMessage(BackendMessageType.CopyData);
        if (_options.Format == CopyFormat.Binary)
        {
            if (_headerPending) _writer.WriteBytes(CopyBinaryCodec.Header);
            _headerPending = false;
            // A binary COPY row is a DataRow's body: field count, then length-prefixed fields.
            _writer.WriteInt16((short)_types.Length);
            for (var i = 0; i < _types.Length; i++) PgValueWriter.WriteField(_writer, reader, i, _types[i], _binary[i]);
        }
        else
        {
            for (var i = 0; i < _types.Length; i++)
            {
                if (i > 0) _writer.WriteByte(_options.Delimiter);
                var value = reader.GetColumnValue(i);
                if (value.Type == SqlType.Null)
                {
                    _writer.WriteBytes(_options.Null);
                    continue;
                }
                _field.Reset();
                var type = _types[i] == PgTypeOid.Unspecified ? ColumnTypeResolver.FromValueType(value.Type) : _types[i];
                PgValueWriter.WriteField(_field, reader, i, value, type, binary: false);
                WriteEscaped(_field.Written.Span[4..], i, header: false);
            }
            _writer.WriteByte((byte)'\n');
        }
        _writer.EndMessage();
        Rows++;
    }

    /// <summary>The binary trailer (binary format), then CopyDone.</summary>
    public void Finish()
    {
        if (_options.Format == CopyFormat.Binary)
        {
            _writer.StartMessage(BackendMessageType.CopyData);
            if (_headerPending) _writer.WriteBytes(CopyBinaryCodec.Header);
            _writer.WriteInt16(-1);
            _writer.EndMessage();
        }
        _writer.StartMessage(BackendMessageType.CopyDone);
        _writer.EndMessage();
    }

    private void WriteEscaped(ReadOnlySpan<byte> value, int column, bool header)
    {
        if (_options.Format == CopyFormat.Csv)
        {
            var span = _writer.GetSpan(CopyCsvCodec.MaxQuotedLength(value.Length));
            _writer.Advance(CopyCsvCodec.Quote(value, _options, !header && _forceQuote[column], span));
        }
        else
        {
            var span = _writer.GetSpan(CopyTextCodec.MaxEscapedLength(value.Length));
            _writer.Advance(CopyTextCodec.Escape(value, _options.Delimiter, span));
        }
    }

    /// <summary>Frees the field buffer.</summary>
    public void Dispose() => _field.Dispose();
}
