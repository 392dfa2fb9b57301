using System.Net;
using TenantDb.Engine.Hardening;

namespace TenantDb.Wire.Hosting;

/// <summary>Everything `tenantdb serve` needs, resolved from defaults, config file, environment and flags.</summary>
internal sealed record ServerSettings
{
    /// <summary>Default TCP port: one above PostgreSQL's so both can run side by side.</summary>
    public const int DefaultPort = 5433;

    public string DataDirectory { get; init; } = "tenantdb-data";
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;
    public int Port { get; init; } = DefaultPort;
    public string? TlsCertificatePath { get; init; }
    public string? TlsKeyPath { get; init; }
    public bool CreateDemoTenant { get; init; } = true;
    /// <summary>
    /// Tenant files opened through SQLite's unix-excl VFS: the server holds an exclusive lock on each
    /// tenant file it has open, so read transactions take no file locks (about a fifth less server CPU per
    /// short read), and no other process can open those tenants meanwhile (admin commands on them fail).
    /// </summary>
    public bool ExclusiveFiles { get; init; }
    /// <summary>Authenticated sessions at once (all tenants); beyond it a login gets 53300.</summary>
    public int MaxConnections { get; init; } = 256;
    /// <summary>Authenticated sessions of one tenant at once, so one tenant cannot take every slot; beyond it 53300.</summary>
    public int MaxConnectionsPerTenant { get; init; } = 128;
    /// <summary>
    /// Connections of one tenant that keep their SQLite connection (their engine session) while idle
    /// between transactions. Every other connection gives it back to the tenant's pool after each
    /// transaction and borrows one again for the next (transaction pooling inside the server), so an idle
    /// connection holds no SQLite connection, no file descriptors beyond its socket and no SQLite memory.
    /// A connection whose SQL changed connection state (TEMP objects, PRAGMA settings) keeps its own.
    /// </summary>
    public int KeptSessionsPerTenant { get; init; } = 8;
    /// <summary>
    /// Connections still in startup/authentication at once. They do not use <see cref="MaxConnections"/>
    /// slots; when this pool is full a new connection pushes out the one that has waited longest.
    /// </summary>
    public int MaxStartupConnections { get; init; } = 256;
    /// <summary>
    /// Worker threads that run SQL and procedure calls (all tenants share them, taking turns tenant by
    /// tenant); 0 (the default) means one per processor. The network side needs no thread per
    /// connection, so this, not the number of connections, bounds the server's threads.
    /// </summary>
    public int Workers { get; init; }
    /// <summary>Most worker threads that may be asked for.</summary>
    public const int MaxWorkers = 1024;
    /// <summary><see cref="Workers"/> with 0 resolved to the number of processors.</summary>
    public int EffectiveWorkers => Workers > 0 ? Workers : Environment.ProcessorCount;
    /// <summary>
    /// Longest wait for the next message (and for the rest of a message already begun, so a client that
    /// trickles bytes is closed too); then FATAL 57P05.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>
    /// The same inside an open transaction, which may hold the tenant's write lock and block its other
    /// writers; then FATAL 25P03 and the transaction is rolled back.
    /// </summary>
    public TimeSpan IdleInTransactionTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Time from accept to the end of authentication; slower connections are closed.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>
    /// Longest time one send may wait for a client that does not read its results; the connection is
    /// then closed, rolling back its transaction (so a stalled reader cannot hold locks forever).
    /// </summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxMessageSize { get; init; } = 16 * 1024 * 1024;
    /// <summary>
    /// Largest result row the server sends (the DataRow as framed on the wire, every field with its
    /// length prefix). A statement producing a bigger row fails with 54000 before the row is copied
    /// past this size, so one SELECT of many large values cannot take the server's memory.
    /// </summary>
    public int MaxRowSize { get; init; } = Protocol.PgMessageWriter.DefaultMaxDataRowLength;
    /// <summary>
    /// Longest time one SQL statement may run, including streaming its rows (the engine's
    /// StatementTimeout); then 57014. Tenants cannot lift it (SET statement_timeout is only remembered).
    /// </summary>
    public TimeSpan StatementTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// The most memory SQLite may hold in this process, in bytes (sqlite_heap_limit); 0 means a quarter
    /// of the memory available to the process. A statement that needs more fails with 54000.
    /// </summary>
    public long SqliteHeapLimit { get; init; }
    /// <summary>
    /// When a commit reaches stable storage (synchronous): normal (default; a commit survives a crash of
    /// the process, an OS crash may lose the last ones) or full (every commit is flushed to disk).
    /// </summary>
    public Engine.SynchronousMode Synchronous { get; init; }
    /// <summary>
    /// Statements and procedure calls that take at least this long are logged (slow_threshold_ms) with
    /// tenant, duration, rows, fuel and the SQL cut to 200 characters, never parameter values; zero (the
    /// default) logs none.
    /// </summary>
    public TimeSpan SlowThreshold { get; init; }
    /// <summary>
    /// On shutdown (SIGTERM, Ctrl+C), how long the server waits for connections to finish (each rolls back
    /// an open transaction) before it closes the rest and exits. The process waits for exactly this.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The largest <see cref="ShutdownTimeout"/> accepted.</summary>
    public static TimeSpan MaxShutdownTimeout { get; } = TimeSpan.FromMinutes(10);
    /// <summary>Least severe log level written (log_level, --log-level).</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;
    /// <summary>Console log format (log_format, --log-format).</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Simple;
    /// <summary>True when SSLRequest should be answered with a TLS handshake.</summary>
    public bool TlsEnabled => TlsCertificatePath is not null;
}
