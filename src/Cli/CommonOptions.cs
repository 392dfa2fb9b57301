using System.CommandLine;

namespace TenantDb.Cli;

/// <summary>Options shared by several commands, created fresh for each (an option belongs to one command).</summary>
internal static class CommonOptions
{
    /// <summary>--data-dir: where the catalog and tenant databases live.</summary>
    public static Option<string?> DataDirectory() => new("--data-dir")
    {
        Description = "Data directory (default ./tenantdb-data; env TENANTDB_DATA_DIR; config key data_dir).",
    };

    /// <summary>--config: a JSON settings file (default ./tenantdb.json if present).</summary>
    public static Option<string?> ConfigFile() => new("--config")
    {
        Description = "JSON configuration file (default ./tenantdb.json when it exists).",
    };
}
