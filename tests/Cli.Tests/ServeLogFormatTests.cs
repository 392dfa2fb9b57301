using System.Text.Json;
using TenantDb.Cli.Hosting;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb serve --log-format json`, run as the real executable.</summary>
public sealed class ServeLogFormatTests
{
    [Fact]
    public async Task Serve_writes_json_lines_with_utc_timestamps_when_asked()
    {
        using var dataDir = new TempDirectory("tenantdb-jsonlog-");
        using var server = BackgroundProcess.Start("dotnet",
            [typeof(ServerHost).Assembly.Location, "serve", "--data-dir", dataDir.Path, "--port", "0", "--no-demo", "--log-format", "json"]);
        var lines = await server.WaitForOutputLineAsync(line => line.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.NotEmpty(lines);
        foreach (string line in lines)
        {
            using var json = JsonDocument.Parse(line);
            string timestamp = json.RootElement.GetProperty("Timestamp").GetString()!;
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", timestamp);
            Assert.True(json.RootElement.TryGetProperty("LogLevel", out _));
        }

        Assert.Equal(0, server.Terminate(TimeSpan.FromSeconds(30)));
    }
}
