using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.Usage;

/// <summary>
/// Persistent usage totals per tenant, in the catalog database: the tenant cannot open the catalog, so
/// it cannot change what it is billed for. Each write adds amounts to the stored totals in one statement,
/// so processes sharing a data directory (a server and admin commands) never overwrite each other's.
/// The row goes with the tenant (a foreign key with ON DELETE CASCADE).
/// </summary>
internal sealed class UsageLedger : IDisposable
{
    private static readonly string[] s_columns = Enumerable.Range(0, UsageCounters.Count).Select(i => TenantUsage.ColumnName((UsageFigure)i)).ToArray();
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public UsageLedger(string catalogConnectionString)
    {
        _connection = new SqliteConnection(catalogConnectionString);
        _connection.Open();
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 5000; CREATE TABLE IF NOT EXISTS tenant_usage (" +
            "tenant TEXT PRIMARY KEY NOT NULL REFERENCES tenants(name) ON DELETE CASCADE, " +
            string.Join(", ", s_columns.Select(c => c + " INTEGER NOT NULL DEFAULT 0")) + ") STRICT";
        command.ExecuteNonQuery();
    }

    /// <summary>The stored totals of <paramref name="tenant"/> (zeros when nothing was stored yet).</summary>
    public long[] Load(string tenant)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"SELECT {string.Join(", ", s_columns)} FROM tenant_usage WHERE tenant = $t";
            command.Parameters.AddWithValue("$t", tenant);
            return ReadTotals(command);
        }
    }

    /// <summary>Adds <paramref name="amounts"/> to the stored totals and returns the new totals.</summary>
    public long[] Add(string tenant, ReadOnlySpan<long> amounts)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = $"INSERT INTO tenant_usage (tenant, {string.Join(", ", s_columns)}) " +
                $"SELECT $t, {string.Join(", ", s_columns.Select((_, i) => "$a" + i))} WHERE EXISTS (SELECT 1 FROM tenants WHERE name = $t) " +
                $"ON CONFLICT (tenant) DO UPDATE SET {string.Join(", ", s_columns.Select(c => $"{c} = {c} + excluded.{c}"))} " +
                $"RETURNING {string.Join(", ", s_columns)}";
            command.Parameters.AddWithValue("$t", tenant);
            for (int i = 0; i < amounts.Length; i++)
            {
                command.Parameters.AddWithValue("$a" + i, amounts[i]);
            }

            return ReadTotals(command);
        }
    }

    // Under the lock every use takes: SQLite runs without a connection mutex.
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private static long[] ReadTotals(SqliteCommand command)
    {
        var totals = new long[UsageCounters.Count];
        using SqliteDataReader reader = command.ExecuteReader();
        if (reader.Read())
        {
            for (int i = 0; i < totals.Length; i++)
            {
                totals[i] = reader.GetInt64(i);
            }
        }

        return totals;
    }
}
