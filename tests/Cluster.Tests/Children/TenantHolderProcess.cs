using TenantDb.Cluster.Ownership;
using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Cluster.Tests.Children;

/// <summary>
/// A node's view of one tenant, in its own process so that SQLite's file locks really separate it from
/// the test: takes the tenant's fence, then obeys stdin lines — `write VALUE` (insert a row, answering
/// `committed` or `failed KIND`), `release` (drop the fence, as a deactivation does) and `exit`.
/// </summary>
internal static class TenantHolderProcess
{
    public static int Run(string[] args)
    {
        var (dataDirectory, tenant) = (args[0], args[1]);
        using var engine = TenantDbEngine.Open(dataDirectory, new EngineOptions
        {
            ExclusiveTenantFiles = true,
            MaxIdleConnectionsPerTenant = 0,
            BusyTimeout = TimeSpan.FromMilliseconds(300),
        });
        var fence = TenantFence.Acquire(engine, tenant);
        Console.WriteLine("holding");
        while (Console.ReadLine() is { } line)
        {
            if (line.StartsWith("write ", StringComparison.Ordinal))
            {
                Console.WriteLine(TryInsert(engine, tenant, line["write ".Length..]));
            }
            else if (line == "release")
            {
                fence?.Dispose();
                fence = null;
                Console.WriteLine("released");
            }
            else if (line == "exit")
            {
                break;
            }
        }
        fence?.Dispose();
        return 0;
    }

    private static string TryInsert(TenantDbEngine engine, string tenant, string value)
    {
        try
        {
            using var session = engine.OpenSession(tenant);
            using var insert = session.Prepare($"INSERT INTO t (v) VALUES ('{value}')");
            insert.ExecuteNonQuery();
            return "committed";
        }
        catch (TenantDbException ex)
        {
            return $"failed {ex.Kind}";
        }
    }
}
