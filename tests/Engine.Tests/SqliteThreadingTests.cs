using TenantDb.Engine.Errors;
using TenantDb.Engine.Hardening;

namespace TenantDb.Engine.Tests;

/// <summary>
/// SQLite runs in multi-thread mode: no connection has a mutex, so no connection may ever be used by
/// two threads at once. The tests run in that mode, and race what other threads do with a tenant's
/// or the engine's connections (metrics and usage reads, readiness probes) against what closes them
/// (dropping the tenant, disposing the engine). An exception other than "gone" is the failure signal.
/// </summary>
public sealed class SqliteThreadingTests
{
    [Fact]
    public void The_tests_run_in_the_mode_the_engine_ships_with()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        Assert.Equal(SqliteThreadingMode.MultiThread, SqliteThreading.Mode);
        Assert.Contains("multi-thread", SqliteThreading.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_reads_racing_with_tenant_drops_never_touch_a_closed_keep_alive_connection()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        for (int i = 0; i < 40; i++)
        {
            string tenant = "t" + i;
            engine.CreateTenant(tenant);
            using var dropped = new ManualResetEventSlim();
            var reader = Task.Run(() =>
            {
                // Metrics (all tenants' storage) and a usage read of the tenant itself, until just after the drop.
                for (int round = 0; !dropped.IsSet || round < 5; round++)
                {
                    engine.TotalStorageBytes();
                    try
                    {
                        engine.GetUsage(tenant);
                    }
                    catch (TenantDbException e) when (e.Kind == TenantDbErrorKind.UnknownTenant)
                    {
                        // Gone: what a read after the drop should see.
                    }
                }
            });
            Thread.Yield();
            engine.DropTenant(tenant);
            dropped.Set();
            await reader;
        }
    }

    [Fact]
    public async Task Readiness_and_usage_reads_racing_with_engine_dispose_never_touch_a_closed_catalog_connection()
    {
        for (int i = 0; i < 20; i++)
        {
            var engine = TenantDbEngine.OpenInMemory(new EngineOptions { UsageFlushInterval = TimeSpan.FromMilliseconds(1) });
            engine.CreateTenant("a");
            using var disposed = new ManualResetEventSlim();
            var reader = Task.Run(() =>
            {
                for (int round = 0; !disposed.IsSet || round < 5; round++)
                {
                    engine.CatalogReadable();
                    try
                    {
                        engine.GetUsage("a");
                    }
                    catch (ObjectDisposedException)
                    {
                        // The engine is gone: what a read after Dispose should see.
                    }
                }
            });
            Thread.Yield();
            engine.Dispose();
            disposed.Set();
            await reader;
            Assert.False(engine.CatalogReadable());
        }
    }
}
