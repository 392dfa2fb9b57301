using System.Net;
using Microsoft.Extensions.Configuration;
using TenantDb.Cli.Hosting;

namespace TenantDb.Cli.Tests.Hosting;

public class MetricsSettingsTests
{
    private static MetricsSettings Load(string? metrics, string? labels = null) =>
        ServerSettingsLoader.LoadMetrics(new ConfigurationBuilder().Build(),
            new Dictionary<string, string?> { ["metrics"] = metrics, ["metrics_tenant_labels"] = labels });

    [Fact]
    public void Metrics_are_off_by_default()
    {
        var settings = Load(null);
        Assert.Null(settings.Listen);
        Assert.Null(settings.TenantLabels);
    }

    [Theory]
    [InlineData("9187", "127.0.0.1:9187")]
    [InlineData("localhost:9187", "127.0.0.1:9187")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("0.0.0.0:9187", "0.0.0.0:9187")]
    [InlineData("*:9187", "0.0.0.0:9187")]
    [InlineData("[::1]:9187", "[::1]:9187")]
    public void Metrics_addresses_parse(string text, string expected) =>
        Assert.Equal(IPEndPoint.Parse(expected), Load(text).Listen);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("nowhere:80")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("-1")]
    public void Bad_metrics_addresses_are_refused(string text) =>
        Assert.Contains("--metrics", Assert.Throws<SettingsException>(() => Load(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Tenant_labels_are_valid_names_and_at_most_the_bound()
    {
        Assert.Equal(new HashSet<string> { "a", "b" }, Load("9187", "a, b,a").TenantLabels);
        string bound = string.Join(',', Enumerable.Range(0, MetricsSettings.MaxTenantLabels).Select(i => $"t{i}"));
        Assert.Equal(MetricsSettings.MaxTenantLabels, Load("9187", bound).TenantLabels!.Count);
        Assert.Throws<SettingsException>(() => Load("9187", bound + ",one_more"));
        Assert.Throws<SettingsException>(() => Load("9187", "ok,Not-Valid"));
    }
}
