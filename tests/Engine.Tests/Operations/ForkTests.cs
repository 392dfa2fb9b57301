using System.Diagnostics;
using FsCheck;
using FsCheck.Xunit;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Operations;
using TenantDb.Engine.Values;
using TenantDb.TestKit;
using Xunit.Abstractions;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Operations;

/// <summary>Forks copy a consistent snapshot into an independent tenant, on disk and in memory.</summary>
public sealed class ForkTests(ITestOutputHelper output)
{
    [Fact]
    public void Fork_of_a_100_MB_tenant_copies_everything_and_is_independent()
    {
        using var directory = TempDirectory.ForDatabases();
        using var engine = TenantDbEngine.Open(directory.Path);
        engine.CreateTenant("big");
        Exec(engine, "big", "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
        for (int i = 0; i < 10; i++)
        {
            Exec(engine, "big", "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 10) INSERT INTO blobs (data) SELECT randomblob(1000000) FROM s");
        }

        using (TenantSession owner = engine.OpenSession("big"))
        {
            engine.SetPassword("big", "owner", "secret");
            var clock = Stopwatch.StartNew();
            TenantOperationResult fork = engine.ForkTenant("big", "branch");
            clock.Stop();
            Assert.True(fork.Bytes >= 100_000_000, $"the fork copied {fork.Bytes} bytes");
            output.WriteLine($"fork of {fork.Bytes / 1e6:0.0} MB took {clock.Elapsed.TotalMilliseconds:0} ms");
        }

        string digest = "SELECT sum(length(data)) + sum(unicode(substr(data, 500000, 1))) FROM blobs";
        Assert.Equal(Scalar(engine, "big", digest), Scalar(engine, "branch", digest));
        Exec(engine, "branch", "DELETE FROM blobs WHERE id > 50");
        Assert.Equal(100, Scalar(engine, "big", "SELECT count(*) FROM blobs"));
        Assert.Equal(50, Scalar(engine, "branch", "SELECT count(*) FROM blobs"));
        Assert.Null(engine.FindScramVerifier("branch", "owner"));
        Assert.Equal(engine.GetQuota("big"), engine.GetQuota("branch"));

        var exists = Assert.Throws<TenantDbException>(() => engine.ForkTenant("big", "branch"));
        Assert.Equal(TenantDbErrorKind.TenantExists, exists.Kind);
        var unknown = Assert.Throws<TenantDbException>(() => engine.ForkTenant("nobody", "other"));
        Assert.Equal(TenantDbErrorKind.UnknownTenant, unknown.Kind);
        Assert.False(engine.TenantExists("other"));
    }

    private static readonly Lazy<TenantDbEngine> s_memory = new(() =>
    {
        var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("seed");
        Exec(engine, "seed", "CREATE TABLE t (v INTEGER)");
        Exec(engine, "seed", "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 100) INSERT INTO t SELECT value FROM s");
        return engine;
    });

    [Property(MaxTest = 50)]
    public void A_forked_in_memory_tenant_changes_alone(int[] values)
    {
        TenantDbEngine engine = s_memory.Value;
        string name = "case-" + Guid.NewGuid().ToString("N")[..12];
        engine.ForkTenant("seed", name);
        try
        {
            using TenantSession fork = engine.OpenSession(name);
            foreach (int v in values)
            {
                using TenantStatement insert = fork.Prepare("INSERT INTO t VALUES (?)");
                insert.Bind(0, SqlValue.Integer(v));
                insert.ExecuteNonQuery();
            }

            Assert.Equal(100 + values.Length, Scalar(fork, "SELECT count(*) FROM t"));
            Assert.Equal(5050 + values.Sum(v => (long)v), Scalar(fork, "SELECT sum(v) FROM t"));
            Assert.Equal(5050, Scalar(engine, "seed", "SELECT sum(v) FROM t"));
        }
        finally
        {
            engine.DropTenant(name);
        }
    }
}
