using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Scheduling;
using TenantDb.Wire.Hosting;

namespace TenantDb.Wire.Server;

/// <summary>
/// Accepts TCP connections and runs one <see cref="PgConnection"/> per socket. Owns the connection
/// limit, the registry CancelRequest uses to find its target, and graceful shutdown (every live
/// connection is told to stop, rolls back its open transaction and closes).
/// </summary>
internal sealed class PgServer : IAsyncDisposable
{
    private readonly ServerSettings _settings;
    private readonly List<TenantDbEngine> _reloadedEngines = [];
    private readonly Lock _reloadLock = new();
    private TenantDbEngine _engine;
    private long _lastReloadTicks;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<int, PgConnection> _connections = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly X509Certificate2? _certificate;
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private readonly ConnectionSlots _slots;
    private readonly WorkScheduler _scheduler;
    private readonly ReceiveBufferPool _receiveBuffers;
    private int _nextProcessId = Environment.ProcessId * 1000 % 1_000_000;
    private int _connectionCount;

    /// <summary>Creates a server over an open engine; call <see cref="Start"/> to listen.</summary>
    public PgServer(ServerSettings settings, TenantDbEngine engine, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _engine = engine;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("TenantDb.Wire.Server");
        _slots = new ConnectionSlots(settings.MaxConnections, settings.MaxConnectionsPerTenant, settings.MaxStartupConnections);
        _scheduler = new WorkScheduler(settings.EffectiveWorkers);
        // Enough idle receive buffers for every connection of a busy server to have its bytes in hand
        // at once, up to 16 MiB kept.
        _receiveBuffers = new ReceiveBufferPool(Math.Min(settings.MaxConnections, MaxIdleReceiveBuffers));
        if (settings.TlsCertificatePath is not null)
            _certificate = TlsCertificateLoader.Load(settings.TlsCertificatePath, settings.TlsKeyPath);
    }

    /// <summary>The bound address (with the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener ?? throw new InvalidOperationException("not started")).LocalEndpoint;

    /// <summary>Sockets currently open (authenticated or not).</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>True from <see cref="Start"/> until shutdown begins: the listener takes new connections.</summary>
    public bool Accepting => _listener is not null && _acceptLoop is { IsCompleted: false } && !_shutdown.IsCancellationRequested;

    private const int MaxIdleReceiveBuffers = 1024;

    /// <summary>The connections' receive buffers.</summary>
    internal ReceiveBufferPool ReceiveBuffers => _receiveBuffers;

    /// <summary>The bounded worker threads that run every connection's engine work.</summary>
    internal WorkScheduler Scheduler => _scheduler;

    /// <summary>Admission control: session slots and the startup pool.</summary>
    internal ConnectionSlots Slots => _slots;

    internal ServerSettings Settings => _settings;
    internal TenantDbEngine Engine => Volatile.Read(ref _engine);

    /// <summary>
    /// The engine that knows <paramref name="tenant"/>, or null. Tenants created by `tenantdb tenant
    /// create` in another process are not in the running engine's tenant map, so on a miss the catalog
    /// is re-read by opening the data directory again (at most once a second, so bogus database names
    /// cannot make the server reload constantly); new connections then use the fresh engine while
    /// sessions on the old one finish normally.
    /// </summary>
    internal TenantDbEngine? EngineFor(string tenant)
    {
        var engine = Engine;
        if (engine.TenantExists(tenant)) return engine;
        if (engine.DataDirectory is null) return null;
        lock (_reloadLock)
        {
            engine = _engine;
            if (engine.TenantExists(tenant)) return engine;
            var now = Environment.TickCount64;
            if (now - _lastReloadTicks < 1000 && _lastReloadTicks != 0) return null;
            _lastReloadTicks = now;
            var fresh = TenantDbEngine.Open(engine.DataDirectory!, engine.Options);
            if (!fresh.TenantExists(tenant))
            {
                fresh.Dispose();
                return null;
            }
            _log.LogInformation("tenant {Tenant} was created by another process: catalog reloaded", tenant);
            _reloadedEngines.Add(fresh);
            Volatile.Write(ref _engine, fresh);
            return fresh;
        }
    }
    internal X509Certificate2? Certificate => _certificate;
    internal CancellationToken ShutdownToken => _shutdown.Token;

    /// <summary>Binds the listening socket and starts accepting.</summary>
    public IPEndPoint Start()
    {
        _listener = new TcpListener(_settings.ListenAddress, _settings.Port);
        _listener.Server.NoDelay = true;
        _listener.Start(512);
        _acceptLoop = AcceptLoopAsync();
        return LocalEndPoint;
    }

