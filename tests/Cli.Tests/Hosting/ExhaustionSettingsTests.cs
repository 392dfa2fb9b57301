using Microsoft.Extensions.Configuration;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests.Hosting;

public sealed class ExhaustionSettingsTests
{
    [Fact]
    public void Exhaustion_limits_have_safe_defaults_and_load_from_configuration()
    {
        var defaults = ServerSettingsLoader.Load(new ConfigurationBuilder().Build(), new Dictionary<string, string?>());
        Assert.Equal(256, defaults.MaxConnections);
        Assert.Equal(128, defaults.MaxConnectionsPerTenant);
        Assert.Equal(256, defaults.MaxStartupConnections);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.AuthenticationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), defaults.SendTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), defaults.IdleInTransactionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), defaults.StatementTimeout);
        Assert.Equal(64 << 20, defaults.MaxRowSize);

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["max_connections_per_tenant"] = "7",
            ["max_startup_connections"] = "9",
            ["authentication_timeout_seconds"] = "2.5",
            ["send_timeout_seconds"] = "11",
            ["idle_in_transaction_timeout_seconds"] = "12",
            ["statement_timeout_seconds"] = "13",
            ["max_row_size"] = "1048576",
        }).Build();
        var s = ServerSettingsLoader.Load(config, new Dictionary<string, string?>());
        Assert.Equal(7, s.MaxConnectionsPerTenant);
        Assert.Equal(9, s.MaxStartupConnections);
        Assert.Equal(TimeSpan.FromSeconds(2.5), s.AuthenticationTimeout);
        Assert.Equal(TimeSpan.FromSeconds(11), s.SendTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), s.IdleInTransactionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(13), s.StatementTimeout);
        Assert.Equal(1 << 20, s.MaxRowSize);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("2147483647")]
    public void A_row_size_outside_its_range_is_refused_when_the_settings_load(string value)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["max_row_size"] = value }).Build();
        var ex = Assert.Throws<SettingsException>(() => ServerSettingsLoader.Load(config, new Dictionary<string, string?>()));
        Assert.Contains("max_row_size", ex.Message, StringComparison.Ordinal);
    }
}
