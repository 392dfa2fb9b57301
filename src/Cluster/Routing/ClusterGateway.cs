using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans;
using TenantDb.Cluster.Grains;
using TenantDb.Cluster.Hosting;
using TenantDb.Cluster.Ownership;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server;

namespace TenantDb.Cluster.Routing;

/// <summary>
/// A node's public PostgreSQL port. After the first packet it knows the tenant; a tenant owned here is
/// handed to the local server in-process, any other is asked of its tenant grain once (which activates
/// it somewhere if needed) and the TCP stream is spliced to the owner's port. No message after the
/// startup packet is looked at, so the client sees one server and routing costs one grain call per
/// connection, none per query.
/// </summary>
internal sealed class ClusterGateway : IAsyncDisposable
{
    // cannot_connect_now: PostgreSQL's "the server is starting up"; clients and pools retry it.
    private const string CannotConnectNow = "57P03";
    private const string TooManyConnections = "53300";

    // Spliced connections served by a thread per direction (BlockingSplicePump); more use the
    // asynchronous pump.
    /// <summary>Routed connections served by two blocking pump threads each (and, with splice(2), a pipe per direction); the rest use the asynchronous pump.</summary>
    public const int MaxBlockingSplices = 256;

    private readonly ServerSettings _settings;
    private readonly ClusterSettings _cluster;
    private readonly PgServer _server;
    private readonly TenantOwnership _ownership;
    private readonly IGrainFactory _grains;
    private readonly NodeIdentity _self;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<Socket, byte> _spliced = new();
    private readonly StartupWaiters _startupWaiters;
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private long _routedConnections;
    /// <summary>Connections being routed now (bounded by <see cref="ClusterSettings.MaxRoutedConnections"/>).</summary>
    private int _routing;
    private long _localConnections;
    private int _activeSplices;

    public ClusterGateway(ServerSettings settings, ClusterSettings cluster, PgServer server, TenantOwnership ownership,
        IGrainFactory grains, NodeIdentity self, ILogger log)
    {
        _settings = settings;
        _cluster = cluster;
        _server = server;
        _ownership = ownership;
        _grains = grains;
        _self = self;
        _log = log;
        _startupWaiters = new StartupWaiters(settings.MaxStartupConnections);
    }

    /// <summary>Connections forwarded to another node so far.</summary>
    public long RoutedConnections => Interlocked.Read(ref _routedConnections);

    /// <summary>Connections served by this node's server so far.</summary>
    public long LocalConnections => Interlocked.Read(ref _localConnections);

    /// <summary>Binds the public port and starts accepting.</summary>
    public IPEndPoint Start()
    {
        _listener = new TcpListener(_settings.ListenAddress, _settings.Port);
        _listener.Server.NoDelay = true;
        _listener.Start(512);
        _acceptLoop = AcceptLoopAsync(_listener);
        return (IPEndPoint)_listener.LocalEndpoint;
    }

