using System.Net;
using Microsoft.Extensions.Configuration;
using TenantDb.Cli.Hosting;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests.Hosting;

public class ServerSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public void Defaults_are_loopback_5433_and_local_data_directory()
    {
        var s = ServerSettingsLoader.Load(Config(), new Dictionary<string, string?>());
        Assert.Equal(IPAddress.Loopback, s.ListenAddress);
        Assert.Equal(5433, s.Port);
        Assert.Equal(Path.GetFullPath("tenantdb-data"), s.DataDirectory);
        Assert.True(s.CreateDemoTenant);
    }

    [Fact]
    public void Flags_override_configuration()
    {
        var config = Config(("DATA_DIR", "/tmp/from-env"), ("port", "6000"), ("listen", "0.0.0.0"));
        var s = ServerSettingsLoader.Load(config, new Dictionary<string, string?> { ["port"] = "7000", ["data_dir"] = null, ["no_demo"] = "true" });
        Assert.Equal("/tmp/from-env", s.DataDirectory);
        Assert.Equal(7000, s.Port);
        Assert.Equal(IPAddress.Any, s.ListenAddress);
        Assert.False(s.CreateDemoTenant);
    }

    [Fact]
    public void The_slow_log_threshold_is_off_by_default_and_read_in_milliseconds()
    {
        Assert.Equal(TimeSpan.Zero, ServerSettingsLoader.Load(Config(), new Dictionary<string, string?>()).SlowThreshold);
        var s = ServerSettingsLoader.Load(Config(("slow_threshold_ms", "250")), new Dictionary<string, string?>());
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.SlowThreshold);
        Assert.Throws<SettingsException>(() => ServerSettingsLoader.Load(Config(("slow_threshold_ms", "-1")), new Dictionary<string, string?>()));
    }

    [Fact]
    public void Synchronous_is_normal_by_default_takes_full_and_refuses_anything_else()
    {
        Assert.Equal(TenantDb.Engine.SynchronousMode.Normal, ServerSettingsLoader.Load(Config(), new Dictionary<string, string?>()).Synchronous);
        Assert.Equal(TenantDb.Engine.SynchronousMode.Full, ServerSettingsLoader.Load(Config(("synchronous", "FULL")), new Dictionary<string, string?>()).Synchronous);
        Assert.Equal(TenantDb.Engine.SynchronousMode.Full, ServerSettingsLoader.Load(Config(), new Dictionary<string, string?> { ["synchronous"] = "full" }).Synchronous);
        foreach (var bad in new[] { "off", "1", "extra" })
        {
            var error = Assert.Throws<SettingsException>(() => ServerSettingsLoader.Load(Config(("synchronous", bad)), new Dictionary<string, string?>()));
            Assert.Contains("normal or full", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Exclusive_files_are_off_by_default_and_set_by_the_file_the_environment_or_the_flag()
    {
        Assert.False(ServerSettingsLoader.Load(Config(), new Dictionary<string, string?>()).ExclusiveFiles);
        Assert.True(ServerSettingsLoader.Load(Config(("exclusive_files", "true")), new Dictionary<string, string?>()).ExclusiveFiles);
        Assert.True(ServerSettingsLoader.Load(Config(), new Dictionary<string, string?> { ["exclusive_files"] = "true" }).ExclusiveFiles);
        var error = Assert.Throws<SettingsException>(() => ServerSettingsLoader.Load(Config(("exclusive_files", "yes")), new Dictionary<string, string?>()));
        Assert.Contains("exclusive_files", error.Message, StringComparison.Ordinal);
    }
}
