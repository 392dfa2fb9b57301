using TenantDb.Engine;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// Opens the data directory for an admin command. Admin commands work on an existing data directory
/// only: a mistyped --data-dir must not leave a new, empty one behind.
/// </summary>
internal static class AdminDataDirectory
{
    /// <summary>The catalog file that marks a directory as a TenantDb data directory.</summary>
    public const string CatalogFile = "catalog.db";

    /// <summary>Opens the engine on the resolved data directory, which must exist.</summary>
    public static TenantDbEngine Open(string? flag, string? configFile)
    {
        string directory = ServerSettingsLoader.ResolveDataDirectory(flag, configFile);
        if (!File.Exists(Path.Combine(directory, CatalogFile)))
        {
            throw new CliException(CliExitCode.Environment,
                $"no TenantDb data directory at {directory}: point --data-dir (or TENANTDB_DATA_DIR) at one, or create it with `tenantdb init --data-dir {directory}`");
        }

        return TenantDbEngine.Open(directory);
    }
}
