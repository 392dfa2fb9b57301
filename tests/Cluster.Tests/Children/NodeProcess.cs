using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using TenantDb.Cluster.Hosting;

namespace TenantDb.Cluster.Tests.Children;

/// <summary>A cluster node in its own process, configured from the command line; stops on SIGTERM.</summary>
internal static class NodeProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name) => Optional(name) ?? throw new ArgumentException($"missing {name}");
        string? Optional(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var cluster = new ClusterSettings
        {
            ClusterId = Optional("--cluster-id") ?? "test",
            MembershipConnectionString = Optional("--membership"),
            SiloPort = int.Parse(Arg("--silo-port"), System.Globalization.CultureInfo.InvariantCulture),
            GatewayPort = int.Parse(Arg("--gateway-port"), System.Globalization.CultureInfo.InvariantCulture),
            ProbeTimeout = TimeSpan.FromSeconds(4),
            RouteTimeout = TimeSpan.FromSeconds(20),
            MaxRoutedConnections = Optional("--max-routed") is { } maxRouted ? int.Parse(maxRouted, System.Globalization.CultureInfo.InvariantCulture) : 1024,
        };
        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("TenantDb", LogLevel.Information)
            .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff "));
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        return await ClusterNode.RunLoopbackAsync(
            Arg("--data"), int.Parse(Arg("--port"), System.Globalization.CultureInfo.InvariantCulture), cluster, loggerFactory, stop.Token);
    }
}
