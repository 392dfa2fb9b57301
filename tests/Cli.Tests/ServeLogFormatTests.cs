using System.Diagnostics;
using System.Text.Json;
using TenantDb.Cli.Hosting;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb serve --log-format json`, run as the real executable.</summary>
public sealed class ServeLogFormatTests
{
    [Fact]
    public void Serve_writes_json_lines_with_utc_timestamps_when_asked()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), $"tenantdb-jsonlog-{Guid.NewGuid():N}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { typeof(ServerHost).Assembly.Location, "serve", "--data-dir", dataDir, "--port", "0", "--no-demo", "--log-format", "json" })
            psi.ArgumentList.Add(a);
        using var server = Process.Start(psi)!;
        try
        {
            var lines = new List<string>();
            while (server.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                if (line.Contains("listening on", StringComparison.Ordinal)) break;
            }

            Assert.NotEmpty(lines);
            foreach (string line in lines)
            {
                using var json = JsonDocument.Parse(line);
                string timestamp = json.RootElement.GetProperty("Timestamp").GetString()!;
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", timestamp);
                Assert.True(json.RootElement.TryGetProperty("LogLevel", out _));
            }

            UnixSignal.Terminate(server.Id);
            Assert.True(server.WaitForExit(30_000));
            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }
}
