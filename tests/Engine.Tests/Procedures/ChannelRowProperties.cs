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
    private int _tables;

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

    /// <summary>
    /// The native row loop (many rows per call) writes the bytes the managed encoder writes row by row,
    /// stops at the first row that does not fit or past the row budget leaving that row current, and
    /// reports the end of the rows when it stepped past the last one.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property The_native_row_loop_writes_what_the_managed_encoder_writes()
    {
        var cases =
            from columns in Gen.Choose(1, 4)
            from rows in Gen.ArrayOf(Gen.ArrayOf(ValueGen(), columns))
            from capacity in Gen.Choose(0, 600)
            from maxRows in Gen.Choose(0, 40)
            select (rows, columns, capacity, maxRows);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (rows, columns, capacity, maxRows) = c;
            string table = $"r{Interlocked.Increment(ref _tables)}";
            string names = string.Join(", ", Enumerable.Range(0, columns).Select(i => $"c{i}"));
            using (var create = _session.Prepare($"CREATE TABLE {table}({string.Join(", ", Enumerable.Range(0, columns).Select(i => $"c{i} BLOB"))})")) create.ExecuteNonQuery();
            using (var insert = _session.Prepare($"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(1, columns).Select(i => $"?{i}"))})"))
            {
                foreach (var row in rows)
                {
                    for (int i = 0; i < columns; i++) insert.Bind(i, row[i]);
                    insert.ExecuteNonQuery();
                }
            }

            // What encoding the rows one by one from managed values gives.
            var expected = new List<byte>();
            int fitting = 0;
            while (fitting < rows.Length && fitting < maxRows && expected.Count + AbiRow.Measure(rows[fitting]) <= capacity)
            {
                expected.AddRange(AbiRow.Encode(rows[fitting]));
                fitting++;
            }

            var statement = _session.Prepare($"SELECT {names} FROM {table} ORDER BY rowid");
            using var channel = new QueryChannel(statement, statement.ExecuteReader());
            if (!channel.HasRow()) return (rows.Length == 0).Label("no row from a non-empty table");
            // The native loop writes raw memory: bytes past the capacity it was given must stay untouched.
            var backing = new byte[capacity + 64];
            Array.Fill(backing, (byte)0xA5);
            int written = 0;
            long encoded = channel.EncodeRows(backing.AsSpan(0, capacity), ref written, maxRows, out int stepResult);
            if (backing.AsSpan(capacity).IndexOfAnyExcept((byte)0xA5) >= 0) return false.Label("wrote past the capacity");
            bool same = encoded == fitting && written == expected.Count && backing.AsSpan(0, written).SequenceEqual(expected.ToArray());
            if (fitting == rows.Length)
            {
                if (stepResult != 101) return false.Label($"stepped past the last row with {stepResult}");
                channel.EndRows(stepResult);
                return (same && !channel.HasRow()).Label($"encoded {encoded} of {rows.Length} rows, {written} bytes ({expected.Count} expected)");
            }
            // The row left current is the first one not written.
            return (same && stepResult == 100 && channel.HasRow() && AbiRow.Measure(channel.Row) == AbiRow.Measure(rows[fitting]))
                .Label($"encoded {encoded} of {rows.Length} rows ({fitting} expected), {written} bytes ({expected.Count} expected), step result {stepResult}");
        });
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
