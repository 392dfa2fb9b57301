namespace TenantDb.TestKit;

/// <summary>What a finished child process left: its exit code and everything it wrote.</summary>
public sealed record ChildProcessResult(int ExitCode, string Stdout, string Stderr);
