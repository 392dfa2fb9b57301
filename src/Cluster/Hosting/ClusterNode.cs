using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using TenantDb.Cluster.Membership;
using TenantDb.Cluster.Ownership;
using TenantDb.Cluster.Placement;
using TenantDb.Cluster.Routing;
using TenantDb.Engine;
using TenantDb.Engine.Hardening;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Cluster.Hosting;

/// <summary>
/// One cluster node: an Orleans silo (membership, failure detection, the tenant grain directory), the
/// engine over the shared data directory with exclusive tenant files, the PostgreSQL server (which
/// never listens itself) and the gateway on the public port that routes each connection.
/// </summary>
internal sealed class ClusterNode : IAsyncDisposable
{
    private readonly ServerSettings _settings;
    private readonly ClusterSettings _cluster;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private TenantDbEngine? _engine;
    private PgServer? _server;
    private IHost? _host;
    private ClusterGateway? _gateway;
    private Task? _rebalance;
    private readonly CancellationTokenSource _stopping = new();

    public ClusterNode(ServerSettings settings, ClusterSettings cluster, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _cluster = cluster;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("TenantDb.Cluster");
    }

    /// <summary>Tenants owned by this node (valid once started).</summary>
    public TenantOwnership Ownership { get; private set; } = null!;

    /// <summary>The gateway (valid once started).</summary>
    public ClusterGateway Gateway => _gateway ?? throw new InvalidOperationException("not started");

    /// <summary>Grain access for admin operations run on this node (valid once started).</summary>
    public IGrainFactory Grains => _host?.Services.GetRequiredService<IGrainFactory>() ?? throw new InvalidOperationException("not started");

    /// <summary>Joins the cluster and starts accepting connections on the public port.</summary>
    /// <summary>The engine options of a node: its tenant files fenced, no idle connections kept past their sessions.</summary>
    public static EngineOptions EngineOptionsFor(ServerSettings settings, Action<string, string, string>? procedureLog = null) => new()
    {
        ProcedureLog = procedureLog,
        StatementTimeout = settings.StatementTimeout,
        SqliteHeapLimitBytes = settings.SqliteHeapLimit,
        Synchronous = settings.Synchronous,
        // The fence: a tenant file is locked by the one process that has it open.
        ExclusiveTenantFiles = true,
        // No idle connections outlive their sessions, so releasing a tenant really closes its file.
        MaxIdleConnectionsPerTenant = 0,
    };

