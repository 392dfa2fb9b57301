using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Ddl;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// The INSERT and UPDATE rewrites for generated values and DEFAULT, on their own: what SQLite gets for
/// each form, against a table t (code, n, note) whose n a sequence generates and an identity table.
/// </summary>
public sealed class GeneratedValueRewriterTests
{
    private sealed class Tables : ITableDefaults
    {
        public int ColumnReads;

        public TableGeneratedColumns GeneratedColumnsOf(string table) => table switch
        {
            "t" => new TableGeneratedColumns([], [new SerialSequence("n", "t_n_seq", "integer")]),
            "i" => new TableGeneratedColumns([new GeneratedIdentity("id", 'a')], [new SerialSequence("id", "i_id_seq", "bigint")]),
            _ => TableGeneratedColumns.None,
        };

        public IReadOnlyList<ColumnDefault>? ColumnDefaultsOf(string table)
        {
            ColumnReads++;
            return table switch
            {
                "t" => [new("code", "NULL"), new("n", "nextval('\"t_n_seq\"')"), new("note", "('x')")],
                "i" => [new("id", "nextval('\"i_id_seq\"')"), new("v", "NULL")],
                "p" => [new("a", "(42)"), new("b", "NULL")],
                _ when table.StartsWith("w", StringComparison.Ordinal) => WideTable(table),
                _ => null,
            };
        }

        public int InsertableColumnCountOf(string table) => table switch
        {
            "t" => 3,
            "i" or "p" => 2,
            _ when table.StartsWith("w", StringComparison.Ordinal) => WideTable(table).Count,
            _ => 0,
        };

        // w1 ... w8: a table of that many plain columns c1 ... cN, each with a default.
        private static List<ColumnDefault> WideTable(string table) =>
            Enumerable.Range(1, int.Parse(table[1..], System.Globalization.CultureInfo.InvariantCulture)).Select(k => new ColumnDefault("c" + k, "(" + k + ")")).ToList();
    }

    private static (string Sql, (string State, string Message)? Refusal) Rewrite(string sql, Tables? tables = null)
    {
        var statement = ClientStatement.ReadFirst(sql);
        var edits = new SqlEdits(statement);
        var refusal = GeneratedValueRewriter.AddEdits(statement, edits, tables ?? new Tables());
        return (edits.Build(), refusal);
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES ('a')", "INSERT INTO t (\"code\", \"n\") VALUES ('a', nextval('\"t_n_seq\"'))")]
    [InlineData("INSERT INTO t VALUES ('a', DEFAULT, DEFAULT)", "INSERT INTO t (\"code\", \"n\", \"note\") VALUES ('a', nextval('\"t_n_seq\"'), ('x'))")]
    [InlineData("INSERT INTO t (code) VALUES ('a'), ('b') RETURNING n", "INSERT INTO t (code, \"n\") VALUES ('a', nextval('\"t_n_seq\"')), ('b', nextval('\"t_n_seq\"')) RETURNING n")]
    [InlineData("INSERT INTO t (note, code) VALUES (DEFAULT, 'a')", "INSERT INTO t (note, code, \"n\") VALUES (('x'), 'a', nextval('\"t_n_seq\"'))")]
    [InlineData("INSERT INTO p VALUES (DEFAULT, 1)", "INSERT INTO p (\"a\", \"b\") VALUES ((42), 1)")]
    [InlineData("INSERT INTO p (b) VALUES (DEFAULT)", "INSERT INTO p (b) VALUES (NULL)")]
    [InlineData("INSERT INTO t VALUES ('a', 1, 'x', 'y')", "INSERT INTO t VALUES ('a', 1, 'x', 'y')")]
    [InlineData("INSERT INTO p VALUES (1)", "INSERT INTO p (\"a\") VALUES (1)")]
    [InlineData("INSERT INTO p VALUES (1), (2) RETURNING b", "INSERT INTO p (\"a\") VALUES (1), (2) RETURNING b")]
    [InlineData("INSERT INTO p VALUES (1, 2)", "INSERT INTO p VALUES (1, 2)")]
    [InlineData("INSERT INTO p VALUES (1), (2, 3)", "INSERT INTO p VALUES (1), (2, 3)")]
    [InlineData("INSERT INTO t DEFAULT VALUES", "INSERT INTO t (\"n\") VALUES (nextval('\"t_n_seq\"'))")]
    [InlineData("UPDATE t SET note = DEFAULT, code = 'z' WHERE n = 1", "UPDATE t SET note = ('x'), code = 'z' WHERE n = 1")]
    [InlineData("INSERT INTO i (v) OVERRIDING SYSTEM VALUE VALUES ('a')", "INSERT INTO i (v, \"id\")  VALUES ('a', nextval('\"i_id_seq\"'))")]
    [InlineData("INSERT INTO i (id, v) OVERRIDING USER VALUE VALUES (5, 'a')", "INSERT INTO i (id, v)  VALUES (CASE WHEN 0 THEN (5) ELSE nextval('\"i_id_seq\"') END, 'a')")]
    [InlineData("INSERT INTO i VALUES (DEFAULT, 'a')", "INSERT INTO i (\"id\", \"v\") VALUES (nextval('\"i_id_seq\"'), 'a')")]
    public void Rewrites(string sql, string expected)
    {
        var (rewritten, refusal) = Rewrite(sql);
        Assert.Null(refusal);
        Assert.Equal(expected, rewritten);
    }

