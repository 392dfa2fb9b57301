using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace TenantDb.Cluster.Hosting;

/// <summary>
/// An Orleans client of a running cluster for admin commands (map-reduce, drain): finds the nodes
/// through the same membership table (or, in development clustering, the gateway port on this machine).
/// </summary>
public sealed class ClusterAdminClient : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterAdminClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterAdminClient> ConnectAsync(ClusterSettings cluster, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ClusterId;
            });
            if (cluster.MembershipConnectionString is { } membership)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = membership;
                });
            }
            else
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, cluster.GatewayPort));
            }
        });
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterAdminClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        _host.Dispose();
    }
}
