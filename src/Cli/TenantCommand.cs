using System.CommandLine;
using TenantDb.Engine;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb tenant create|list|drop|passwd|quota` (and backup|restore|fork|stats, <see cref="TenantOperationCommands"/>): administration straight against the data directory.
/// The catalog is a SQLite database, so this works while a server is running on the same directory.
/// </summary>
internal static class TenantCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("tenant", "Create, list and drop tenants; set passwords; back up, restore, fork; show usage.");
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(DropCommand());
        command.Subcommands.Add(PasswordCommand());
        command.Subcommands.Add(QuotaCommand());
        TenantOperationCommands.AddTo(command);
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant name: [a-z][a-z0-9_-]{0,62}." };
        var user = new Option<string?>("--user") { Description = "Also create this user, with a password from --password-stdin, TENANTDB_PASSWORD, the prompt or --password." };
        var password = new PasswordInput();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("create", "Create a tenant.") { name, user, dataDir, config };
        password.AddTo(command);
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            var tenant = parse.GetValue(name)!;
            var u = parse.GetValue(user);
            // Read the password before creating anything, so a missing one leaves no tenant behind.
            string? secret = u is null ? null : password.Read(parse, u);
            engine.CreateTenant(tenant);
            if (u is not null) engine.SetPassword(tenant, u, secret!);
            parse.InvocationConfiguration.Output.WriteLine($"created tenant {tenant}");
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("list", "List tenants.") { dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            foreach (var t in engine.ListTenants()) parse.InvocationConfiguration.Output.WriteLine(t);
        }));
        return command;
    }

    private static Command DropCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant to drop (its data is deleted)." };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("drop", "Drop a tenant and delete its data.") { name, dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            engine.DropTenant(parse.GetValue(name)!);
            parse.InvocationConfiguration.Output.WriteLine($"dropped tenant {parse.GetValue(name)}");
        }));
        return command;
    }

    private static Command PasswordCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant." };
        var user = new Option<string>("--user") { Description = "User name.", Required = true };
        var password = new PasswordInput();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("passwd", "Create a user or set its password (stored only as a SCRAM-SHA-256 verifier).") { name, user, dataDir, config };
        password.AddTo(command);
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            engine.SetPassword(parse.GetValue(name)!, parse.GetValue(user)!, password.Read(parse, parse.GetValue(user)!));
            parse.InvocationConfiguration.Output.WriteLine($"password set for user {parse.GetValue(user)} on tenant {parse.GetValue(name)}");
        }));
        return command;
    }

    private static Command QuotaCommand()
    {
        var name = new Argument<string>("name") { Description = "Tenant." };
        var size = new Argument<string?>("size")
        {
            Description = "New size quota: bytes, or with a K/M/G suffix (binary units). Omit to show the current quota.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("quota", "Show or set a tenant's database size quota. A running server applies a new quota at the tenant's next login.")
        {
            name, size, dataDir, config,
        };
        command.SetAction(parse => Run(parse, dataDir, config, engine =>
        {
            var tenant = parse.GetValue(name)!;
            var text = parse.GetValue(size);
            if (text is not null)
            {
                if (!ByteSize.TryParse(text, out var bytes))
                    throw new CliException(CliExitCode.Usage, $"invalid size \"{text}\": use bytes or a number with K, M or G");
                engine.SetQuota(tenant, bytes);
            }
            parse.InvocationConfiguration.Output.WriteLine($"tenant {tenant} quota {ByteSize.Format(engine.GetQuota(tenant))}");
        }));
        return command;
    }

    private static int Run(ParseResult parse, Option<string?> dataDir, Option<string?> config, Action<TenantDbEngine> action)
    {
        using var engine = AdminDataDirectory.Open(parse.GetValue(dataDir), parse.GetValue(config));
        action(engine);
        return CliExitCode.Ok;
    }
}
