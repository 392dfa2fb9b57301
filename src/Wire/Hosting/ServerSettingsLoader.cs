using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace TenantDb.Wire.Hosting;

/// <summary>
/// Layers configuration the usual way: built-in defaults, then a JSON file (tenantdb.json in the
/// working directory, or --config), then TENANTDB_* environment variables, then command-line flags.
/// Keys are the same everywhere: data_dir, listen, port, tls_cert, tls_key, no_demo,
/// max_connections, max_connections_per_tenant, max_startup_connections, idle_timeout_seconds,
/// idle_in_transaction_timeout_seconds, statement_timeout_seconds,
/// authentication_timeout_seconds, send_timeout_seconds, max_message_size, max_row_size (env: TENANTDB_DATA_DIR etc.).
/// </summary>
internal static class ServerSettingsLoader
{
    /// <summary>Builds the configuration layers below the flags.</summary>
    public static IConfiguration BuildConfiguration(string? configFile)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        else
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "tenantdb.json"), optional: true, reloadOnChange: false);
        builder.AddEnvironmentVariables("TENANTDB_");
        return builder.Build();
    }

    /// <summary>Resolves settings; <paramref name="flags"/> holds only the flags the user actually gave.</summary>
    public static ServerSettings Load(IConfiguration config, IReadOnlyDictionary<string, string?> flags)
    {
        string? Get(string key) => flags.TryGetValue(key, out var v) && v is not null ? v : config[key];
        var defaults = new ServerSettings();
        var listen = Get("listen");
        var port = Get("port");
        var noDemo = Get("no_demo");
        var maxConnections = Get("max_connections");
        var idle = Get("idle_timeout_seconds");
        var idleInTransaction = Get("idle_in_transaction_timeout_seconds");
        var maxMessage = Get("max_message_size");
        var perTenant = Get("max_connections_per_tenant");
        var startup = Get("max_startup_connections");
        var authTimeout = Get("authentication_timeout_seconds");
        var sendTimeout = Get("send_timeout_seconds");
        var statementTimeout = Get("statement_timeout_seconds");
        var maxRow = Get("max_row_size");
        return new ServerSettings
        {
            DataDirectory = Path.GetFullPath(Get("data_dir") ?? defaults.DataDirectory),
            ListenAddress = listen is null ? defaults.ListenAddress : ParseAddress(listen),
            Port = port is null ? defaults.Port : int.Parse(port, CultureInfo.InvariantCulture),
            TlsCertificatePath = Get("tls_cert"),
            TlsKeyPath = Get("tls_key"),
            CreateDemoTenant = noDemo is null || !bool.Parse(noDemo),
            MaxConnections = maxConnections is null ? defaults.MaxConnections : int.Parse(maxConnections, CultureInfo.InvariantCulture),
            IdleTimeout = idle is null ? defaults.IdleTimeout : Seconds(idle),
            IdleInTransactionTimeout = idleInTransaction is null ? defaults.IdleInTransactionTimeout : Seconds(idleInTransaction),
            MaxMessageSize = maxMessage is null ? defaults.MaxMessageSize : int.Parse(maxMessage, CultureInfo.InvariantCulture),
            MaxConnectionsPerTenant = perTenant is null ? defaults.MaxConnectionsPerTenant : int.Parse(perTenant, CultureInfo.InvariantCulture),
            MaxStartupConnections = startup is null ? defaults.MaxStartupConnections : int.Parse(startup, CultureInfo.InvariantCulture),
            AuthenticationTimeout = authTimeout is null ? defaults.AuthenticationTimeout : Seconds(authTimeout),
            SendTimeout = sendTimeout is null ? defaults.SendTimeout : Seconds(sendTimeout),
            StatementTimeout = statementTimeout is null ? defaults.StatementTimeout : Seconds(statementTimeout),
            MaxRowSize = maxRow is null ? defaults.MaxRowSize : RowSize(maxRow),
        };
    }

    /// <summary>Data directory for admin commands: flag, then environment/config file, then the default.</summary>
    public static string ResolveDataDirectory(string? flag, string? configFile = null)
        => Load(BuildConfiguration(configFile), new Dictionary<string, string?> { ["data_dir"] = flag }).DataDirectory;

    /// <summary>Smallest and largest <c>max_row_size</c>: a row must hold a few columns; the buffer must stay an array.</summary>
    internal const int MinRowSize = 1024, MaxRowSize = 1 << 30;

    private static int RowSize(string text)
    {
        var value = long.Parse(text, CultureInfo.InvariantCulture);
        if (value is < MinRowSize or > MaxRowSize)
            throw new ArgumentOutOfRangeException(nameof(text), value, $"max_row_size must be between {MinRowSize} and {MaxRowSize} bytes");
        return (int)value;
    }

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture));

    private static IPAddress ParseAddress(string text)
    {
        if (text is "localhost") return IPAddress.Loopback;
        if (text is "*") return IPAddress.Any;
        return IPAddress.Parse(text);
    }
}
