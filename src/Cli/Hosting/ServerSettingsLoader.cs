using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using TenantDb.Engine.Hardening;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Hosting;

/// <summary>
/// Layers configuration the usual way: built-in defaults, then a JSON file (tenantdb.json in the
/// working directory, or --config), then TENANTDB_* environment variables, then command-line flags.
/// Keys are the same everywhere (<see cref="Keys"/>; env: TENANTDB_DATA_DIR etc.). A value that does not
/// parse, is out of range, or a key the JSON file does not know is a <see cref="SettingsException"/>
/// naming the setting and where it came from.
/// </summary>
internal static class ServerSettingsLoader
{
    /// <summary>Every setting key, as written in the JSON file (environment: TENANTDB_ + upper case).</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "data_dir", "listen", "port", "tls_cert", "tls_key", "no_demo", "exclusive_files", "log_level", "log_format",
        "max_connections", "max_connections_per_tenant", "kept_sessions_per_tenant", "max_startup_connections", "idle_timeout_seconds",
        "idle_in_transaction_timeout_seconds", "statement_timeout_seconds", "authentication_timeout_seconds",
        "send_timeout_seconds", "shutdown_timeout_seconds", "max_message_size", "max_row_size", "sqlite_heap_limit",
        "slow_threshold_ms", "metrics", "metrics_tenant_labels", "workers", "synchronous",
    ];

    /// <summary>Builds the configuration layers below the flags.</summary>
    public static IConfiguration BuildConfiguration(string? configFile)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            string path = Path.GetFullPath(configFile);
            if (!File.Exists(path)) throw new SettingsException($"configuration file {path} (--config) does not exist");
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "tenantdb.json"), optional: true, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables("TENANTDB_");
        try
        {
            IConfigurationRoot root = builder.Build();
            RejectUnknownFileKeys(root);
            return root;
        }
        catch (InvalidDataException e)
        {
            // The JSON provider reports a malformed file this way; the inner exception says where.
            throw new SettingsException($"{e.Message.TrimEnd('.')}: {e.InnerException?.Message ?? "not valid JSON"}");
        }
    }

    /// <summary>Resolves settings; <paramref name="flags"/> holds only the flags the user actually gave.</summary>
    public static ServerSettings Load(IConfiguration config, IReadOnlyDictionary<string, string?> flags)
    {
        var values = new SettingValues(config, flags);
        var defaults = new ServerSettings();
        return new ServerSettings
        {
            DataDirectory = Path.GetFullPath(values.Text("data_dir") ?? defaults.DataDirectory),
            ListenAddress = values.Parse<IPAddress>("listen", defaults.ListenAddress, TryParseAddress, "an IP address, localhost or *"),
            Port = values.Integer("port", defaults.Port, 0, 65535),
            TlsCertificatePath = values.Text("tls_cert"),
            TlsKeyPath = values.Text("tls_key"),
            CreateDemoTenant = !values.Parse<bool>("no_demo", false, bool.TryParse, "true or false"),
            ExclusiveFiles = values.Parse<bool>("exclusive_files", false, bool.TryParse, "true or false"),
            MaxConnections = values.Integer("max_connections", defaults.MaxConnections, 1, 1_000_000),
            IdleTimeout = values.Seconds("idle_timeout_seconds", defaults.IdleTimeout),
            IdleInTransactionTimeout = values.Seconds("idle_in_transaction_timeout_seconds", defaults.IdleInTransactionTimeout),
            MaxMessageSize = values.Integer("max_message_size", defaults.MaxMessageSize, 1024, int.MaxValue),
            MaxRowSize = values.Integer("max_row_size", defaults.MaxRowSize, 1024, 1 << 30),
            MaxConnectionsPerTenant = values.Integer("max_connections_per_tenant", defaults.MaxConnectionsPerTenant, 1, 1_000_000),
            MaxStartupConnections = values.Integer("max_startup_connections", defaults.MaxStartupConnections, 1, 1_000_000),
            KeptSessionsPerTenant = values.Integer("kept_sessions_per_tenant", defaults.KeptSessionsPerTenant, 0, 1_000_000),
            Workers = values.Integer("workers", defaults.Workers, 0, ServerSettings.MaxWorkers),
            AuthenticationTimeout = values.Seconds("authentication_timeout_seconds", defaults.AuthenticationTimeout),
            SendTimeout = values.Seconds("send_timeout_seconds", defaults.SendTimeout),
            StatementTimeout = values.Seconds("statement_timeout_seconds", defaults.StatementTimeout),
            SqliteHeapLimit = values.Long("sqlite_heap_limit", defaults.SqliteHeapLimit, 0, long.MaxValue),
            Synchronous = values.Parse<TenantDb.Engine.SynchronousMode>("synchronous", defaults.Synchronous, TryParseName, "normal or full"),
            SlowThreshold = TimeSpan.FromMilliseconds(values.Integer("slow_threshold_ms", 0, 0, int.MaxValue)),
            ShutdownTimeout = values.Seconds("shutdown_timeout_seconds", defaults.ShutdownTimeout, ServerSettings.MaxShutdownTimeout),
            LogLevel = values.Parse<Microsoft.Extensions.Logging.LogLevel>("log_level", defaults.LogLevel, TryParseName, "trace, debug, information, warning, error, critical or none"),
            LogFormat = values.Parse<LogFormat>("log_format", defaults.LogFormat, TryParseName, "simple or json"),
        };
    }

    /// <summary>The metrics endpoint's settings (keys <c>metrics</c> and <c>metrics_tenant_labels</c>), same layering.</summary>
    public static MetricsSettings LoadMetrics(IConfiguration config, IReadOnlyDictionary<string, string?> flags)
    {
        var values = new SettingValues(config, flags);
        IPEndPoint? listen = values.Parse<IPEndPoint?>("metrics", null, TryParseMetricsAddress, "ADDRESS:PORT (for example 127.0.0.1:9187) or a port");
        IReadOnlySet<string>? labels = values.Parse<IReadOnlySet<string>?>("metrics_tenant_labels", null, MetricsSettings.TryParseTenantLabels,
            $"a comma-separated list of at most {MetricsSettings.MaxTenantLabels.ToString(CultureInfo.InvariantCulture)} tenant names");
        return new MetricsSettings(listen, labels);
    }

    /// <summary>Data directory for admin commands: flag, then environment/config file, then the default.</summary>
    public static string ResolveDataDirectory(string? flag, string? configFile = null)
    {
        var values = new SettingValues(BuildConfiguration(configFile), new Dictionary<string, string?> { ["data_dir"] = flag });
        return Path.GetFullPath(values.Text("data_dir") ?? new ServerSettings().DataDirectory);
    }

    private static void RejectUnknownFileKeys(IConfigurationRoot root)
    {
        foreach (IConfigurationProvider provider in root.Providers)
        {
            if (provider is not JsonConfigurationProvider json) continue;
            foreach (string key in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!Keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new SettingsException($"unknown setting \"{key}\" in {json.Source.Path}; known settings: {string.Join(", ", Keys)}");
                }
            }
        }
    }

    private delegate bool TryParser<T>(string text, out T value);

    private static bool TryParseAddress(string text, out IPAddress address)
    {
        address = text switch
        {
            "localhost" => IPAddress.Loopback,
            "*" => IPAddress.Any,
            _ => IPAddress.TryParse(text, out var parsed) ? parsed : null!,
        };
        return address is not null;
    }

    // "9187" alone listens on loopback; "localhost:9187" is loopback too; port 0 picks a free port.
    private static bool TryParseMetricsAddress(string text, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port))
        {
            text = "127.0.0.1:" + text;
        }
        else if (text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            text = "127.0.0.1" + text["localhost".Length..];
        }
        else if (text.StartsWith("*:", StringComparison.Ordinal))
        {
            text = "0.0.0.0" + text[1..];
        }

        // An address without a port parses as port 0; insist on one so a typo does not pick a random port.
        if (!IPEndPoint.TryParse(text, out IPEndPoint? parsed) || !(text.EndsWith(":0", StringComparison.Ordinal) || parsed.Port != 0) || port < 0)
        {
            return false;
        }

        endPoint = parsed;
        return true;
    }

    // An enum value by name only: Enum.TryParse would also take numbers ("7") and undefined values.
    private static bool TryParseName<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0]);

    /// <summary>One lookup of each setting, knowing where its value came from so an error can say so.</summary>
    private sealed class SettingValues(IConfiguration config, IReadOnlyDictionary<string, string?> flags)
    {
        public string? Text(string key) => flags.TryGetValue(key, out var flag) && flag is not null ? flag : config[key];

        public int Integer(string key, int fallback, int min, int max)
        {
            string? text = Text(key);
            if (text is null) return fallback;
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max) return value;
            throw Invalid(key, text, $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }

        public long Long(string key, long fallback, long min, long max)
        {
            string? text = Text(key);
            if (text is null) return fallback;
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) && value >= min && value <= max) return value;
            throw Invalid(key, text, $"a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
        }

        public TimeSpan Seconds(string key, TimeSpan fallback, TimeSpan? max = null)
        {
            string? text = Text(key);
            if (text is null) return fallback;
            double limit = (max ?? TimeSpan.FromDays(365)).TotalSeconds;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= limit) return TimeSpan.FromSeconds(seconds);
            throw Invalid(key, text, $"a number of seconds greater than 0 and at most {limit.ToString(CultureInfo.InvariantCulture)}");
        }

        public T Parse<T>(string key, T fallback, TryParser<T> tryParse, string expected)
        {
            string? text = Text(key);
            if (text is null) return fallback;
            return tryParse(text, out T value) ? value : throw Invalid(key, text, expected);
        }

        private SettingsException Invalid(string key, string text, string expected) =>
            new($"invalid value \"{Shorten(text)}\" for {Source(key)}: expected {expected}");

        private string Source(string key)
        {
            if (flags.TryGetValue(key, out var flag) && flag is not null) return "--" + key.Replace('_', '-');
            if (config is IConfigurationRoot root)
            {
                for (int i = root.Providers.Count() - 1; i >= 0; i--)
                {
                    IConfigurationProvider provider = root.Providers.ElementAt(i);
                    if (!provider.TryGet(key, out _)) continue;
                    return provider switch
                    {
                        EnvironmentVariablesConfigurationProvider => "TENANTDB_" + key.ToUpperInvariant(),
                        JsonConfigurationProvider json => $"\"{key}\" in {json.Source.Path}",
                        _ => key,
                    };
                }
            }

            return key;
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
    }
}