    [Theory]
    [InlineData("INSERT INTO i VALUES (5, 'a')")]
    [InlineData("INSERT INTO i (id, v) VALUES (DEFAULT, 'a'), (5, 'b')")]
    [InlineData("UPDATE i SET id = 5")]
    public void Explicit_values_in_a_generated_always_identity_are_refused(string sql) =>
        Assert.Equal("428C9", Rewrite(sql).Refusal?.State);

    [Fact]
    public void Column_defaults_are_read_only_when_a_statement_needs_them()
    {
        var tables = new Tables();
        Rewrite("INSERT INTO p (a, b) VALUES (1, 2)", tables);
        Rewrite("INSERT INTO p VALUES (1, 2)", tables);
        Rewrite("INSERT INTO t (code) VALUES ('a')", tables);
        Rewrite("UPDATE t SET code = 'b'", tables);
        Assert.Equal(0, tables.ColumnReads);
        Rewrite("INSERT INTO t VALUES ('a')", tables);
        Assert.Equal(1, tables.ColumnReads);
        Rewrite("INSERT INTO p VALUES (1)", tables); // a short row of a table without generated columns
        Assert.Equal(2, tables.ColumnReads);
    }

    /// <summary>
    /// A VALUES row shorter than a table without generated columns names the table's first columns, as
    /// many as the row has (PostgreSQL then fills the others with their defaults, and so does SQLite
    /// given the list); a row as long as the table is left alone.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Short_rows_name_the_first_columns() =>
        Prop.ForAll(
            (from width in Gen.Choose(1, 8)
             from given in Gen.Choose(1, width)
             from count in Gen.Choose(1, 3)
             select (width, given, count)).ToArbitrary(),
            c =>
            {
                string row = "(" + string.Join(", ", Enumerable.Range(0, c.given).Select(k => "'v" + k + "'")) + ")";
                string sql = $"INSERT INTO w{c.width} VALUES " + string.Join(", ", Enumerable.Repeat(row, c.count));
                var (rewritten, refusal) = Rewrite(sql);
                string expected = c.given == c.width
                    ? sql
                    : $"INSERT INTO w{c.width} (" + string.Join(", ", Enumerable.Range(1, c.given).Select(k => "\"c" + k + "\"")) + ") VALUES " + string.Join(", ", Enumerable.Repeat(row, c.count));
                return refusal is null && rewritten == expected;
            });

    /// <summary>
    /// Any mix of values and DEFAULT in rows of any length up to the table's: every DEFAULT is replaced, and
    /// each row of the result has as many items as its column list, which names every column at most once.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Default_and_short_rows_give_rows_as_long_as_the_column_list() =>
        Prop.ForAll(
            (from width in Gen.Choose(1, 3)
             from count in Gen.Choose(1, 4)
             from rows in Gen.ArrayOf(Gen.ArrayOf(Gen.Elements("DEFAULT", "'v'", "$1", "(1 + 2)"), width), count)
             select rows).ToArbitrary(),
            rows =>
            {
                string sql = "INSERT INTO t VALUES " + string.Join(", ", rows.Select(r => "(" + string.Join(", ", r) + ")")) + " RETURNING n";
                var (rewritten, refusal) = Rewrite(sql);
                var result = ClientStatement.ReadFirst(rewritten);
                var tokens = Enumerable.Range(0, result.Tokens.Length).ToList();
                int values = tokens.First(k => result.IsWord(k, "VALUES"));
                var listed = tokens.Where(k => k < values && result.Tokens[k].Kind == Engine.SqlText.SqlTokenKind.QuotedIdentifier).Select(k => result.TextOf(k).ToString()).ToList();
                var widths = new List<int>();
                int depth = 0;
                foreach (int k in tokens.Where(k => k > values))
                {
                    if (result.IsPunctuation(k, '(') && depth++ == 0) widths.Add(1);
                    else if (result.IsPunctuation(k, ')')) depth--;
                    else if (depth == 1 && result.IsPunctuation(k, ',')) widths[^1]++;
                }
                return refusal is null && !rewritten.Contains("DEFAULT", StringComparison.Ordinal)
                    && listed.Count == listed.Distinct().Count() && widths.TrueForAll(w => w == listed.Count);
            });
}