    /// <summary>Stops accepting and closes spliced connections (local ones end with the server's shutdown).</summary>
    public async Task StopAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        foreach (var socket in _spliced.Keys)
        {
            ShutDown(socket);
            socket.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _shutdown.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_shutdown.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException
                || (ex is SocketException && _shutdown.IsCancellationRequested))
            {
                break;
            }
            catch (SocketException ex)
            {
                // Out of descriptors under a flood: keep the listener, retry shortly.
                _log.LogWarning("accept failed: {Error}; retrying", ex.SocketErrorCode);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            socket.NoDelay = true;
            socket.SendTimeout = (int)Math.Clamp(_settings.SendTimeout.TotalMilliseconds, 1, int.MaxValue);
            _ = HandleAsync(socket);
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        var client = socket.RemoteEndPoint?.ToString() ?? "unknown";
        var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            StartupPacket? packet;
            using (var startup = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token))
            {
                startup.CancelAfter(_settings.AuthenticationTimeout);
                var waiting = _startupWaiters.Enter(startup);
                try
                {
                    packet = await StartupPacket.ReadAsync(stream, startup.Token).ConfigureAwait(false);
                }
                catch (PgProtocolException ex)
                {
                    await SendFatalAsync(stream, ex.SqlState, ex.Message).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    _startupWaiters.Leave(waiting);
                }
            }
            if (packet is null) return;
            if (packet.Tenant is not { } tenant)
            {
                // CancelRequest, or a startup without a user: the local server answers as it would alone.
                await ServeLocallyAsync(socket, stream, packet, tenant: null, client).ConfigureAwait(false);
                stream = null;
                return;
            }
            if (_ownership.Owns(tenant) || !_ownership.Exists(tenant))
            {
                // Owned here: serve. Unknown: the local server answers 3D000 exactly as a single server does.
                await ServeLocallyAsync(socket, stream, packet, _ownership.Owns(tenant) ? tenant : null, client).ConfigureAwait(false);
                stream = null;
                return;
            }
            if (packet.Routed)
            {
                // The sender's view of the owner is stale; the client's retry asks the grain afresh.
                await SendFatalAsync(stream, CannotConnectNow, $"tenant \"{tenant}\" is moving between nodes; reconnect").ConfigureAwait(false);
                return;
            }
            var owner = await ResolveOwnerAsync(tenant).ConfigureAwait(false);
            if (owner is null)
            {
                await SendFatalAsync(stream, CannotConnectNow, $"the node owning tenant \"{tenant}\" cannot be reached now; reconnect").ConfigureAwait(false);
                return;
            }
            if (owner == _self.WireEndpoint)
            {
                await ServeLocallyAsync(socket, stream, packet, tenant, client).ConfigureAwait(false);
                stream = null;
                return;
            }
            if (Interlocked.Increment(ref _routing) > _cluster.MaxRoutedConnections)
            {
                Interlocked.Decrement(ref _routing);
                await SendFatalAsync(stream, TooManyConnections,
                    $"this node is routing its maximum of {_cluster.MaxRoutedConnections} connections to other nodes; retry later or connect to the node owning tenant \"{tenant}\"").ConfigureAwait(false);
                return;
            }
            try
            {
                await SpliceAsync(socket, owner, packet.Encode(routed: true)).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _routing);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.LogDebug("connection from {Client} ended in the gateway: {Message}", client, ex.Message);
        }
        finally
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Hands the connection, startup packet included, to this node's server; a tenant connection is
    // tracked so that releasing the tenant closes it.
    private async Task ServeLocallyAsync(Socket socket, NetworkStream stream, StartupPacket packet, string? tenant, string client)
    {
        var registration = default(IDisposable);
        if (tenant is not null && !_ownership.TryTrack(tenant, socket, out registration))
        {
            await SendFatalAsync(stream, CannotConnectNow, $"tenant \"{tenant}\" is moving between nodes; reconnect").ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _localConnections);
        try
        {
            await _server.ServeAsync(new ReplayStream(packet.Encode(routed: false), stream), client).ConfigureAwait(false);
        }
        finally
        {
            registration?.Dispose();
        }
    }

    private async Task<string?> ResolveOwnerAsync(string tenant)
    {
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                return await _grains.GetGrain<ITenantGrain>(tenant).GetOwnerEndpointAsync().WaitAsync(_shutdown.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // any failure (owner node dead but not yet declared so, fence still held, timeout) is retried until RouteTimeout
            catch (Exception ex) when (!_shutdown.IsCancellationRequested)
#pragma warning restore CA1031
            {
                if (Stopwatch.GetElapsedTime(started) + delay > _cluster.RouteTimeout)
                {
                    _log.LogWarning("no owner for tenant {Tenant} within {Timeout}: {Error}", tenant, _cluster.RouteTimeout, ex.Message);
                    return null;
                }
                _log.LogDebug("owner of tenant {Tenant} not known yet ({Error}); retrying in {Delay}", tenant, ex.Message, delay);
                await Task.Delay(delay, _shutdown.Token).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    // Connects to the owner, sends the startup packet marked as routed, then copies bytes both ways
    // until either side closes.
    private async Task SpliceAsync(Socket client, string owner, byte[] startup)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _spliced[upstream] = 0;
        var counted = false;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token))
            {
                connect.CancelAfter(TimeSpan.FromSeconds(5));
                await upstream.ConnectAsync(IPEndPoint.Parse(owner), connect.Token).ConfigureAwait(false);
            }
            Interlocked.Increment(ref _routedConnections);
            await upstream.SendAsync(startup, SocketFlags.None, _shutdown.Token).ConfigureAwait(false);
            // Two threads per connection are cheap for the first few hundred spliced connections and
            // save CPU on every message; past that the asynchronous pump keeps the thread count bounded.
            counted = true;
            var blocking = Interlocked.Increment(ref _activeSplices) <= MaxBlockingSplices;
            if (blocking)
            {
                BlockingSplicePump.MakeBlocking(client);
                BlockingSplicePump.MakeBlocking(upstream);
            }
            var toServer = blocking ? BlockingSplicePump.Start(client, upstream, _cluster.KernelSplice) : SplicePump.RunAsync(client, upstream);
            var toClient = blocking ? BlockingSplicePump.Start(upstream, client, _cluster.KernelSplice) : SplicePump.RunAsync(upstream, client);
            await Task.WhenAny(toServer, toClient).ConfigureAwait(false);
            // One side closed: shut both down (which wakes a pump blocked in recv) and close them.
            ShutDown(upstream);
            ShutDown(client);
            upstream.Close();
            client.Close();
            await Task.WhenAll(toServer, toClient).ConfigureAwait(false);
        }
        finally
        {
            _spliced.TryRemove(upstream, out _);
            upstream.Dispose();
            if (counted) Interlocked.Decrement(ref _activeSplices);
        }
    }

    private static void ShutDown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already disconnected or closed: nothing left to wake.
        }
    }

    private async Task SendFatalAsync(Stream stream, string sqlState, string message)
    {
        _log.LogInformation("refusing connection: {SqlState} {Message}", sqlState, message);
        using var writer = new PgMessageWriter(initialCapacity: 256);
        writer.WriteErrorResponse(PgError.Fatal(sqlState, message));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await writer.FlushAsync(stream, timeout.Token).ConfigureAwait(false);
    }
}
