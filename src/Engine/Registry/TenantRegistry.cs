using System.Globalization;
using Microsoft.Data.Sqlite;
using TenantDb.Engine.Security;

namespace TenantDb.Engine.Registry;

/// <summary>
/// The tenant registry (the file catalog.db): which tenants exist, their quotas, their SCRAM verifiers and
/// the server's secrets.
/// Only the engine touches it, through one connection guarded by a lock (registry changes are rare).
/// </summary>
internal sealed class TenantRegistry : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Lock _lock = new();

    public TenantRegistry(string connectionString, bool wal)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        if (wal)
        {
            Execute("PRAGMA journal_mode = WAL");
            Execute("PRAGMA synchronous = NORMAL");
        }

        Execute("PRAGMA foreign_keys = ON");
        Execute("""
            CREATE TABLE IF NOT EXISTS tenants (
                name TEXT PRIMARY KEY NOT NULL,
                store_id TEXT NOT NULL,
                quota_bytes INTEGER NOT NULL,
                created_at TEXT NOT NULL
            ) STRICT
            """);
        Execute("""
            CREATE TABLE IF NOT EXISTS credentials (
                tenant TEXT NOT NULL REFERENCES tenants(name) ON DELETE CASCADE,
                user_name TEXT NOT NULL,
                salt BLOB NOT NULL,
                iterations INTEGER NOT NULL,
                stored_key BLOB NOT NULL,
                server_key BLOB NOT NULL,
                PRIMARY KEY (tenant, user_name)
            ) STRICT
            """);
        Execute("""
            CREATE TABLE IF NOT EXISTS server_secrets (
                name TEXT PRIMARY KEY NOT NULL,
                value BLOB NOT NULL
            ) STRICT
            """);
    }

    /// <summary>
    /// The random secret stored under <paramref name="name"/>, created on first use. Two processes
    /// racing to create it both end up with the first one stored (INSERT OR IGNORE, then read).
    /// </summary>
    public byte[] GetOrCreateSecret(string name)
    {
        lock (_lock)
        {
            using (SqliteCommand insert = _connection.CreateCommand())
            {
                insert.CommandText = "INSERT OR IGNORE INTO server_secrets (name, value) VALUES ($n, $v)";
                insert.Parameters.AddWithValue("$n", name);
                insert.Parameters.AddWithValue("$v", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                insert.ExecuteNonQuery();
            }

            using SqliteCommand select = _connection.CreateCommand();
            select.CommandText = "SELECT value FROM server_secrets WHERE name = $n";
            select.Parameters.AddWithValue("$n", name);
            return (byte[])select.ExecuteScalar()!;
        }
    }

    /// <summary>One registry row per tenant.</summary>
    public readonly record struct TenantRow(string Name, string StoreId, long QuotaBytes);

    public List<TenantRow> LoadTenants()
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT name, store_id, quota_bytes FROM tenants ORDER BY name";
            using SqliteDataReader reader = command.ExecuteReader();
            var rows = new List<TenantRow>();
            while (reader.Read())
            {
                rows.Add(new TenantRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }

            return rows;
        }
    }

    public void InsertTenant(TenantRow row)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO tenants (name, store_id, quota_bytes, created_at) VALUES ($n, $s, $q, $t)";
            command.Parameters.AddWithValue("$n", row.Name);
            command.Parameters.AddWithValue("$s", row.StoreId);
            command.Parameters.AddWithValue("$q", row.QuotaBytes);
            command.Parameters.AddWithValue("$t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    public void UpdateQuota(string name, long bytes)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "UPDATE tenants SET quota_bytes = $q WHERE name = $n";
            command.Parameters.AddWithValue("$n", name);
            command.Parameters.AddWithValue("$q", bytes);
            command.ExecuteNonQuery();
        }
    }

    public bool DeleteTenant(string name)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM tenants WHERE name = $n";
            command.Parameters.AddWithValue("$n", name);
            return command.ExecuteNonQuery() > 0;
        }
    }

    public void UpsertVerifier(string tenant, string user, ScramVerifier verifier)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO credentials (tenant, user_name, salt, iterations, stored_key, server_key)
                VALUES ($t, $u, $salt, $i, $sk, $vk)
                ON CONFLICT (tenant, user_name) DO UPDATE SET
                    salt = excluded.salt, iterations = excluded.iterations,
                    stored_key = excluded.stored_key, server_key = excluded.server_key
                """;
            command.Parameters.AddWithValue("$t", tenant);
            command.Parameters.AddWithValue("$u", user);
            command.Parameters.AddWithValue("$salt", verifier.Salt);
            command.Parameters.AddWithValue("$i", verifier.Iterations);
            command.Parameters.AddWithValue("$sk", verifier.StoredKey);
            command.Parameters.AddWithValue("$vk", verifier.ServerKey);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// The user's verifier and, read in the same lookup, the tenant's current quota: another process
    /// (the CLI) may have changed it, and every login is the moment a running server picks that up.
    /// </summary>
    public ScramVerifier? FindVerifier(string tenant, string user, out long quotaBytes)
    {
        quotaBytes = -1;
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = """
                SELECT c.salt, c.iterations, c.stored_key, c.server_key, t.quota_bytes
                FROM credentials c JOIN tenants t ON t.name = c.tenant
                WHERE c.tenant = $t AND c.user_name = $u
                """;
            command.Parameters.AddWithValue("$t", tenant);
            command.Parameters.AddWithValue("$u", user);
            using SqliteDataReader reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            quotaBytes = reader.GetInt64(4);
            return new ScramVerifier((byte[])reader[0], reader.GetInt32(1), (byte[])reader[2], (byte[])reader[3]);
        }
    }

    /// <summary>The names of the tenant's users, sorted.</summary>
    public IReadOnlyList<string> UserNames(string tenant)
    {
        lock (_lock)
        {
            using SqliteCommand command = _connection.CreateCommand();
            command.CommandText = "SELECT user_name FROM credentials WHERE tenant = $t ORDER BY user_name";
            command.Parameters.AddWithValue("$t", tenant);
            using SqliteDataReader reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }

    /// <summary>True when a read of the tenants table succeeds (a readiness check).</summary>
    public bool CanRead()
    {
        lock (_lock)
        {
            try
            {
                using SqliteCommand command = _connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM tenants";
                command.ExecuteScalar();
                return true;
            }
            catch (SqliteException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                // The connection was closed (the engine is shutting down).
                return false;
            }
        }
    }

    // Under the lock every use takes: SQLite runs without a connection mutex, and a readiness probe or a
    // usage read may still be using the connection on another thread while the engine shuts down.
    public void Dispose()
    {
        lock (_lock)
        {
            _connection.Dispose();
        }
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
