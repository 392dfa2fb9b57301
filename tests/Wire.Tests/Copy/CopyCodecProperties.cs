using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Copy;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>
/// The COPY formats without a socket or an engine: any table of strings (tabs, line breaks,
/// backslashes, quotes, delimiters, the NULL spellings) written in text, CSV or binary and read back
/// through <see cref="CopyInState"/> in arbitrary CopyData chunks is the same table.
/// </summary>
public sealed class CopyCodecProperties
{
    private const string Alphabet = "a\t\n\r\\\",;.N\0é€ x";

    private static Gen<string?> Field =>
        Gen.Frequency(
            (1, Gen.Constant<string?>(null)),
            (1, Gen.Elements<string?>("", "\\N", "\\.", "\"", "NULL")),
            (6, Gen.ListOf(Gen.Elements(Alphabet.ToCharArray())).Select(cs => (string?)new string([.. cs.Take(40)]))));

    private static Arbitrary<(string?[][] Rows, int[] Cuts)> Tables(int columns) =>
        Gen.ListOf(Gen.ArrayOf(Field, columns))
            .Select(rows => rows.Take(30).ToArray())
            .Zip(Gen.ArrayOf(Gen.Choose(1, 64)))
            .Select(t => (t.Item1, t.Item2))
            .ToArbitrary();

    internal static CopyOptions Options(CopyFormat format, Action<CopyOptions>? configure = null)
    {
        var options = new CopyOptions { Format = format };
        configure?.Invoke(options);
        options.Validate();
        return options;
    }

