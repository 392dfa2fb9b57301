using Npgsql;
using TenantDb.Bench.Load;
using TenantDb.Engine.Tenants;
using TenantDb.TestKit;
using Xunit.Abstractions;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// The bounded CI version of bench/load: 100 connections over 10 tenants mixing reads, writes and CALLs
/// against the real server for TENANTDB_LOAD_SECONDS (default 12 s): no errors, and the server still answers.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class LoadSmokeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _root = new("tenantdb-loadci-");

    private string DataDirectory => _root.File("data");

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Hundred_connections_over_ten_tenants_run_without_errors_and_the_server_still_answers()
    {
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("TENANTDB_LOAD_SECONDS"), out int s) ? s : 12;
        var options = new LoadOptions { Tenants = 10, Connections = 100, Duration = TimeSpan.FromSeconds(seconds) };
        TenantProvisioning.Create(DataDirectory, options.TenantNames);
        using var server = await ServerProcess.StartAsync(DataDirectory, TimeSpan.FromSeconds(90));

        var report = await LoadDriver.RunAsync(server, options, output.WriteLine);
        output.WriteLine(report.ToMarkdown());

        Assert.False(server.HasExited, "the server died under load:\n" + server.RecentLog);
        Assert.True(report.TotalErrors == 0, string.Join('\n', report.Errors.Select(e => $"{e.Value} x {e.Key}")));
        Assert.All(report.Operations, o => Assert.True(o.Count > 0, $"no {o.Kind} operation completed"));
        Assert.True(report.Memory[^1].RssKiB < 1024 * 1024, $"server RSS {report.Memory[^1].RssKiB} KiB after a short run");

        await using var connection = new NpgsqlConnection(LoadDriver.ConnectionString(server, LoadOptions.TenantName(0)));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM kv", connection);
        Assert.Equal((long)options.Keys, await command.ExecuteScalarAsync());
    }
}
