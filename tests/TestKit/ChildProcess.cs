using System.Diagnostics;

namespace TenantDb.TestKit;

/// <summary>
/// Runs a program to completion with a hard timeout, capturing both output streams. A test that
/// launches a tool goes through here, so a hung tool ends the test instead of the whole run.
/// </summary>
public static class ChildProcess
{
    public static ChildProcessResult Run(
        string program,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        int timeoutSeconds = 60,
        string? workingDirectory = null,
        string? standardInput = null)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        // Both streams are drained concurrently: a child filling one pipe must never block on it.
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            p.StandardInput.Write(standardInput);
            p.StandardInput.Close();
        }

        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"{program} did not finish in {timeoutSeconds} s; stderr: {stderr.Result}");
        }
        p.WaitForExit(); // flushes the asynchronous readers
        return new ChildProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
