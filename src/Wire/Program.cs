using TenantDb.Wire.Cli;

// The `tenantdb` executable: the PostgreSQL-protocol server plus admin commands (src/Wire/Cli).
return await TenantDbCommandLine.RunAsync(args).ConfigureAwait(false);
