using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace TenantDb.Bench.Load;

/// <summary>
/// The real server, `dotnet tenantdb.dll serve`, as a child process on a loopback port it picks itself
/// (--port 0; the port is read from its "listening on" log line). Disposing kills it, so no test or
/// benchmark leaves a server behind, also when it fails.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int KeptLogLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The server's build output, copied beside this assembly by the project reference to src/Cli.</summary>
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "tenantdb.dll");

    /// <summary>Process id (for /proc sampling and for killing).</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process is gone (killed or crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The TCP port once the server listens.</summary>
    public Task<int> Listening => _listening.Task;

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string RecentLog => string.Join('\n', _log);

    /// <summary>Starts the server without waiting for it to listen (a crash test may kill it during startup).</summary>
    public static ServerProcess Launch(string dataDirectory, params string[] extraArguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the caller's directory: a tenantdb.json there would change the settings.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dataDirectory))!,
        };
        foreach (var a in new[] { Executable, "serve", "--data-dir", dataDirectory, "--port", "0", "--no-demo" }) psi.ArgumentList.Add(a);
        foreach (var a in extraArguments) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("TENANTDB_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start dotnet " + Executable);
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("the server exited before it listened:\n" + server.RecentLog));
        return server;
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory, TimeSpan timeout, params string[] extraArguments)
    {
        var server = Launch(dataDirectory, extraArguments);
        try
        {
            await server.Listening.WaitAsync(timeout).ConfigureAwait(false);
            return server;
        }
        catch (TimeoutException)
        {
            var log = server.RecentLog;
            server.Dispose();
            throw new TimeoutException($"the server did not listen within {timeout.TotalSeconds:F0} s; its log:\n{log}");
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="tenant"/> on this server.</summary>
    public string ConnectionString(string tenant, string user, string password, bool pooling) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Listening.Result,
        Database = tenant,
        Username = user,
        Password = password,
        Pooling = pooling,
        MaxPoolSize = 1000,
        Timeout = 30,
        CommandTimeout = 60,
    }.ToString();

    /// <summary>SIGKILL (Process.Kill sends SIGKILL on Unix): no shutdown code runs; waits until the process is gone.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        if (!_process.WaitForExit(30_000)) throw new InvalidOperationException($"server {Pid} did not die after SIGKILL");
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > KeptLogLines) _log.TryDequeue(out _);
        var match = ListeningLine().Match(line);
        if (match.Success) _listening.TrySetResult(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"listening on \S*:(\d+)")]
    private static partial Regex ListeningLine();
}
