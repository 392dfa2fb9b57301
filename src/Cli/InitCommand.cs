using System.CommandLine;
using TenantDb.Engine;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli;

/// <summary>`tenantdb init`: creates an empty data directory (catalog, no tenants) for admin commands and serve.</summary>
internal static class InitCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("init", "Create an empty data directory (`tenantdb serve` creates one on first start too).") { dataDir, config };
        command.SetAction(parse =>
        {
            string directory = ServerSettingsLoader.ResolveDataDirectory(parse.GetValue(dataDir), parse.GetValue(config));
            bool existed = File.Exists(Path.Combine(directory, AdminDataDirectory.CatalogFile));
            Directory.CreateDirectory(directory);
            using (TenantDbEngine.Open(directory))
            {
            }

            parse.InvocationConfiguration.Output.WriteLine(existed ? $"data directory {directory} already exists" : $"created data directory {directory}");
            return CliExitCode.Ok;
        });
        return command;
    }
}
