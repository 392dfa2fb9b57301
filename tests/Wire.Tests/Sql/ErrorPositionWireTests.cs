using System.Text;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Tests.EndToEnd;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// An ErrorResponse's Position points into the text the client sent, counted as PostgreSQL counts
/// (1-based, in characters of the whole query string), although SQLite ran a rewritten text: casts
/// become CAST(… AS …), literals become ?n parameters, E'' and dollar-quoted strings become plain
/// strings, and nested comments disappear. The expected numbers are what PostgreSQL 15 reports for
/// the same statements over a table t(id int, v int).
/// </summary>
public sealed class ErrorPositionWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private async Task<RawPgClient> ConnectAsync()
    {
        var tenant = server.NewTenant("positions");
        var raw = await RawPgClient.ConnectAsync(server.Port, tenant, WireServerFixture.AppUser, WireServerFixture.AppPassword);
        await raw.SendAsync(FrontendEncoder.Query("CREATE TABLE t (id INTEGER, v INTEGER)"));
        Assert.DoesNotContain(await raw.ReadUntilReadyAsync(), f => f.Type == 'E');
        return raw;
    }

    internal static Dictionary<char, string> ErrorFields(List<(char Type, byte[] Payload)> frames)
    {
        var payload = Assert.Single(frames, f => f.Type == 'E').Payload;
        var fields = new Dictionary<char, string>();
        var i = 0;
        while (i < payload.Length && payload[i] != 0)
        {
            var end = Array.IndexOf(payload, (byte)0, i + 1);
            fields[(char)payload[i]] = Encoding.UTF8.GetString(payload, i + 1, end - i - 1);
            i = end + 1;
        }
        return fields;
    }

    [Theory]
    // Casts rewritten and literals parameterized before the error: PostgreSQL reports 50.
    [InlineData("SELECT 'a'::text, v::int FROM t WHERE id = 5 AND nosuch = 'it''s'", "42703", 50)]
    // Counted in the whole query string, after an E'' string SQLite never saw as written: 57.
    [InlineData("SELECT 1; SELECT E'\\'', 2::int8 FROM t WHERE id = 7 AND nosuch = 1", "42703", 57)]
    // Characters, not UTF-16 units or bytes: the emoji is one character. PostgreSQL reports 20.
    [InlineData("SELECT '😀é'::text, nosuch FROM t", "42703", 20)]
    // A dollar-quoted string and a nested comment removed before SQLite: PostgreSQL reports 33.
    [InlineData("SELECT $$a;b$$, /* x /* y */ */ nosuch FROM t", "42703", 33)]
    // A syntax error after parameterized literals and a cast: PostgreSQL reports 39, the second AND.
    [InlineData("SELECT v::int FROM t WHERE id = 5 AND AND v = 'x'", "42601", 39)]
    public async Task Simple_query_errors_point_into_the_client_text(string sql, string state, int position)
    {
        using var raw = await ConnectAsync();
        await raw.SendAsync(FrontendEncoder.Query(sql));
        var error = ErrorFields(await raw.ReadUntilReadyAsync());
        Assert.Equal(state, error['C']);
        Assert.Equal(position.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetValueOrDefault('P'));
    }

    [Theory]
    [InlineData("SELECT 'a'::text, v::int FROM t WHERE id = $1 AND nosuch = 'it''s'", "42703", 51)]
    [InlineData("SELECT E'\\'', $$;$$, '😀'::text, nosuch FROM t", "42703", 33)]
    public async Task Parse_errors_point_into_the_client_text(string sql, string state, int position)
    {
        using var raw = await ConnectAsync();
        await raw.SendAsync(FrontendEncoder.Parse(new ParseMessage("", sql, [])), FrontendEncoder.Message((byte)'S', _ => { }));
        var error = ErrorFields(await raw.ReadUntilReadyAsync());
        Assert.Equal(state, error['C']);
        Assert.Equal(position.ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetValueOrDefault('P'));
    }
}
