using System.CommandLine;
using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli;

/// <summary>
/// `tenantdb procedure put|list|drop --tenant T`: manage stored procedures straight against the data
/// directory, the same operations as CREATE/DROP PROCEDURE over the wire.
/// </summary>
internal static class ProcedureCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create()
    {
        var command = new Command("procedure", "Upload, list and drop stored procedures (WebAssembly modules).");
        command.Subcommands.Add(PutCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(DropCommand());
        command.Subcommands.Add(LimitsCommand());
        return command;
    }

    private static Option<string> Tenant() => new("--tenant") { Description = "The tenant owning the procedure.", Required = true };

    private static Command PutCommand()
    {
        var file = new Argument<FileInfo>("file") { Description = "The module: a .wasm binary or .wat text." };
        var name = new Option<string?>("--name") { Description = "Procedure name (default: the file name without extension)." };
        var parameters = new Option<string>("--params") { Description = "Parameters, e.g. \"n int8, name text\".", DefaultValueFactory = _ => "" };
        var returns = new Option<string>("--returns") { Description = "Result columns, e.g. \"customer text, revenue float8\".", DefaultValueFactory = _ => "" };
        var tenant = Tenant();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("put", "Upload (or replace) a procedure; the module is validated and compiled first.")
        {
            file, name, parameters, returns, tenant, dataDir, config,
        };
        command.SetAction(parse => Run(parse, dataDir, config, parse.GetValue(tenant)!, session =>
        {
            var path = parse.GetValue(file)!;
            var procedure = parse.GetValue(name) ?? Path.GetFileNameWithoutExtension(path.Name);
            // Reuse the SQL grammar for the column lists so the CLI and CREATE PROCEDURE agree exactly.
            var declaration = $"CREATE PROCEDURE \"{procedure}\"({parse.GetValue(parameters)})"
                + (string.IsNullOrWhiteSpace(parse.GetValue(returns)) ? "" : $" RETURNS TABLE({parse.GetValue(returns)})") + " AS $1";
            ProcedureCommandParser.TryParse(declaration, out var parsed);
            var create = (CreateProcedureCommand)parsed!;
            var info = session.CreateProcedure(create.Name, create.Parameters, create.Columns, File.ReadAllBytes(path.FullName), orReplace: true);
            parse.InvocationConfiguration.Output.WriteLine($"stored procedure {info.Name} ({info.ModuleBytes} bytes of wasm) in tenant {session.Tenant}");
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var tenant = Tenant();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("list", "List a tenant's procedures with their signatures.") { tenant, dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, parse.GetValue(tenant)!, session =>
        {
            foreach (var p in session.ListProcedures())
            {
                var returns = p.Columns.Count == 0 ? "" : $" RETURNS TABLE({Format(p.Columns)})";
                parse.InvocationConfiguration.Output.WriteLine($"{p.Name}({Format(p.Parameters)}){returns}");
            }
        }));
        return command;
    }

    private static Command DropCommand()
    {
        var name = new Argument<string>("name") { Description = "Procedure to drop." };
        var tenant = Tenant();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("drop", "Drop a procedure.") { name, tenant, dataDir, config };
        command.SetAction(parse => Run(parse, dataDir, config, parse.GetValue(tenant)!, session =>
        {
            session.DropProcedure(parse.GetValue(name)!);
            parse.InvocationConfiguration.Output.WriteLine($"dropped procedure {parse.GetValue(name)}");
        }));
        return command;
    }

    private static Command LimitsCommand()
    {
        var fuel = new Option<long?>("--fuel") { Description = "Fuel per call (function entries + loop back-edges)." };
        var timeout = new Option<int?>("--timeout-ms") { Description = "Wall-clock time per call, in milliseconds." };
        var memory = new Option<int?>("--max-memory-pages") { Description = "Linear memory, in 64 KiB pages." };
        var rowsRead = new Option<long?>("--max-rows-read") { Description = "Rows a call may read from its queries." };
        var rowsWritten = new Option<long?>("--max-rows-written") { Description = "Rows a call's statements may change." };
        var resultBytes = new Option<long?>("--max-result-bytes") { Description = "Bytes of result rows a call may emit." };
        var reset = new Option<bool>("--reset") { Description = "Forget this tenant's limits and use the engine's defaults." };
        var tenant = Tenant();
        var (dataDir, config) = (CommonOptions.DataDirectory(), CommonOptions.ConfigFile());
        var command = new Command("limits", "Show or set a tenant's procedure limits (unset options keep their value).")
        {
            fuel, timeout, memory, rowsRead, rowsWritten, resultBytes, reset, tenant, dataDir, config,
        };
        command.SetAction(parse => Run(parse, dataDir, config, parse.GetValue(tenant)!, session =>
        {
            if (parse.GetValue(reset))
            {
                session.SetProcedureLimits(null);
            }
            else
            {
                var current = session.GetProcedureLimits();
                var updated = current with
                {
                    Fuel = parse.GetValue(fuel) ?? current.Fuel,
                    Timeout = parse.GetValue(timeout) is int ms ? TimeSpan.FromMilliseconds(ms) : current.Timeout,
                    MaxMemoryPages = parse.GetValue(memory) ?? current.MaxMemoryPages,
                    MaxRowsRead = parse.GetValue(rowsRead) ?? current.MaxRowsRead,
                    MaxRowsWritten = parse.GetValue(rowsWritten) ?? current.MaxRowsWritten,
                    MaxResultBytes = parse.GetValue(resultBytes) ?? current.MaxResultBytes,
                };
                if (updated != current) session.SetProcedureLimits(updated);
            }
            var l = session.GetProcedureLimits();
            parse.InvocationConfiguration.Output.WriteLine(
                $"fuel={l.Fuel} timeout-ms={(long)l.Timeout.TotalMilliseconds} max-memory-pages={l.MaxMemoryPages} "
                + $"max-rows-read={l.MaxRowsRead} max-rows-written={l.MaxRowsWritten} max-result-bytes={l.MaxResultBytes}");
        }));
        return command;
    }

    private static string Format(IReadOnlyList<ProcedureColumn> columns) =>
        string.Join(", ", columns.Select(c => $"{c.Name} {c.Type.ToString().ToLowerInvariant()}"));

    private static int Run(ParseResult parse, Option<string?> dataDir, Option<string?> config, string tenant, Action<TenantSession> action)
    {
        using var engine = AdminDataDirectory.Open(parse.GetValue(dataDir), parse.GetValue(config));
        using var session = engine.OpenSession(tenant);
        action(session);
        return CliExitCode.Ok;
    }
}
