using Npgsql;

namespace TenantDb.Bench.Load;

/// <summary>What a load run talks to: TenantDb's server, PostgreSQL, or PostgreSQL behind pgbouncer.</summary>
internal sealed record LoadTarget(
    string Name,
    Func<string, string> ConnectionString,
    Func<(long RssKiB, int Threads)?> Sample,
    Func<int, IEnumerable<string>> Schema,
    bool Prepare,
    int[] Pids,
    Uri? Metrics = null)
{
    /// <summary>Processor time the target's processes have used so far.</summary>
    public TimeSpan? CpuTime() => ProcessTree.CpuTime(Pids);

    /// <summary>A TenantDb server started by <see cref="ServerProcess"/>: its process is sampled.</summary>
    public static LoadTarget TenantDb(ServerProcess server, Uri? metrics = null) => new(
        "TenantDb",
        tenant => LoadDriver.ConnectionString(server, tenant),
        () => MemorySampler.Read(server.Pid),
        LoadSchema.Statements,
        Prepare: true,
        [server.Pid],
        metrics);

    /// <summary>
    /// PostgreSQL (or pgbouncer in front of it) on 127.0.0.1:<paramref name="port"/>, one database per
    /// tenant. The process tree under <paramref name="samplePids"/> is sampled: RSS is summed over all
    /// its processes (which counts shared memory once per process), "threads" counts processes.
    /// pgbouncer in transaction mode cannot keep server-side prepared statements, so <paramref name="prepare"/> is off there.
    /// </summary>
    public static LoadTarget Postgres(string name, int port, int[] samplePids, bool prepare) => new(
        name,
        tenant => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = tenant,
            Username = TenantProvisioning.User,
            Password = TenantProvisioning.Password,
            Pooling = true,
            MaxPoolSize = 1000,
            Timeout = 60,
            CommandTimeout = 60,
            // pgbouncer does not forward it; harmless for PostgreSQL.
            NoResetOnClose = true,
        }.ToString(),
        () => ProcessTree.Sample(samplePids),
        PostgresSchema.Statements,
        prepare,
        samplePids);
}
