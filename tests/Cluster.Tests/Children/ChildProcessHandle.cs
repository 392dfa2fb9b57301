using System.Diagnostics;
using System.Threading.Channels;

namespace TenantDb.Cluster.Tests.Children;

/// <summary>
/// This test assembly started again as a child process (see <see cref="Program"/>), with its stdout
/// lines readable with a bounded wait. Disposing kills it if it is still running.
/// </summary>
internal sealed class ChildProcessHandle : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _log = [];

    private ChildProcessHandle(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the child printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_log) return string.Join('\n', _log);
        }
    }

    public static ChildProcessHandle Start(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new ChildProcessHandle(Process.Start(psi) ?? throw new InvalidOperationException("cannot start the child process"));
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>The next line the child prints, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<string> NextLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"child printed nothing within {timeout}; its output so far:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the process ends at once, without any cleanup (its file locks go with it).</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, then waits up to <paramref name="timeout"/> for a graceful exit; true if it exited.</summary>
    public bool Terminate(TimeSpan timeout)
    {
        if (_process.HasExited) return true;
        TestKit.UnixSignal.Terminate(_process.Id);
        return _process.WaitForExit(timeout);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_log) _log.Add(line);
        _lines.Writer.TryWrite(line);
    }
}
