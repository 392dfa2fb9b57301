using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Copy;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Copy;

/// <summary>COPY statements as psql, pgbench and the drivers write them, in both option syntaxes.</summary>
public sealed class CopyCommandParserTests
{
    private static CopyCommand Parse(string sql) => CopyCommandParser.Parse(ClientStatement.ReadFirst(sql));

    [Theory]
    [InlineData("COPY t FROM STDIN WITH (FORMAT csv, HEADER true, DELIMITER ';')", (int)CopyFormat.Csv, true, ';')]
    [InlineData("copy t from stdin with csv header delimiter as ';'", (int)CopyFormat.Csv, true, ';')]
    [InlineData("COPY t FROM STDIN CSV HEADER DELIMITER ';'", (int)CopyFormat.Csv, true, ';')]
    [InlineData("COPY t FROM STDIN (FORMAT binary)", (int)CopyFormat.Binary, false, '\t')]
    [InlineData("COPY t FROM STDIN BINARY", (int)CopyFormat.Binary, false, '\t')]
    [InlineData("copy pgbench_accounts from stdin with (freeze on)", (int)CopyFormat.Text, false, '\t')]
    [InlineData("COPY t FROM STDIN", (int)CopyFormat.Text, false, '\t')]
    [InlineData("COPY t FROM STDIN (FORMAT csv)", (int)CopyFormat.Csv, false, ',')]
    public void Both_option_syntaxes_parse_to_the_same_options(string sql, int format, bool header, char delimiter)
    {
        var command = Parse(sql);
        Assert.True(command.IsFrom);
        Assert.Equal((CopyFormat)format, command.Options.Format);
        Assert.Equal(header, command.Options.Header);
        if ((CopyFormat)format != CopyFormat.Binary) Assert.Equal((byte)delimiter, command.Options.Delimiter);
    }

    [Fact]
    public void Table_columns_and_query_are_kept_as_written()
    {
        var command = Parse("COPY public.\"My T\" (a, \"B c\") TO STDOUT (FORMAT csv, NULL 'x', QUOTE '''', ESCAPE E'\\\\', FORCE_QUOTE (a))");
        Assert.Equal("public.\"My T\"", command.Table);
        Assert.Equal("My T", command.TableName);
        Assert.Equal(["a", "\"B c\""], command.Columns);
        Assert.Equal(["a", "B c"], command.ColumnNames);
        Assert.Equal("x"u8.ToArray(), command.Options.Null);
        Assert.Equal((byte)'\'', command.Options.Quote);
        Assert.Equal((byte)'\\', command.Options.Escape);
        Assert.Equal(["a"], command.Options.ForceQuoteColumns);
        var query = Parse("COPY (SELECT a, (1 + 2) FROM t WHERE b = ')') TO STDOUT WITH CSV");
        Assert.Null(query.Table);
        Assert.Equal("SELECT a, (1 + 2) FROM t WHERE b = ')'", query.Query);
        Assert.False(query.IsFrom);
    }

    [Theory]
    [InlineData("COPY t FROM '/etc/passwd'", SqlState.InsufficientPrivilege)]
    [InlineData("COPY t TO '/tmp/x'", SqlState.InsufficientPrivilege)]
    [InlineData("COPY t FROM PROGRAM 'cat /etc/passwd'", SqlState.InsufficientPrivilege)]
    [InlineData("COPY t TO PROGRAM 'rm -rf /'", SqlState.InsufficientPrivilege)]
    [InlineData("COPY t FROM STDOUT", SqlState.SyntaxError)]
    [InlineData("COPY (SELECT 1) FROM STDIN", SqlState.SyntaxError)]
    [InlineData("COPY t FROM STDIN (FORMAT binary, DELIMITER ',')", SqlState.SyntaxError)]
    [InlineData("COPY t FROM STDIN (DELIMITER ',,')", SqlState.FeatureNotSupported)]
    [InlineData("COPY t FROM STDIN (QUOTE '\"')", SqlState.FeatureNotSupported)]
    [InlineData("COPY t FROM STDIN (FORMAT csv, DELIMITER ',', QUOTE ',')", "22023")]
    [InlineData("COPY t FROM STDIN (FORMAT yaml)", "22023")]
    [InlineData("COPY t FROM STDIN (BOGUS 1)", SqlState.SyntaxError)]
    [InlineData("COPY t FROM STDIN WHERE a > 1", SqlState.FeatureNotSupported)]
    [InlineData("COPY t FROM STDIN (ENCODING 'LATIN1')", SqlState.FeatureNotSupported)]
    public void Files_programs_and_bad_options_are_refused(string sql, string sqlState)
    {
        var error = Assert.Throws<PgStatementException>(() => Parse(sql));
        Assert.Equal(sqlState, error.SqlState);
    }
}
