using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests;

/// <summary>Per-tenant size quotas: set through the API, enforced on open sessions, kept in the catalog.</summary>
public sealed class TenantQuotaTests : IDisposable
{
    private readonly TempDirectory _dir = TempDirectory.ForDatabases();

    public void Dispose() => _dir.Dispose();

    /// <summary>Inserts 16 KB blobs until the quota stops it; returns how many went in.</summary>
    private static int FillUntilFull(TenantSession session, int max = 4000)
    {
        for (int i = 0; i < max; i++)
        {
            try
            {
                using TenantStatement insert = session.Prepare("INSERT INTO junk VALUES (randomblob(16000))");
                insert.ExecuteNonQuery();
            }
            catch (TenantDbException ex) when (ex.Kind == TenantDbErrorKind.QuotaExceeded)
            {
                return i;
            }
        }

        return max;
    }

    [Fact]
    public void Lowering_the_quota_binds_a_session_that_is_already_open_and_raising_it_frees_it()
    {
        using var engine = TenantDbEngine.Open(_dir.Path);
        engine.CreateTenant("greedy");
        engine.CreateTenant("neighbour");
        using TenantSession session = engine.OpenSession("greedy");
        session.Connection.Execute("CREATE TABLE junk (b BLOB)");

        engine.SetQuota("greedy", 1 << 20);
        Assert.Equal(1 << 20, engine.GetQuota("greedy"));
        int rows = FillUntilFull(session);
        Assert.InRange(rows, 30, 64); // about 1 MiB of 16 KB rows

        engine.SetQuota("greedy", 4 << 20);
        int more = FillUntilFull(session);
        Assert.InRange(rows + more, 4 * 30, 4 * 64);

        // Other tenants keep the default quota.
        using TenantSession neighbour = engine.OpenSession("neighbour");
        neighbour.Connection.Execute("CREATE TABLE junk (b BLOB)");
        Assert.Equal(200, FillUntilFull(neighbour, max: 200));
        Assert.Equal(engine.Options.DefaultQuotaBytes, engine.GetQuota("neighbour"));
    }

    [Fact]
    public void The_quota_survives_a_restart_and_reaches_a_running_engine_at_the_next_login()
    {
        using (var setup = TenantDbEngine.Open(_dir.Path))
        {
            setup.CreateTenant("shop");
            setup.SetPassword("shop", "owner", "pw");
        }

        using var server = TenantDbEngine.Open(_dir.Path);
        using TenantSession session = server.OpenSession("shop");
        session.Connection.Execute("CREATE TABLE junk (b BLOB)");

        // Another process (the CLI) lowers the quota in the shared catalog.
        using (var cli = TenantDbEngine.Open(_dir.Path))
        {
            cli.SetQuota("shop", 512 * 1024);
        }

        Assert.Equal(server.Options.DefaultQuotaBytes, server.GetQuota("shop"));
        Assert.NotNull(server.FindScramVerifier("shop", "owner"));
        Assert.Equal(512 * 1024, server.GetQuota("shop"));
        Assert.InRange(FillUntilFull(session), 10, 32);

        using var reopened = TenantDbEngine.Open(_dir.Path);
        Assert.Equal(512 * 1024, reopened.GetQuota("shop"));
    }

    [Fact]
    public void Bad_quotas_and_unknown_tenants_are_refused()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetQuota("t", 1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.SetQuota("t", -1));
        Assert.Equal(TenantDbErrorKind.UnknownTenant, Assert.Throws<TenantDbException>(() => engine.SetQuota("nobody", 1 << 20)).Kind);
        Assert.Equal(TenantDbErrorKind.UnknownTenant, Assert.Throws<TenantDbException>(() => engine.GetQuota("nobody")).Kind);
    }

    [Fact]
    public void Tenant_sql_cannot_raise_its_own_quota()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("t");
        engine.SetQuota("t", 256 * 1024);
        using TenantSession session = engine.OpenSession("t");
        var error = Assert.Throws<TenantDbException>(() => session.Connection.Execute("PRAGMA max_page_count = 100000"));
        Assert.Equal(TenantDbErrorKind.Denied, error.Kind);
        session.Connection.Execute("CREATE TABLE junk (b BLOB)");
        Assert.InRange(FillUntilFull(session), 4, 16);
    }
}
