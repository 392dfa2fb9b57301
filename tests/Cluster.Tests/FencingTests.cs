using TenantDb.Cluster.Ownership;
using TenantDb.Cluster.Tests.Children;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Cluster.Tests;

/// <summary>
/// Two processes that both believe they own one tenant (as two nodes can, briefly, during a membership
/// change): only the one holding the file's fence can commit; the stale one's writes fail and never
/// reach the file.
/// </summary>
public sealed class FencingTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tenantdb-fence-").FullName;

    public FencingTests()
    {
        using var engine = TenantDbEngine.Open(_dataDirectory);
        engine.CreateTenant("shop");
        using var session = engine.OpenSession("shop");
        using var create = session.Prepare("CREATE TABLE t (v TEXT)");
        create.ExecuteNonQuery();
    }

    [Fact]
    public async Task Only_the_fence_holder_commits_and_a_stale_owner_cannot()
    {
        using var other = ChildProcessHandle.Start("hold-tenant", _dataDirectory, "shop");
        Assert.Equal("holding", await other.NextLineAsync(Wait));
        other.Send("write from-first-owner");
        Assert.Equal("committed", await other.NextLineAsync(Wait));

        using var engine = TenantDbEngine.Open(_dataDirectory, new EngineOptions
        {
            ExclusiveTenantFiles = true,
            MaxIdleConnectionsPerTenant = 0,
            BusyTimeout = TimeSpan.FromMilliseconds(300),
        });
        // A second node that believes it owns the tenant can neither take the fence nor write.
        var refused = Assert.Throws<TenantDbException>(() => TenantFence.Acquire(engine, "shop"));
        Assert.Equal(TenantDbErrorKind.Busy, refused.Kind);
        Assert.Equal(TenantDbErrorKind.Busy, Assert.Throws<TenantDbException>(() => Insert(engine, "from-second-node-too-early")).Kind);

        // The first owner lets go (its grain deactivated); the second takes over and commits.
        other.Send("release");
        Assert.Equal("released", await other.NextLineAsync(Wait));
        using (TenantFence.Acquire(engine, "shop"))
        {
            Insert(engine, "from-new-owner");

            // The first owner, now stale, still tries to write: it cannot commit.
            other.Send("write from-stale-owner");
            Assert.Equal("failed Busy", await other.NextLineAsync(Wait));
            Assert.Equal(["from-first-owner", "from-new-owner"], ReadAll(engine));
        }
        other.Send("exit");
    }

    [Fact]
    public void Connections_inside_the_owning_process_share_the_file()
    {
        using var engine = TenantDbEngine.Open(_dataDirectory, new EngineOptions { ExclusiveTenantFiles = true, MaxIdleConnectionsPerTenant = 0 });
        using var fence = TenantFence.Acquire(engine, "shop");
        using var reader = engine.OpenSession("shop");
        Execute(reader, "BEGIN");
        Assert.Empty(ReadAll(reader));
        Insert(engine, "written-while-a-reader-is-open");
        // WAL readers keep their snapshot while another connection of the same process commits.
        Assert.Empty(ReadAll(reader));
        Execute(reader, "COMMIT");
        Assert.Equal(["written-while-a-reader-is-open"], ReadAll(reader));
    }

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private static void Insert(TenantDbEngine engine, string value)
    {
        using var session = engine.OpenSession("shop");
        using var insert = session.Prepare($"INSERT INTO t (v) VALUES ('{value}')");
        insert.ExecuteNonQuery();
    }

    private static void Execute(TenantSession session, string sql)
    {
        using var statement = session.Prepare(sql);
        statement.ExecuteNonQuery();
    }

    private static List<string> ReadAll(TenantDbEngine engine)
    {
        using var session = engine.OpenSession("shop");
        return ReadAll(session);
    }

    private static List<string> ReadAll(TenantSession session)
    {
        using var select = session.Prepare("SELECT v FROM t ORDER BY rowid");
        using var reader = select.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }
}