    private static byte[] EncodeText(string?[][] rows, CopyOptions options)
    {
        var output = new List<byte>();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) output.Add(options.Delimiter);
                if (row[i] is null)
                {
                    output.AddRange(options.Null);
                    continue;
                }
                var value = Encoding.UTF8.GetBytes(row[i]!);
                var buffer = new byte[Math.Max(CopyTextCodec.MaxEscapedLength(value.Length), CopyCsvCodec.MaxQuotedLength(value.Length))];
                var n = options.Format == CopyFormat.Csv
                    ? CopyCsvCodec.Quote(value, options, force: false, buffer)
                    : CopyTextCodec.Escape(value, options.Delimiter, buffer);
                output.AddRange(buffer.AsSpan(0, n).ToArray());
            }
            output.Add((byte)'\n');
        }
        return [.. output];
    }

    private static byte[] EncodeBinary(string?[][] rows, int columns)
    {
        var output = new List<byte>(CopyBinaryCodec.Header);
        Span<byte> word = stackalloc byte[4];
        foreach (var row in rows)
        {
            BinaryPrimitives.WriteInt16BigEndian(word, (short)columns);
            output.AddRange(word[..2].ToArray());
            foreach (var value in row)
            {
                var bytes = value is null ? null : Encoding.UTF8.GetBytes(value);
                BinaryPrimitives.WriteInt32BigEndian(word, bytes?.Length ?? -1);
                output.AddRange(word.ToArray());
                if (bytes is not null) output.AddRange(bytes);
            }
        }
        output.Add(0xff);
        output.Add(0xff);
        return [.. output];
    }

    // Feeds the bytes in chunks of the given sizes (cycled), as CopyData messages would bring them.
    internal static RecordingSink Read(byte[] data, CopyOptions options, int columns, int[] cuts, int maxRow = 1 << 20)
    {
        var sink = new RecordingSink();
        using var state = new CopyInState(options, columns, sink, maxRow);
        var at = 0;
        var k = 0;
        while (at < data.Length)
        {
            var size = cuts.Length == 0 ? data.Length : Math.Min(cuts[k++ % cuts.Length], data.Length - at);
            state.Feed(data.AsSpan(at, size));
            at += size;
        }
        state.Finish();
        Assert.Equal(sink.Rows.Count, state.Rows);
        return sink;
    }

    private static bool SameTable(string?[][] expected, List<string?[]> actual) =>
        expected.Length == actual.Count && expected.Zip(actual).All(p => p.First.SequenceEqual(p.Second));

    [Property(MaxTest = 300)]
    public Property Text_format_round_trips_any_strings() =>
        Prop.ForAll(Tables(3), t =>
        {
            var options = Options(CopyFormat.Text);
            return SameTable(t.Rows, Read(EncodeText(t.Rows, options), options, 3, t.Cuts).Rows);
        });

    [Property(MaxTest = 300)]
    public Property Text_format_with_another_delimiter_and_null_round_trips() =>
        Prop.ForAll(Tables(2), t =>
        {
            // Text format cannot tell a value spelled like the NULL string from NULL (PostgreSQL's too): no such values here.
            var rows = t.Rows.Select(r => r.Select(v => v == "NULL" ? "null" : v).ToArray()).ToArray();
            var options = Options(CopyFormat.Text, o => { o.SetDelimiter(","); o.SetNull("NULL"); });
            return SameTable(rows, Read(EncodeText(rows, options), options, 2, t.Cuts).Rows);
        });

    [Property(MaxTest = 300)]
    public Property Csv_format_round_trips_any_strings() =>
        Prop.ForAll(Tables(3), t =>
        {
            var options = Options(CopyFormat.Csv);
            return SameTable(t.Rows, Read(EncodeText(t.Rows, options), options, 3, t.Cuts).Rows);
        });

    [Property(MaxTest = 300)]
    public Property Csv_with_a_separate_escape_and_semicolons_round_trips() =>
        Prop.ForAll(Tables(2), t =>
        {
            var options = Options(CopyFormat.Csv, o => { o.SetDelimiter(";"); o.SetEscape("\\"); o.SetNull("N"); });
            return SameTable(t.Rows, Read(EncodeText(t.Rows, options), options, 2, t.Cuts).Rows);
        });

    [Property(MaxTest = 300)]
    public Property Binary_format_round_trips_any_strings() =>
        Prop.ForAll(Tables(3), t =>
            SameTable(t.Rows, Read(EncodeBinary(t.Rows, 3), Options(CopyFormat.Binary), 3, t.Cuts).Rows));

    [Fact]
    public void A_csv_header_line_is_skipped_and_the_end_marker_ends_the_data()
    {
        var options = Options(CopyFormat.Csv, o => o.Header = true);
        var rows = Read("a,b\n1,2\n\\.\nignored,after\n"u8.ToArray(), options, 2, [3]).Rows;
        Assert.Equal([["1", "2"]], rows);
    }

    [Fact]
    public void Text_accepts_crlf_line_ends_and_a_last_line_without_one()
    {
        var rows = Read("1\tx\r\n2\ty"u8.ToArray(), Options(CopyFormat.Text), 2, []).Rows;
        Assert.Equal([["1", "x"], ["2", "y"]], rows);
    }

    private static PgStatementException Fails(string data, CopyOptions options, int columns, int maxRow = 1 << 20) =>
        Assert.Throws<PgStatementException>(() => Read(Encoding.UTF8.GetBytes(data), options, columns, [7], maxRow));

    [Fact]
    public void A_line_longer_than_the_limit_is_54000_before_it_is_all_buffered()
    {
        var sink = new RecordingSink();
        using var state = new CopyInState(Options(CopyFormat.Text), 1, sink, maxRowLength: 1000);
        var chunk = new byte[600];
        Array.Fill(chunk, (byte)'x');
        state.Feed(chunk);
        var error = Assert.Throws<PgStatementException>(() => state.Feed(chunk));
        Assert.Equal(SqlState.ProgramLimitExceeded, error.SqlState);
        Assert.Equal(1, state.Line);
    }

    [Fact]
    public void An_unterminated_csv_quote_is_22P04_at_copy_done()
    {
        var error = Fails("1,\"open\n2,x\n", Options(CopyFormat.Csv), 2);
        Assert.Equal("22P04", error.SqlState);
    }

    [Theory]
    [InlineData("1\n", "missing data")]
    [InlineData("1\t2\t3\n", "extra data")]
    public void A_wrong_field_count_is_22P04(string data, string message)
    {
        var error = Fails(data, Options(CopyFormat.Text), 2);
        Assert.Equal("22P04", error.SqlState);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_with_a_bad_signature_a_wrong_field_count_or_a_truncated_row_is_22P04()
    {
        var options = Options(CopyFormat.Binary);
        Assert.Equal("22P04", Assert.Throws<PgStatementException>(() => Read("NOTCOPY\n\xff\r\n\0"u8.ToArray(), options, 1, [])).SqlState);
        var wrongCount = EncodeBinary([["a", "b"]], 2);
        Assert.Equal("22P04", Assert.Throws<PgStatementException>(() => Read(wrongCount, options, 3, [])).SqlState);
        var truncated = EncodeBinary([["abc"]], 1)[..^4];
        Assert.Equal("22P04", Assert.Throws<PgStatementException>(() => Read(truncated, options, 1, [])).SqlState);
    }

    [Fact]
    public void A_binary_row_longer_than_the_limit_is_54000()
    {
        var data = EncodeBinary([[new string('x', 5000)]], 1);
        var error = Assert.Throws<PgStatementException>(() => Read(data, Options(CopyFormat.Binary), 1, [512], maxRow: 1000));
        Assert.Equal(SqlState.ProgramLimitExceeded, error.SqlState);
    }
}
