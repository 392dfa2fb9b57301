using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Procedures.Wasi;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// The channel encoders that read a row straight from SQLite (ABI rows into guest memory, tsv/csv
/// lines for WASI stdin) write exactly what encoding the same values from managed memory writes,
/// and the lines parse back to the values.
/// </summary>
public sealed class ChannelRowProperties : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private readonly TenantSession _session;

    public ChannelRowProperties()
    {
        _engine.CreateTenant("t");
        _session = _engine.OpenSession("t");
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    private static Gen<SqlValue> ValueGen() => Gen.OneOf(
        Gen.Constant(SqlValue.Null),
        ArbMap.Default.GeneratorFor<long>().Select(SqlValue.Integer),
        ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => SqlValue.Real(f.Get)),
        Gen.Elements("", " ", "a", "\t", "\n", "\r", "\\", "\"", ",", "\\N", "é", "x y", "🙂").ArrayOf().Select(parts => SqlValue.Text(string.Concat(parts))),
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is not null).Select(SqlValue.Blob));

    private static Arbitrary<SqlValue[]> Rows() => Gen.ArrayOf(ValueGen()).Where(v => v.Length is > 0 and <= 8).ToArbitrary();

    /// <summary>Runs <paramref name="check"/> on the row SQLite returns for <c>SELECT ?1, ?2, ...</c> bound to <paramref name="values"/>.</summary>
    private bool OnRow(SqlValue[] values, Func<QueryChannel, bool> check)
    {
        var statement = _session.Prepare("SELECT " + string.Join(", ", values.Select((_, i) => $"?{i + 1}")));
        for (int i = 0; i < values.Length; i++) statement.Bind(i, values[i]);
        using var channel = new QueryChannel(statement, statement.ExecuteReader());
        Assert.True(channel.HasRow());
        return check(channel);
    }

    [Property(MaxTest = 300)]
    public Property Abi_rows_from_the_cursor_match_the_managed_encoding()
    {
        return Prop.ForAll(Rows(), values => OnRow(values, channel =>
        {
            byte[] expected = AbiRow.Encode(values);
            var buffer = new byte[expected.Length + 16];
            bool fits = AbiRow.TryWrite(channel.Row, buffer, out int written);
            bool tooSmall = !AbiRow.TryWrite(channel.Row, new byte[expected.Length - 1], out int none) && none == 0;
            return fits && written == expected.Length && buffer.AsSpan(0, written).SequenceEqual(expected)
                && AbiRow.Measure(channel.Row) == expected.Length && tooSmall;
        }));
    }

    [Property(MaxTest = 300)]
    public Property Tsv_lines_from_the_cursor_match_the_managed_encoding_and_parse_back() => TextLinesRoundTrip(ChannelFormat.Tsv);

    [Property(MaxTest = 300)]
    public Property Csv_lines_from_the_cursor_match_the_managed_encoding_and_parse_back() => TextLinesRoundTrip(ChannelFormat.Csv);

    private Property TextLinesRoundTrip(ChannelFormat format)
    {
        return Prop.ForAll(Rows(), values => OnRow(values, channel =>
        {
            var fromRow = new ArrayBufferWriter<byte>();
            ChannelText.WriteLine(fromRow, channel.Row, format);
            var fromValues = new ArrayBufferWriter<byte>();
            ChannelText.WriteLine(fromValues, values, format);
            if (!fromRow.WrittenSpan.SequenceEqual(fromValues.WrittenSpan)) return false;

            var line = fromRow.WrittenSpan;
            if (ChannelText.RecordEnd(line, 0, format) != line.Length - 1) return false;
            var columns = values.Select((v, i) => new ProcedureColumn($"c{i}", v.Type switch
            {
                SqlType.Integer => ProcedureType.Int8,
                SqlType.Real => ProcedureType.Float8,
                SqlType.Blob => ProcedureType.Bytea,
                _ => ProcedureType.Text,
            })).ToArray();
            var parsed = ChannelText.ParseLine(System.Text.Encoding.UTF8.GetString(line[..^1]), format, columns, out _);
            return parsed is not null && parsed.SequenceEqual(values);
        }));
    }

    [Fact]
    public void Raw_channel_bytes_are_the_first_value_as_it_is()
    {
        SqlValue[][] cases = [[SqlValue.Blob([0, 255, 10])], [SqlValue.Text("tab\tline\n")], [SqlValue.Integer(-42)], [SqlValue.Real(0.1)], [SqlValue.Null]];
        string[] expected = ["\0\u00ff\n", "tab\tline\n", "-42", "0.1", ""];
        for (int i = 0; i < cases.Length; i++)
        {
            var output = new ArrayBufferWriter<byte>();
            OnRow(cases[i], channel =>
            {
                ChannelText.WriteRaw(output, channel.Row);
                return true;
            });
            Assert.Equal(expected[i].Select(c => (byte)c).ToArray(), output.WrittenSpan.ToArray());
        }
    }
}
