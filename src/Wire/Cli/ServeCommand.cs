using System.CommandLine;
using Microsoft.Extensions.Logging;
using TenantDb.Wire.Hosting;

namespace TenantDb.Wire.Cli;

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
        var maxConnections = new Option<int?>("--max-connections") { Description = "Connection limit (default 256)." };

        var command = new Command("serve", "Run the PostgreSQL-protocol server.")
        {
            dataDir, config, listen, port, tlsCert, tlsKey, noDemo, maxConnections,
        };
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
                ["max_connections"] = parse.GetValue(maxConnections)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            var settings = ServerSettingsLoader.Load(ServerSettingsLoader.BuildConfiguration(parse.GetValue(config)), flags);
            using var loggerFactory = CreateLoggerFactory();
            return await ServerHost.RunAsync(settings, loggerFactory, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Single-line console logging, level from TENANTDB_LOG_LEVEL (default Information).</summary>
    internal static ILoggerFactory CreateLoggerFactory()
    {
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("TENANTDB_LOG_LEVEL"), true, out var l) ? l : LogLevel.Information;
        return LoggerFactory.Create(b => b
            .SetMinimumLevel(level)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            }));
    }
}
