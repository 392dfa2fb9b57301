using System.CommandLine;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;
using TenantDb.Wire.Server;

namespace TenantDb.Cli;

/// <summary>`tenantdb serve`: opens the engine and serves the PostgreSQL protocol until Ctrl+C/SIGTERM.</summary>
internal static class ServeCommand
{
    /// <summary>Builds the command with its flags.</summary>
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDirectory();
        var config = CommonOptions.ConfigFile();
        var listen = new Option<string?>("--listen") { Description = "Address to listen on (default 127.0.0.1; env TENANTDB_LISTEN)." };
        var port = new Option<int?>("--port") { Description = "TCP port (default 5433; 0 picks a free port; env TENANTDB_PORT)." };
        var tlsCert = new Option<string?>("--tls-cert") { Description = "PEM certificate file; enables TLS for clients that ask (SSLRequest)." };
        var tlsKey = new Option<string?>("--tls-key") { Description = "PEM private key file for --tls-cert." };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not create the demo tenant on first start." };
        var exclusiveFiles = new Option<bool>("--exclusive-files") { Description = "Hold an exclusive lock on every tenant file the server has open: faster reads, but admin commands from other processes cannot open those tenants (config exclusive_files)." };
        var maxConnections = new Option<int?>("--max-connections") { Description = "Connection limit (default 256)." };
        var maxConnectionsPerTenant = new Option<int?>("--max-connections-per-tenant") { Description = "Connection limit of one tenant (default 128; config max_connections_per_tenant)." };
        var keptSessions = new Option<int?>("--kept-sessions-per-tenant") { Description = "Idle connections of one tenant that keep their SQLite connection between transactions; the others give it back after each one (default 8; config kept_sessions_per_tenant)." };
        var workers = new Option<int?>("--workers") { Description = "Worker threads that run SQL and procedure calls, shared fairly by tenants (default: one per processor; config workers)." };
        var logLevel = new Option<string?>("--log-level") { Description = "trace, debug, information (default), warning, error, critical or none (config log_level; env TENANTDB_LOG_LEVEL)." };
        var metrics = new Option<string?>("--metrics") { Description = "Serve Prometheus metrics, /healthz and /readyz over HTTP on ADDRESS:PORT (for example 127.0.0.1:9187; off by default; config metrics)." };
        var metricsTenantLabels = new Option<string?>("--metrics-tenant-labels") { Description = $"Comma-separated tenants whose metrics carry a tenant label (at most {MetricsSettings.MaxTenantLabels}; the others are aggregated; config metrics_tenant_labels)." };
        var synchronous = new Option<string?>("--synchronous") { Description = "When a commit reaches disk: normal (default; survives a crash of the process) or full (every commit flushed to disk; survives power loss) (config synchronous; env TENANTDB_SYNCHRONOUS)." };
        var logFormat = new Option<string?>("--log-format") { Description = "simple (default: one line per event) or json (one JSON object per line) (config log_format)." };

        var command = new Command("serve", "Run the PostgreSQL-protocol server.")
        {
            dataDir, config, listen, port, tlsCert, tlsKey, noDemo, exclusiveFiles, maxConnections, maxConnectionsPerTenant, keptSessions, workers, logLevel, logFormat, metrics, metricsTenantLabels, synchronous,
        };
        var cluster = new ClusterServeOptions();
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var flags = new Dictionary<string, string?>
            {
                ["data_dir"] = parse.GetValue(dataDir),
                ["listen"] = parse.GetValue(listen),
                ["port"] = parse.GetValue(port)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["tls_cert"] = parse.GetValue(tlsCert),
                ["tls_key"] = parse.GetValue(tlsKey),
                ["no_demo"] = parse.GetValue(noDemo) ? "true" : null,
                ["exclusive_files"] = parse.GetValue(exclusiveFiles) ? "true" : null,
                ["max_connections"] = parse.GetValue(maxConnections)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["max_connections_per_tenant"] = parse.GetValue(maxConnectionsPerTenant)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["kept_sessions_per_tenant"] = parse.GetValue(keptSessions)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["workers"] = parse.GetValue(workers)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["log_level"] = parse.GetValue(logLevel),
                ["log_format"] = parse.GetValue(logFormat),
            };
            flags["metrics"] = parse.GetValue(metrics);
            flags["synchronous"] = parse.GetValue(synchronous);
            flags["metrics_tenant_labels"] = parse.GetValue(metricsTenantLabels);
            var configuration = ServerSettingsLoader.BuildConfiguration(parse.GetValue(config));
            var settings = ServerSettingsLoader.Load(configuration, flags);
            var metricsSettings = ServerSettingsLoader.LoadMetrics(configuration, flags);
            CheckCertificate(settings);
            using var loggerFactory = CreateLoggerFactory(settings.LogLevel, settings.LogFormat);
            try
            {
                if (cluster.Read(parse, settings) is { } node)
                {
                    if (metricsSettings.Listen is not null)
                        throw new CliException(CliExitCode.Usage, "--metrics (metrics) is served by a single-node server only; leave it out with --cluster");
                    return await ClusterServeOptions.RunAsync(settings, node, loggerFactory, cancellationToken).ConfigureAwait(false);
                }
                return await ServerHost.RunAsync(settings, metricsSettings, loggerFactory, cancellationToken).ConfigureAwait(false);
            }
            catch (System.Net.HttpListenerException e) when (metricsSettings.Listen is { } metricsAddress)
            {
                throw new CliException(CliExitCode.Environment,
                    $"cannot serve metrics on {metricsAddress}: {e.Message}; choose another address with --metrics (or TENANTDB_METRICS)");
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new CliException(CliExitCode.Environment,
                    $"cannot listen on {settings.ListenAddress}:{settings.Port}: the port is already in use; stop the other server or choose another port with --port (or TENANTDB_PORT)");
            }
        });
        return command;
    }

    // Checked before anything starts so a bad path is one clear line, not a failure deep in TLS setup.
    private static void CheckCertificate(ServerSettings settings)
    {
        if (settings.TlsCertificatePath is not { } certificate) return;
        try
        {
            TlsCertificateLoader.Load(certificate, settings.TlsKeyPath).Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            string key = settings.TlsKeyPath is null ? string.Empty : $" with key {settings.TlsKeyPath} (tls_key)";
            throw new CliException(CliExitCode.Environment, $"cannot use TLS certificate {certificate} (tls_cert){key}: {e.Message.TrimEnd('.')}; give PEM files readable by this user");
        }
    }

    /// <summary>Console logging with UTC date and time on every line: single-line text, or one JSON object per line.</summary>
    internal static ILoggerFactory CreateLoggerFactory(LogLevel level, LogFormat format) =>
        LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(level);
            if (format == LogFormat.Json)
            {
                b.AddJsonConsole(o =>
                {
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    o.UseUtcTimestamp = true;
                    o.IncludeScopes = true;
                });
            }
            else
            {
                b.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                    o.UseUtcTimestamp = true;
                    o.IncludeScopes = true;
                });
            }
        });
}
