using System.CommandLine;
using TenantDb.Wire.Cli;

// The `tenantdb` executable: the PostgreSQL-protocol server plus admin commands.
// One registration line per command; each command lives in src/Wire/Cli.
var root = new RootCommand("TenantDb: multi-tenant SQLite database server speaking the PostgreSQL v3 protocol.");
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(TenantCommand.Create());
root.Subcommands.Add(WasmCommand.Create());
root.Subcommands.Add(ProcedureCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
