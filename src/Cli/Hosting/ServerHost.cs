using System.Net;
using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Hardening;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Cli.Hosting;

/// <summary>Runs `tenantdb serve`: opens the engine, creates the demo tenant on a fresh loopback install, serves until canceled.</summary>
internal static class ServerHost
{
    /// <summary>The demo tenant's name, user and password (loopback only, announced in the log).</summary>
    public const string DemoTenant = "demo";

    /// <summary>Serves until <paramref name="cancellationToken"/> fires (Ctrl+C / SIGTERM); returns the exit code.</summary>
    public static async Task<int> RunAsync(ServerSettings settings, MetricsSettings metrics, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger("TenantDb.Wire");
        var fresh = !Directory.Exists(settings.DataDirectory) || !Directory.EnumerateFileSystemEntries(settings.DataDirectory).Any();
        Directory.CreateDirectory(settings.DataDirectory);
        var procedureLog = loggerFactory.CreateLogger("TenantDb.Procedures");
        var slowLog = loggerFactory.CreateLogger("TenantDb.Slow");
        var engineOptions = new EngineOptions
        {
            StatementTimeout = settings.StatementTimeout,
            SqliteHeapLimitBytes = settings.SqliteHeapLimit,
            Synchronous = settings.Synchronous,
            ProcedureLog = (tenant, procedure, line) => procedureLog.LogInformation("{Tenant}.{Procedure}: {Line}", tenant, procedure, line),
            SlowThreshold = settings.SlowThreshold,
            SlowLog = slow => slowLog.LogWarning(
                "slow {Kind} tenant={Tenant} duration_ms={DurationMs:0.###} rows={Rows} fuel={Fuel}: {Text}",
                slow.IsCall ? "call" : "statement", slow.Tenant, slow.Duration.TotalMilliseconds, slow.Rows, slow.Fuel, slow.Text),
            MetricsTenantLabels = metrics.TenantLabels,
            ExclusiveTenantFiles = settings.ExclusiveFiles,
        };
        if (OpenFileBudget.Warning(settings, engineOptions, OpenFileBudget.ReadProcessLimits()) is { } descriptors)
        {
            log.LogWarning("{Warning}", descriptors);
        }
        using var engine = TenantDbEngine.Open(settings.DataDirectory, engineOptions);
        log.LogInformation("data directory {DataDirectory} ({TenantCount} tenants)", settings.DataDirectory, engine.ListTenants().Count);
        if (SqliteThreading.Mode == SqliteThreadingMode.MultiThread) log.LogInformation("{SqliteThreading}", SqliteThreading.Description);
        else log.LogWarning("{SqliteThreading}", SqliteThreading.Description);
        if (TenantDb.ProcSandbox.SandboxPlatform.UnsupportedReason is { } reason)
        {
            log.LogWarning("stored procedures are disabled: {Reason}; CREATE PROCEDURE and CALL answer 0A000, SQL works as usual", reason);
        }
        if (settings.ExclusiveFiles)
        {
            log.LogInformation("tenant files are locked exclusively while open (exclusive_files): admin commands from other processes cannot open a tenant this server has open");
        }
        CreateDemoTenantIfWanted(engine, settings, fresh, log);

        await using var server = new PgServer(settings, engine, loggerFactory);
        // Up before the PostgreSQL listener, so /readyz says 503 until the server accepts connections.
        await using var metricsEndpoint = metrics.Listen is { } metricsAddress
            ? MetricsEndpoint.Start(metricsAddress, () => server.Accepting && server.Engine.CatalogReadable(), loggerFactory.CreateLogger("TenantDb.Metrics"))
            : null;
        if (metricsEndpoint is not null)
        {
            log.LogInformation("metrics on http://{MetricsEndPoint}/metrics (health: /healthz, /readyz)", metricsEndpoint.EndPoint);
        }
        var endPoint = server.Start();
        log.LogInformation("listening on {EndPoint}", endPoint);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        log.LogInformation("shutting down: closing {Connections} connections, rolling back open transactions", server.ConnectionCount);
        await server.StopAsync().ConfigureAwait(false);
        log.LogInformation("stopped");
        return 0;
    }

    /// <summary>Creates tenant demo (user demo, password demo) on a fresh data directory, but only on a loopback address.</summary>
    public static bool CreateDemoTenantIfWanted(TenantDbEngine engine, ServerSettings settings, bool freshDataDirectory, ILogger log)
    {
        if (!settings.CreateDemoTenant || !freshDataDirectory) return false;
        if (!IsLoopback(settings.ListenAddress))
        {
            log.LogInformation("not creating the demo tenant: {Address} is not a loopback address", settings.ListenAddress);
            return false;
        }
        if (engine.TenantExists(DemoTenant)) return false;
        engine.CreateTenant(DemoTenant);
        engine.SetPassword(DemoTenant, DemoTenant, DemoTenant);
        log.LogWarning("created demo tenant \"demo\" (user demo, password demo): psql \"postgresql://demo:demo@{Host}:{Port}/demo\" (use --no-demo to skip; drop it with: tenantdb tenant drop demo)",
            settings.ListenAddress, settings.Port);
        return true;
    }

    /// <summary>True for 127.0.0.0/8 and ::1: only there is a demo tenant with a well-known password acceptable.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address);
}
