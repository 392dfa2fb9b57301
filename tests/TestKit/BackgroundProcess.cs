using System.Collections.Concurrent;
using System.Diagnostics;

namespace TenantDb.TestKit;

/// <summary>
/// A program that runs beside the test (a server) until the test stops it: its output lines are
/// collected as they arrive, a test waits for a line with a deadline, stops it with SIGTERM, and
/// disposing kills it if it is still running, so a failing test never leaves a process behind.
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private BackgroundProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _error.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static BackgroundProcess Start(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        return new BackgroundProcess(Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}"));
    }

    /// <summary>The lines written to standard output so far, in order.</summary>
    public IReadOnlyList<string> OutputLines => [.. _output];

    /// <summary>Everything written so far, standard output first, for assertions and failure messages.</summary>
    public IReadOnlyList<string> AllLines => [.. _output, .. _error];

    /// <summary>Waits until a line of standard output satisfies <paramref name="match"/>; returns the lines up to and including it.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutputLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        IReadOnlyList<string> upTo = [];
        await Eventually.TrueAsync(() =>
        {
            var lines = OutputLines;
            int index = lines.ToList().FindIndex(line => match(line));
            if (index >= 0) upTo = lines.Take(index + 1).ToList();
            return index >= 0 || _process.HasExited;
        }, timeout, () => "no such line; output so far:\n" + string.Join("\n", AllLines));
        if (upTo.Count == 0) throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before the line appeared; output:\n{string.Join("\n", AllLines)}");
        return upTo;
    }

    /// <summary>Sends SIGTERM and waits for the process to end; returns its exit code.</summary>
    public int Terminate(TimeSpan timeout)
    {
        UnixSignal.Terminate(_process.Id);
        if (!_process.WaitForExit(timeout)) throw new TimeoutException($"the process did not stop within {timeout.TotalSeconds} s of SIGTERM");
        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
