using Npgsql;
using TenantDb.Cluster.Tests.Children;
using TenantDb.Engine;
using TenantDb.TestKit;

namespace TenantDb.Cluster.Tests.EndToEnd;

/// <summary>
/// Node processes of one cluster on 127.0.0.1 sharing a data directory, with membership in a
/// temporary PostgreSQL. Tenants are created before the nodes start (the catalog is shared).
/// </summary>
internal sealed class ClusterFixture : IDisposable
{
    public const string User = "app";
    public const string Password = "secret";

    /// <summary>A stored procedure in every tenant returning its number of acks rows (map-reduce).</summary>
    public const string CountProcedure = "count_acks";

    /// <summary>Connections each node routes to other nodes at once (small, so a test can reach the bound).</summary>
    public const int MaxRoutedConnections = 24;

    private readonly List<ChildProcessHandle> _nodes = [];
    private readonly List<int> _ports = [];

    public ClusterFixture(TemporaryPostgres membership, IEnumerable<string> tenants)
    {
        Membership = membership;
        DataDirectory = Directory.CreateTempSubdirectory("tenantdb-cluster-").FullName;
        using var engine = TenantDbEngine.Open(DataDirectory);
        foreach (var tenant in tenants)
        {
            engine.CreateTenant(tenant);
            engine.SetPassword(tenant, User, Password);
            using var session = engine.OpenSession(tenant);
            using var create = session.Prepare("CREATE TABLE acks (k INTEGER PRIMARY KEY, via INTEGER NOT NULL)");
            create.ExecuteNonQuery();
            if (ProcSandbox.SandboxPlatform.UnsupportedReason is null)
            {
                session.CreateProcedure(CountProcedure, [], [new("n", Engine.Procedures.ProcedureType.Int8)],
                    System.Text.Encoding.UTF8.GetBytes(EmitQueryWat.Build("SELECT count(*) FROM acks")));
            }
        }
    }

    public TemporaryPostgres Membership { get; }

    public string DataDirectory { get; }

    public IReadOnlyList<int> Ports => _ports;

    public ChildProcessHandle Node(int index) => _nodes[index];

    /// <summary>Starts one more node process; returns its index.</summary>
    public int StartNode()
    {
        var port = TemporaryPostgres.FreePort();
        _nodes.Add(ChildProcessHandle.Start("node", "--data", DataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silo-port", TemporaryPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--gateway-port", TemporaryPostgres.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--membership", Membership.ConnectionString, "--cluster-id", "e2e",
            "--max-routed", MaxRoutedConnections.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        _ports.Add(port);
        return _nodes.Count - 1;
    }

    public string ConnectionString(int node, string tenant) =>
        $"Host=127.0.0.1;Port={_ports[node]};Database={tenant};Username={User};Password={Password};Pooling=false;Timeout=30;Command Timeout=15;Server Compatibility Mode=NoTypeLoading";

    /// <summary>Waits (bounded) until a query for <paramref name="tenant"/> succeeds through node <paramref name="node"/>.</summary>
    public async Task WaitUntilServingAsync(int node, string tenant, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString(node, tenant));
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM acks", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Exception ex) when ((ex is NpgsqlException or TimeoutException or IOException) && DateTime.UtcNow < deadline)
            {
                if (_nodes[node].HasExited) throw new InvalidOperationException($"node {node} exited:\n{_nodes[node].Output}", ex);
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Inserts key <paramref name="key"/> into <paramref name="tenant"/> through <paramref name="node"/>; returns once it is acknowledged.</summary>
    public async Task InsertAsync(int node, string tenant, long key)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(node, tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"INSERT INTO acks (k, via) VALUES ({key}, {node})", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<HashSet<long>> ReadKeysAsync(int node, string tenant)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(node, tenant));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT k FROM acks", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new HashSet<long>();
        while (await reader.ReadAsync()) keys.Add(reader.GetInt64(0));
        return keys;
    }

    public string Logs() => string.Join("\n", _nodes.Select((n, i) => $"--- node {i} ---\n{n.Output}"));

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Terminate(TimeSpan.FromSeconds(10));
            node.Dispose();
        }
        Directory.Delete(DataDirectory, recursive: true);
    }
}