    /// <summary>Stops accepting, asks every connection to finish (rolling back open transactions) and waits for them.</summary>
    public async Task StopAsync()
    {
        if (_shutdown.IsCancellationRequested) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        var deadline = DateTime.UtcNow + _settings.ShutdownTimeout;
        while (ConnectionCount > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(20).ConfigureAwait(false);
    }

    /// <summary>Same as <see cref="StopAsync"/>, then frees resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        // Connections still closing after the shutdown timeout finish their work on their own threads.
        _scheduler.Dispose();
        _shutdown.Dispose();
        _certificate?.Dispose();
        // Engines opened by EngineFor belong to the server; the one passed in belongs to the caller.
        foreach (var engine in _reloadedEngines) engine.Dispose();
    }

    /// <summary>Forwards a CancelRequest to the connection it names, if the secret matches.</summary>
    internal void Cancel(int processId, int secretKey)
    {
        if (_connections.TryGetValue(processId, out var connection) && connection.SecretKey == secretKey)
        {
            _log.LogInformation("cancel request for connection {ProcessId}", processId);
            connection.CancelRunningStatement();
        }
    }

    /// <summary>The largest output buffer any authenticated connection holds now (a diagnostic for tests).</summary>
    internal int LargestOutputBuffer()
    {
        var largest = 0;
        foreach (var connection in _connections.Values) largest = Math.Max(largest, connection.OutputBufferCapacity);
        return largest;
    }

    /// <summary>The largest output buffer any authenticated connection now open has ever held (a diagnostic for tests).</summary>
    internal int LargestPeakOutputBuffer()
    {
        var largest = 0;
        foreach (var connection in _connections.Values) largest = Math.Max(largest, connection.PeakOutputBufferCapacity);
        return largest;
    }

    /// <summary>The most characters of session parameters any authenticated connection holds now (a diagnostic for tests).</summary>
    internal long LargestSessionParameters()
    {
        long largest = 0;
        foreach (var connection in _connections.Values) largest = Math.Max(largest, connection.SessionParameterLength);
        return largest;
    }

    internal void Register(PgConnection connection) => _connections[connection.ProcessId] = connection;

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        while (!_shutdown.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_shutdown.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException ex) when (_shutdown.IsCancellationRequested || ex.SocketErrorCode == SocketError.OperationAborted)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors or buffers (e.g. under a flood): the listener is still fine, so
                // keep accepting once a little has been freed instead of never accepting again.
                _log.LogWarning("accept failed: {Error}; retrying", ex.SocketErrorCode);
                try
                {
                    await Task.Delay(100, _shutdown.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                continue;
            }
            socket.NoDelay = true;
            // Bounds the synchronous sends that stream large results (async sends use a timer, see PgConnection).
            socket.SendTimeout = (int)Math.Clamp(_settings.SendTimeout.TotalMilliseconds, 1, int.MaxValue);
            _ = ServeAsync(new NetworkStream(socket, ownsSocket: true), socket.RemoteEndPoint?.ToString());
        }
    }

    /// <summary>
    /// Serves one client over a connected duplex stream, exactly as an accepted socket is served
    /// (limits, startup pool, logging); completes when the connection has closed. The accept loop
    /// uses it, and in-process clients (fuzzing) call it directly.
    /// </summary>
    internal Task ServeAsync(Stream stream, string? client = null)
    {
        Interlocked.Increment(ref _connectionCount);
        WireMetrics.Opened();
        var processId = Interlocked.Increment(ref _nextProcessId);
        var connection = new PgConnection(this, stream, processId, _loggerFactory.CreateLogger("TenantDb.Wire.Connection"));
        if (_slots.EnterStartup(connection) is { } evicted)
        {
            _log.LogInformation("startup pool full ({Max}): dropping connection {ProcessId}, the longest in startup", _settings.MaxStartupConnections, evicted.ProcessId);
            evicted.AbortStartup();
        }
        return RunConnectionAsync(connection, client ?? "local");
    }

    private async Task RunConnectionAsync(PgConnection connection, string client)
    {
        var processId = connection.ProcessId;
        // Every line logged while this connection runs (its own, the engine's, procedure logs) carries this.
        using var scope = ConnectionLog.BeginScope(_log, processId, client);
        ConnectionLog.Opened(_log);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.LogDebug("connection {ProcessId} ended: {Message}", processId, ex.Message);
        }
#pragma warning disable CA1031 // one connection's bug must never take the server down; it is logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _log.LogError(ex, "connection {ProcessId} failed", processId);
        }
        finally
        {
            ConnectionLog.Closed(_log, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, connection.SessionTenant ?? "none");
            _connections.TryRemove(processId, out _);
            _slots.LeaveStartup(connection);
            await connection.CloseAsync().ConfigureAwait(false);
            if (connection.SessionTenant is { } tenant) _slots.Release(tenant);
            Interlocked.Decrement(ref _connectionCount);
            WireMetrics.Closed();
        }
    }
}
