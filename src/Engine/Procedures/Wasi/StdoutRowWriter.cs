using System.Buffers;
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Values;
using TenantDb.ProcSandbox.Runtime.Wasi;

namespace TenantDb.Engine.Procedures.Wasi;

/// <summary>
/// stdout of a WASI procedure: each complete line (csv: record) becomes a result row as soon as it
/// is written, through the same checks and limits as the <c>emit</c> import. Only an unfinished
/// line is buffered, at most <see cref="MaxLineBytes"/>. With <see cref="ChannelFormat.Raw"/> the
/// whole output is one value, at most <see cref="MaxRawBytes"/>.
/// </summary>
internal sealed class StdoutRowWriter(ProcedureCallContext context, string procedure, IReadOnlyList<ProcedureColumn> columns, ChannelFormat format) : IWasiWriter
{
    /// <summary>Longest line (or csv record) stdout may hold.</summary>
    public const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>Most bytes a raw stdout may hold.</summary>
    public const int MaxRawBytes = 64 * 1024 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(false, true);

    private readonly ArrayBufferWriter<byte> _pending = new();
    private long _line;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        int limit = format == ChannelFormat.Raw ? MaxRawBytes : MaxLineBytes;
        if (format == ChannelFormat.Raw)
        {
            if (bytes.Length > limit - _pending.WrittenCount) throw Limit("stdout size");
            _pending.Write(bytes);
            return;
        }
        while (!bytes.IsEmpty)
        {
            int newline = bytes.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (bytes.Length > limit - _pending.WrittenCount) throw Limit("stdout line length");
                _pending.Write(bytes);
                return;
            }
            if (newline > limit - _pending.WrittenCount) throw Limit("stdout line length");
            _pending.Write(bytes[..(newline + 1)]);
            bytes = bytes[(newline + 1)..];
            EmitCompleteRecords();
        }
    }

    /// <summary>After the program ended with status 0: an unfinished last line is a row too; raw output becomes the one row.</summary>
    public void Finish()
    {
        if (format == ChannelFormat.Raw)
        {
            var value = columns[0].Type == ProcedureType.Bytea
                ? SqlValue.Blob(_pending.WrittenSpan.ToArray())
                : SqlValue.Text(Decode(_pending.WrittenSpan));
            Emit([value]);
            return;
        }
        EmitCompleteRecords();
        if (_pending.WrittenCount > 0) EmitRecord(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }

    private void EmitCompleteRecords()
    {
        var pending = _pending.WrittenSpan;
        int start = 0;
        while (start < pending.Length)
        {
            int end = ChannelText.RecordEnd(pending, start, format);
            if (end < 0) break;
            EmitRecord(pending[start..end]);
            start = end + 1;
        }
        if (start == 0) return;
        byte[] rest = pending[start..].ToArray();
        _pending.ResetWrittenCount();
        _pending.Write(rest);
    }

    private void EmitRecord(ReadOnlySpan<byte> record)
    {
        _line++;
        if (!record.IsEmpty && record[^1] == '\r') record = record[..^1];
        string text = Decode(record);
        var values = ChannelText.ParseLine(text, format, columns, out string? problem)
            ?? throw new TenantDbException(TenantDbErrorKind.InvalidText, $"procedure {procedure}: stdout line {_line}: {problem}");
        Emit(values);
    }

    private string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new TenantDbException(TenantDbErrorKind.InvalidText, $"procedure {procedure}: stdout line {_line} is not valid UTF-8");
        }
    }

    private void Emit(SqlValue[] values)
    {
        byte[] row = AbiRow.Encode(values);
        int result = context.Emit(row, 0, row.Length);
        if (result != 0) throw new InvalidOperationException($"a parsed stdout row was refused: {context.LastError}");
    }

    private ProcedureLimitException Limit(string what) => context.ExceedLimit(what);
}
