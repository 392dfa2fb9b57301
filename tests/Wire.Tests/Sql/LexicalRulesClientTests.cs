using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// PostgreSQL's lexical rules end to end, through real clients and both query protocols: a
/// dollar-quoted procedure body holding ';', E'' strings with \' inside, and nested comments.
/// </summary>
public sealed class LexicalRulesClientTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    /// <summary>A procedure returning one row (42) whose WAT body has semicolons in comments.</summary>
    private const string CreateAnswer = """
        CREATE PROCEDURE answer() RETURNS TABLE(n int8) AS $wat$
          (module ;; a comment; with semicolons; inside
            (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
            (memory (export "memory") 1)
            (data (i32.const 0) "\0b\00\00\00\01\00\01\2a\00\00\00\00\00\00\00")
            (func (export "run") (result i32)
              (drop (call $emit (i32.const 0) (i32.const 15)))
              (i32.const 0)))
        $wat$
        """;

    private const string EscapeString = "SELECT E'it\\'s; \\\\ fine' AS s";
    private const string NestedComment = "SELECT /* outer /* inner; */ still; */ 7 AS n";

    [Fact]
    public void Npgsql_runs_dollar_quotes_escape_strings_and_nested_comments()
    {
        using var connection = new NpgsqlConnection(server.ConnectionString(server.NewTenant("lex-npgsql")));
        connection.Open();
        using (var create = new NpgsqlCommand(CreateAnswer, connection)) create.ExecuteNonQuery();
        using (var call = new NpgsqlCommand("CALL answer()", connection)) Assert.Equal(42L, call.ExecuteScalar());
        using (var escape = new NpgsqlCommand(EscapeString, connection)) Assert.Equal("it's; \\ fine", escape.ExecuteScalar());
        using (var comment = new NpgsqlCommand(NestedComment, connection)) Assert.Equal(7L, Convert.ToInt64(comment.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
        // A literal the simple-protocol parameterizer would replace, as an E'' string: extended protocol here.
        using var create2 = new NpgsqlCommand("CREATE TABLE q (s TEXT); INSERT INTO q VALUES (E'a\\'b;'); SELECT s FROM q WHERE s = E'a\\'b;'", connection);
        Assert.Equal("a'b;", create2.ExecuteScalar());
    }

    [Fact]
    public async Task Simple_query_of_one_text_with_all_three_splits_like_PostgreSQL()
    {
        var tenant = server.NewTenant("lex-simple");
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(FrontendEncoder.Query($"{CreateAnswer}; CALL answer(); {EscapeString}; {NestedComment}; CREATE TABLE q (s TEXT); INSERT INTO q VALUES (E'a\\'b;'); SELECT s FROM q WHERE s = E'a\\'b;'"));
        var frames = await raw.ReadUntilReadyAsync();
        Assert.DoesNotContain(frames, f => f.Type == 'E');
        var rows = frames.Where(f => f.Type == 'D').Select(f => RawPgClient.Text(f.Payload)).ToList();
        Assert.Equal(4, rows.Count);
        Assert.Contains("it's; \\ fine", rows[1], StringComparison.Ordinal);
        Assert.Contains("a'b;", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extended_query_parses_escape_strings_and_nested_comments()
    {
        var tenant = server.NewTenant("lex-extended");
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(
            FrontendEncoder.Parse(new ParseMessage("", $"{EscapeString} /* a /* b */ ; */", [])),
            FrontendEncoder.Bind(new BindMessage("", "", [], [], [])),
            FrontendEncoder.Execute("", 0),
            FrontendEncoder.Message((byte)'S', _ => { }));
        var frames = await raw.ReadUntilReadyAsync();
        Assert.DoesNotContain(frames, f => f.Type == 'E');
        Assert.Contains("it's; \\ fine", RawPgClient.Text(Assert.Single(frames, f => f.Type == 'D').Payload), StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("-c")]
    [InlineData("-f")]
    public void Psql_sends_all_three_as_a_script_or_one_command(string mode)
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("lex-psql");
        var text = $"{CreateAnswer};\nCALL answer();\n{EscapeString};\n{NestedComment};\n";
        var script = Path.Combine(Path.GetTempPath(), $"tenantdb-lex-{Guid.NewGuid():N}.sql");
        File.WriteAllText(script, text);
        try
        {
            var env = new Dictionary<string, string>
            {
                ["PGHOST"] = "127.0.0.1",
                ["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PGDATABASE"] = tenant,
                ["PGUSER"] = WireServerFixture.AppUser,
                ["PGPASSWORD"] = WireServerFixture.AppPassword,
                ["PGCONNECT_TIMEOUT"] = "10",
            };
            // -f: psql splits the script itself (its lexer is PostgreSQL's); -c: one Query, split by the server.
            string[] arguments = mode == "-f" ? ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-f", script] : ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", text];
            var (code, stdout, stderr) = ChildProcess.Run(psql, arguments, env);
            Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
            // psql -c prints only the last statement's result; -f prints each.
            Assert.EndsWith("7\n", stdout, StringComparison.Ordinal);
            if (mode == "-f") Assert.Contains("42\nit's; \\ fine\n7\n", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(script);
        }
    }
}
