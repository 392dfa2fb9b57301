using TenantDb.Cluster.Tests.Children;

namespace TenantDb.Cluster.Tests;

/// <summary>
/// The test assembly doubles as the child processes its tests start: `node ...` runs a cluster node,
/// `hold-tenant ...` a tenant owner driven over stdin. The test runner never calls Main.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "node" => await NodeProcess.RunAsync(args[1..]),
        "hold-tenant" => TenantHolderProcess.Run(args[1..]),
        _ => Usage(),
    };

    private static int Usage()
    {
        Console.Error.WriteLine("usage: node --data DIR --port N --silo-port N --gateway-port N [--membership CS] | hold-tenant DATA_DIR TENANT");
        return 2;
    }
}