    public async Task<IPEndPoint> StartAsync(CancellationToken cancellationToken)
    {
        if (_settings.TlsEnabled)
            throw new ArgumentException("cluster mode does not terminate TLS yet: run it without tls_certificate, behind a TLS proxy or on a private network");
        if (_settings.Port == 0)
            throw new ArgumentException("cluster mode needs a fixed port: other nodes route connections to it");
        Directory.CreateDirectory(_settings.DataDirectory);
        var procedureLog = _loggerFactory.CreateLogger("TenantDb.Procedures");
        _engine = TenantDbEngine.Open(_settings.DataDirectory, EngineOptionsFor(_settings,
            (tenant, procedure, line) => procedureLog.LogInformation("{Tenant}.{Procedure}: {Line}", tenant, procedure, line)));
        _server = new PgServer(_settings, _engine, _loggerFactory);
        Ownership = new TenantOwnership(_server.EngineFor, _loggerFactory.CreateLogger("TenantDb.Cluster.Ownership"));
        var self = new NodeIdentity($"{_cluster.AdvertisedAddress}:{_settings.Port}");

        if (_cluster.MembershipConnectionString is { } membership)
            await PostgresMembershipSchema.EnsureAsync(membership, cancellationToken).ConfigureAwait(false);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton(Ownership);
        builder.Services.AddSingleton(self);
        builder.Services.AddSingleton<DrainingNodes>();
        builder.Services.AddSingleton(new MapReduce.NodeMapSlots(Math.Max(1, Environment.ProcessorCount)));
        builder.UseOrleans(silo => ConfigureSilo(silo, _cluster));
        _host = builder.Build();
        await _host.StartAsync(cancellationToken).ConfigureAwait(false);

        // Engine calls are synchronous and may wait on SQLite's busy handler; let the pool grow without its slow ramp.
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Min(_settings.MaxConnections, 1024) + Environment.ProcessorCount;
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, io);
        _gateway = new ClusterGateway(_settings, _cluster, _server, Ownership, Grains, self, _loggerFactory.CreateLogger("TenantDb.Cluster.Gateway"));
        var endPoint = _gateway.Start();
        _rebalance = PullShareAfterJoinAsync();
        _log.LogInformation("node {Node} joined cluster {Cluster} (silo port {SiloPort}, gateway port {GatewayPort}); PostgreSQL on {EndPoint}",
            self.WireEndpoint, _cluster.ClusterId, _cluster.SiloPort, _cluster.GatewayPort, endPoint);
        return endPoint;
    }

    // Waits for the other nodes to see this one as active (so that they may place tenants here), then
    // pulls this node's share of the active tenants.
    private async Task PullShareAfterJoinAsync()
    {
        try
        {
            await Task.Delay(_cluster.ProbeTimeout / 2, _stopping.Token).ConfigureAwait(false);
            var self = _host!.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
            await NewNodeRebalancing.PullShareAsync(Grains, self, _log).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
#pragma warning disable CA1031 // rebalancing is an optimization: a failure leaves the tenants where they are
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _log.LogWarning("rebalancing after joining failed: {Error}", ex.Message);
        }
    }

    /// <summary>
    /// Leaves the cluster gracefully: stops accepting, deactivates this node's tenants (closing their
    /// connections and releasing their files, so other nodes can take them at once), then stops the server.
    /// </summary>
    public async Task StopAsync()
    {
        if (!_stopping.IsCancellationRequested) await _stopping.CancelAsync().ConfigureAwait(false);
        if (_rebalance is not null) await _rebalance.ConfigureAwait(false);
        if (_gateway is not null) await _gateway.StopAsync().ConfigureAwait(false);
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(_settings.ShutdownTimeout);
            await _host.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        Ownership?.ReleaseAll();
        if (_server is not null) await _server.StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        if (_gateway is not null) await _gateway.DisposeAsync().ConfigureAwait(false);
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        _host?.Dispose();
        _engine?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> fires (SIGTERM, Ctrl+C), then leaves the cluster; returns the exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, ClusterSettings cluster, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await using var node = new ClusterNode(settings, cluster, loggerFactory);
        await node.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await node.StopAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>A node on 127.0.0.1 with default server settings (tests and local experiments).</summary>
    internal static Task<int> RunLoopbackAsync(string dataDirectory, int port, ClusterSettings cluster, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        RunAsync(LoopbackSettings(dataDirectory, port), cluster, loggerFactory, cancellationToken);

    /// <summary>Server settings of a loopback node: no demo tenant, a short shutdown.</summary>
    internal static ServerSettings LoopbackSettings(string dataDirectory, int port) => new()
    {
        DataDirectory = dataDirectory,
        Port = port,
        CreateDemoTenant = false,
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    };

    private static void ConfigureSilo(ISiloBuilder silo, ClusterSettings cluster)
    {
        silo.Services.AddPlacementDirector<TenantPlacement, TenantPlacementDirector>();
        silo.Services.AddPlacementDirector<NodePlacement, NodePlacementDirector>();
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ClusterId;
        });
        if (cluster.MembershipConnectionString is { } membership)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = membership;
            });
            silo.ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort,
                new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort), cluster.ClusterId, cluster.ClusterId);
        }
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Failure detection scales with one setting: a node that misses three probes in a row is
            // suspected, and declared dead once enough others agree.
            o.ProbeTimeout = cluster.ProbeTimeout;
            o.TableRefreshTimeout = cluster.ProbeTimeout;
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ProbeTimeout * 3);
    }
}
