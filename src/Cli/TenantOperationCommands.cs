using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TenantDb.Engine;
using TenantDb.Engine.Operations;
using TenantDb.Engine.Usage;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb tenant backup|restore|fork|stats`: copies and usage of tenants, straight against the data
/// directory, also while a server runs on it.
/// </summary>
internal static class TenantOperationCommands
{
    /// <summary>Adds the commands to the `tenant` group.</summary>
    public static void AddTo(Command tenant)
    {
        tenant.Subcommands.Add(BackupCommand());
        tenant.Subcommands.Add(RestoreCommand());
        tenant.Subcommands.Add(ForkCommand());
        tenant.Subcommands.Add(StatsCommand());
    }

    private static Command BackupCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant to back up." };
        var file = new Argument<string>("file") { Description = "New file to write the snapshot to (one SQLite database)." };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("backup", "Write a consistent snapshot of a tenant to a file while it keeps running.") { name, file, dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            TenantOperationResult result = engine.BackupTenant(parse.GetValue(name)!, parse.GetValue(file)!);
            parse.InvocationConfiguration.Output.WriteLine(
                $"backed up tenant {result.Tenant} to {Path.GetFullPath(parse.GetValue(file)!)} ({ByteSize.Format(result.Bytes)} in {Seconds(result)})");
        }));
        return command;
    }

    private static Command RestoreCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant to create (or, with --replace, to overwrite)." };
        var file = new Argument<string>("file") { Description = "Backup file; it is checked before use." };
        var replace = new Option<bool>("--replace") { Description = "Overwrite the existing tenant, which must have no open session." };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("restore", "Create or replace a tenant from a backup file, after checking the file as hostile.")
        {
            name, file, replace, dataDir, config,
        };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            TenantOperationResult result = engine.RestoreTenant(parse.GetValue(name)!, parse.GetValue(file)!, parse.GetValue(replace));
            parse.InvocationConfiguration.Output.WriteLine(
                $"restored tenant {result.Tenant} ({ByteSize.Format(result.Bytes)}, {result.ProceduresVerified} procedures verified, in {Seconds(result)})");
        }));
        return command;
    }

    private static Command ForkCommand()
    {
        var source = new Argument<string>("source") { Description = "Tenant to copy." };
        var destination = new Argument<string>("destination") { Description = "New tenant (it gets no users; add them with `tenant passwd`)." };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("fork", "Create a tenant from a consistent snapshot of another.") { source, destination, dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            TenantOperationResult result = engine.ForkTenant(parse.GetValue(source)!, parse.GetValue(destination)!);
            parse.InvocationConfiguration.Output.WriteLine(
                $"forked tenant {parse.GetValue(source)} to {result.Tenant} ({ByteSize.Format(result.Bytes)} in {Seconds(result)})");
        }));
        return command;
    }

    private static Command StatsCommand()
    {
        var name = new Argument<string?>("name") { Description = "Tenant; all tenants when omitted.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON (an object for one tenant, an array for all)." };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("stats", "Show tenants' usage: statements, calls, fuel, CPU time, rows, bytes, errors and storage.")
        {
            name, json, dataDir, config,
        };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            string? one = parse.GetValue(name);
            IReadOnlyList<string> tenants = one is null ? engine.ListTenants() : [one];
            var usages = tenants.Select(engine.GetUsage).ToList();
            parse.InvocationConfiguration.Output.Write(parse.GetValue(json) ? Json(usages, single: one is not null) : Table(usages));
        }));
        return command;
    }

    /// <summary>The usage as JSON: one object per tenant with the figures' column names.</summary>
    public static string Json(IReadOnlyList<TenantUsage> usages, bool single)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            if (!single)
            {
                writer.WriteStartArray();
            }

            foreach (TenantUsage usage in usages)
            {
                writer.WriteStartObject();
                writer.WriteString("tenant", usage.Tenant);
                foreach (UsageFigure figure in Enum.GetValues<UsageFigure>())
                {
                    writer.WriteNumber(TenantUsage.ColumnName(figure), usage[figure]);
                }

                writer.WriteNumber("storage_bytes", usage.StorageBytes);
                writer.WriteEndObject();
            }

            if (!single)
            {
                writer.WriteEndArray();
            }
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The usage as an aligned text table, one row per tenant.</summary>
    public static string Table(IReadOnlyList<TenantUsage> usages)
    {
        var header = new List<string> { "tenant" };
        header.AddRange(Enum.GetValues<UsageFigure>().Select(TenantUsage.ColumnName));
        header.Add("storage_bytes");
        var rows = usages.Select(u =>
        {
            var row = new List<string> { u.Tenant };
            row.AddRange(u.Figures.Select(f => f.ToString(CultureInfo.InvariantCulture)));
            row.Add(u.StorageBytes.ToString(CultureInfo.InvariantCulture));
            return row;
        }).ToList();
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        foreach (List<string> row in rows.Prepend(header))
        {
            text.AppendJoin("  ", row.Select((cell, i) => i == 0 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])).ToArray()).Append('\n');
        }

        return text.ToString();
    }

    private static string Seconds(TenantOperationResult result) =>
        result.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    private static int Run(ParseResult parse, Option<string?> dataDir, Option<string?> config, Action<TenantDbEngine> action)
    {
        using var engine = AdminDataDirectory.Open(parse.GetValue(dataDir), parse.GetValue(config));
        action(engine);
        return CliExitCode.Ok;
    }
}
