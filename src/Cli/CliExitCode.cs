namespace TenantDb.Cli;

/// <summary>The exit codes of the `tenantdb` command (documented in docs/operations.md).</summary>
internal static class CliExitCode
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The operation itself failed (the tenant exists, the procedure is invalid, ...).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage or configuration: an unknown flag or setting, a value that does not parse.</summary>
    public const int Usage = 2;

    /// <summary>The environment refused: the port is in use, a file cannot be read, no data directory.</summary>
    public const int Environment = 3;

    /// <summary>An internal error (a bug): the message says what; TENANTDB_LOG_LEVEL=debug adds the stack trace.</summary>
    public const int Internal = 70;
}
