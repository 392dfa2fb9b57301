using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TenantDb.Cli.Hosting;
using TenantDb.Engine;
using TenantDb.Wire.Hosting;

namespace TenantDb.Cli.Tests.Hosting;

/// <summary>What `tenantdb serve` does around the server: the demo tenant.</summary>
public sealed class ServerHostTests
{
    [Fact]
    public void Demo_tenant_only_on_a_fresh_loopback_install()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        var log = NullLogger.Instance;
        Assert.False(ServerHost.CreateDemoTenantIfWanted(engine, new ServerSettings { ListenAddress = IPAddress.Any }, true, log));
        Assert.False(ServerHost.CreateDemoTenantIfWanted(engine, new ServerSettings { CreateDemoTenant = false }, true, log));
        Assert.False(ServerHost.CreateDemoTenantIfWanted(engine, new ServerSettings(), false, log));
        Assert.False(engine.TenantExists("demo"));
        Assert.True(ServerHost.CreateDemoTenantIfWanted(engine, new ServerSettings(), true, log));
        Assert.NotNull(engine.FindScramVerifier("demo", "demo"));
    }
}
