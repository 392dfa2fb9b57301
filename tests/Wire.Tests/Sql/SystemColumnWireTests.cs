using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Sql;

/// <summary>
/// PostgreSQL's system columns do not exist in TenantDb tables: naming one (EF Core's xmin concurrency
/// token reads and compares xmin) fails with 0A000 naming the column, while a tenant's own column of the
/// same name is an ordinary column.
/// </summary>
public sealed class SystemColumnWireTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [Fact]
    public async Task Xmin_is_refused_with_0A000_naming_it_and_a_real_column_named_xmin_works()
    {
        await using var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant("xmin")));
        await c.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'a')", c))
            await create.ExecuteNonQueryAsync();

        foreach (var sql in (string[])["SELECT xmin FROM t", "SELECT t.xmin, id FROM t", "UPDATE t SET v = 'b' WHERE id = 1 AND xmin = 5 RETURNING xmin", "SELECT ctid FROM t"])
        {
            await using var cmd = new NpgsqlCommand(sql, c);
            var error = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteScalarAsync());
            Assert.Equal("0A000", error.SqlState);
            Assert.Contains(sql.Contains("ctid", StringComparison.Ordinal) ? "\"ctid\"" : "\"xmin\"", error.MessageText, StringComparison.Ordinal);
        }

        await using (var own = new NpgsqlCommand("CREATE TABLE versioned (id int PRIMARY KEY, xmin int8); INSERT INTO versioned VALUES (1, 42)", c))
            await own.ExecuteNonQueryAsync();
        await using var select = new NpgsqlCommand("SELECT xmin FROM versioned", c);
        Assert.Equal(42L, await select.ExecuteScalarAsync());

        // An unknown ordinary column is still 42703.
        await using var misspelt = new NpgsqlCommand("SELECT nosuch FROM t", c);
        Assert.Equal("42703", (await Assert.ThrowsAsync<PostgresException>(() => misspelt.ExecuteScalarAsync())).SqlState);
    }
}
