using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;
using TenantDb.Cli.Hosting;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests.Metrics;

/// <summary>`tenantdb serve --metrics`: the real executable scraped over HTTP after real PostgreSQL traffic.</summary>
public sealed partial class MetricsServeProcessTests : IDisposable
{
    private readonly TempDirectory _dataDir = new("tenantdb-metrics-");
    private static string Executable => typeof(ServerHost).Assembly.Location;

    public void Dispose() => _dataDir.Dispose();

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    [GeneratedRegex(@"metrics on http://127\.0\.0\.1:(\d+)/metrics")]
    private static partial Regex MetricsLine();

    [Fact]
    public async Task Scrape_after_traffic_shows_counters_moved_with_bounded_tenant_labels()
    {
        int port = FreePort();
        using var server = BackgroundProcess.Start("dotnet",
        [
            Executable, "serve", "--data-dir", _dataDir.Path, "--port", port.ToString(CultureInfo.InvariantCulture),
            "--metrics", "127.0.0.1:0", "--metrics-tenant-labels", "demo",
        ]);
        await server.WaitForOutputLineAsync(l => l.Contains($"listening on 127.0.0.1:{port}", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        string metricsLine = server.AllLines.Single(l => MetricsLine().IsMatch(l));
        int metricsPort = int.Parse(MetricsLine().Match(metricsLine).Groups[1].Value, CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(15) };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync("/metrics", new StringContent("x"))).StatusCode);
        var before = PrometheusText.Parse(await http.GetStringAsync("/metrics"));

        var demo = $"Host=127.0.0.1;Port={port};Database=demo;Username=demo;Password=demo;Pooling=false;Timeout=15";
        await using (var c = new NpgsqlConnection(demo))
        {
            await c.OpenAsync();
            await using (var cmd = new NpgsqlCommand("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)", c))
                await cmd.ExecuteNonQueryAsync();
            await using (var cmd = new NpgsqlCommand("SELECT x FROM t", c))
            await using (var reader = await cmd.ExecuteReaderAsync())
                while (await reader.ReadAsync()) { }
            await using (var cmd = new NpgsqlCommand("SELECT * FROM no_such_table", c))
                await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        }
        await using (var wrong = new NpgsqlConnection(demo.Replace("Password=demo", "Password=wrong", StringComparison.Ordinal)))
            await Assert.ThrowsAsync<PostgresException>(() => wrong.OpenAsync());

        var after = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);

        Assert.True(Moved("tenantdb_statements_total", ("tenant", "demo")) >= 3);
        Assert.True(Moved("tenantdb_rows_written_total", ("tenant", "demo")) >= 3);
        Assert.True(Moved("tenantdb_rows_read_total", ("tenant", "demo")) >= 3);
        Assert.True(Moved("tenantdb_statement_duration_seconds_count", ("tenant", "demo")) >= 3);
        Assert.True(Moved("tenantdb_connections_total") >= 2);
        Assert.True(Moved("tenantdb_connections_refused_total", ("cause", "authentication_failed")) >= 1);
        Assert.True(Moved("tenantdb_wire_errors_total", ("class", "42")) >= 1);
        Assert.Equal(1, after.Sum("tenantdb_tenants"));
        Assert.True(after.Sum("tenantdb_storage_bytes") > 0);
        // The histogram's buckets are cumulative and end at +Inf with the count.
        Assert.Equal(after.Sum("tenantdb_statement_duration_seconds_count", ("tenant", "demo")),
            after.Sum("tenantdb_statement_duration_seconds_bucket", ("tenant", "demo"), ("le", "+Inf")));
        // Only the allow-listed tenant has a label of its own; everyone else is "".
        Assert.All(after.Where(s => s.Labels.ContainsKey("tenant")), s => Assert.Contains(s.Label("tenant"), new[] { "", "demo" }));

        Assert.Equal(0, server.Terminate(TimeSpan.FromSeconds(30)));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/healthz"));
    }

    [Fact]
    public void A_metrics_address_that_does_not_parse_is_a_usage_error()
    {
        var (code, stdout, stderr) = ChildProcess.Run("dotnet",
            [Executable, "serve", "--data-dir", _dataDir.Path, "--metrics", "not-an-address"], timeoutSeconds: 60);
        Assert.NotEqual(0, code);
        Assert.Contains("--metrics", stdout + stderr, StringComparison.Ordinal);
    }
}
