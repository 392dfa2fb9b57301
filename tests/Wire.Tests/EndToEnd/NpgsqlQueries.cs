using Npgsql;

namespace TenantDb.Wire.Tests.EndToEnd;

/// <summary>
/// Short forms for tests that talk to the fixture's server through Npgsql: open a tenant's connection,
/// read every row of a statement, its one value, or the SQLSTATE it fails with.
/// </summary>
internal static class NpgsqlQueries
{
    /// <summary>An open connection to <paramref name="tenant"/>.</summary>
    public static async Task<NpgsqlConnection> OpenTenantAsync(this WireServerFixture server, string tenant)
    {
        var c = new NpgsqlConnection(server.ConnectionString(tenant));
        await c.OpenAsync();
        return c;
    }

    /// <summary>Every row of <paramref name="sql"/> (with <paramref name="parameters"/> as $1, $2, ...), NULL as null.</summary>
    public static async Task<List<object?[]>> RowsAsync(this NpgsqlConnection c, string sql, params object[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        foreach (var p in parameters) cmd.Parameters.Add(new NpgsqlParameter { Value = p });
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The first value of <paramref name="sql"/>'s first row (DBNull for NULL, null for no row).</summary>
    public static async Task<object?> ScalarAsync(this NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>The SQLSTATE <paramref name="sql"/> fails with (the test fails when it does not).</summary>
    public static async Task<string> FailureStateAsync(this NpgsqlConnection c, string sql) =>
        (await Assert.ThrowsAsync<PostgresException>(() => c.ScalarAsync(sql))).SqlState;
}
