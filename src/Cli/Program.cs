using TenantDb.Cli;

// The `tenantdb` executable: the PostgreSQL-protocol server plus admin commands (src/Cli).
return await TenantDbCommandLine.RunAsync(args).ConfigureAwait(false);
