namespace TenantDb.Cli;

/// <summary>A user mistake or an environment problem, reported as one line and <see cref="ExitCode"/>.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>One of <see cref="CliExitCode"/>.</summary>
    public int ExitCode { get; } = exitCode;
}
