using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// A simple Query of several statements is split by PostgreSQL's lexical rules: a ';' inside a
/// dollar-quoted procedure body, an E'' string, a nested comment or a SQLite trigger body does not end
/// the statement.
/// </summary>
public sealed class StatementSplittingWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<List<(char Type, byte[] Payload)>> QueryAsync(string tenant, string sql)
    {
        using var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(FrontendEncoder.Query(sql));
        return await raw.ReadUntilReadyAsync();
    }

    private static string Errors(List<(char Type, byte[] Payload)> frames) =>
        string.Join(" | ", frames.Where(f => f.Type == 'E').Select(f => RawPgClient.Text(f.Payload)));

    private static List<string> DataRowTexts(List<(char Type, byte[] Payload)> frames) =>
        frames.Where(f => f.Type == 'D').Select(f => RawPgClient.Text(f.Payload)).ToList();

    [Fact]
    public async Task A_dollar_quoted_procedure_body_with_semicolons_is_one_statement()
    {
        string tenant = server.NewTenant("split-dollar");
        const string sql = """
            CREATE PROCEDURE answer() RETURNS TABLE(n int8) AS $wat$
              (module ;; a comment; with semicolons; inside
                (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
                (memory (export "memory") 1)
                (data (i32.const 0) "\0b\00\00\00\01\00\01\2a\00\00\00\00\00\00\00")
                (func (export "run") (result i32)
                  (drop (call $emit (i32.const 0) (i32.const 15)))
                  (i32.const 0)))
            $wat$;
            CALL answer();
            """;
        var frames = await QueryAsync(tenant, sql);
        Assert.Equal("", Errors(frames));
        Assert.Single(DataRowTexts(frames));
        Assert.Contains(frames, f => f.Type == 'C' && RawPgClient.Text(f.Payload) == "CREATE PROCEDURE");
    }

    [Fact]
    public async Task Strings_comments_and_trigger_bodies_keep_their_semicolons()
    {
        string tenant = server.NewTenant("split-misc");
        const string sql = """
            CREATE TABLE a (x TEXT);
            CREATE TABLE log (x TEXT);
            /* a comment /* nested; */ still a comment; */
            CREATE TRIGGER copy AFTER INSERT ON a BEGIN
              INSERT INTO log VALUES (new.x || ';');
              INSERT INTO log VALUES (CASE WHEN new.x = 'z' THEN 'zz' ELSE 'other' END);
            END;
            INSERT INTO a VALUES ('x;y');
            SELECT count(*) FROM log;
            """;
        var frames = await QueryAsync(tenant, sql);
        Assert.Equal("", Errors(frames));
        Assert.Contains("2", Assert.Single(DataRowTexts(frames)), StringComparison.Ordinal);
    }
}
