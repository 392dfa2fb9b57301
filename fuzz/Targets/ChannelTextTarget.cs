using System.Buffers;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.Engine.Procedures.Wasi;

namespace TenantDb.Fuzz.Targets;

/// <summary>
/// The tsv and csv codecs of WASI channels, on what a program writes to stdout. The first byte picks
/// the format (bit 0), one or three columns (bit 1) and their types (bits 2-7); the rest is split into records as the
/// stdout reader splits it and each record is parsed for those columns. Contract: parsing returns
/// values or a problem, never throws; a parsed row written back in the same format (as stdin would
/// carry it) parses to the same values, so no value changes on a round trip through a program that
/// echoes its input.
/// </summary>
internal sealed class ChannelTextTarget : IFuzzTarget
{
    private static readonly ProcedureType[] Types = [ProcedureType.Int8, ProcedureType.Float8, ProcedureType.Text, ProcedureType.Bytea];

    public string Name => "channel-text";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) return;
        var format = (input[0] & 1) == 0 ? ChannelFormat.Tsv : ChannelFormat.Csv;
        int count = (input[0] >> 1 & 1) == 0 ? 1 : 3;
        var columns = new ProcedureColumn[count];
        for (int i = 0; i < count; i++) columns[i] = new ProcedureColumn($"c{i}", Types[input[0] >> (2 + 2 * i) & 3]);
        var bytes = input[1..];
        var output = new ArrayBufferWriter<byte>();
        for (int start = 0; start < bytes.Length;)
        {
            int end = ChannelText.RecordEnd(bytes, start, format);
            if (end < 0) end = bytes.Length;
            string line = Encoding.UTF8.GetString(bytes[start..end]);
            start = end + 1;
            var values = ChannelText.ParseLine(line, format, columns, out string? problem);
            if (values is null)
            {
                if (problem is null) throw new InvalidOperationException("a line was refused without a problem");
                continue;
            }

            output.ResetWrittenCount();
            ChannelText.WriteLine(output, [.. values], format);
            string written = Encoding.UTF8.GetString(output.WrittenSpan[..^1]);
            if (ChannelText.RecordEnd(output.WrittenSpan, 0, format) != output.WrittenCount - 1)
                throw new InvalidOperationException($"a written row is not one record: {written}");
            var again = ChannelText.ParseLine(written, format, columns, out problem)
                ?? throw new InvalidOperationException($"a written row does not parse ({problem}): {written}");
            for (int i = 0; i < values.Length; i++)
            {
                if (!Same(values[i], again[i])) throw new InvalidOperationException($"column {i} changed on a round trip: {line} -> {written}");
            }
        }
    }

    private static bool Same(SqlValue a, SqlValue b) =>
        a.Type == b.Type && a.Type switch
        {
            SqlType.Null => true,
            SqlType.Integer => a.AsInteger == b.AsInteger,
            SqlType.Real => a.AsReal.Equals(b.AsReal),
            SqlType.Text => string.Equals(a.AsText, b.AsText, StringComparison.Ordinal),
            _ => a.AsBlob.AsSpan().SequenceEqual(b.AsBlob),
        };
}
