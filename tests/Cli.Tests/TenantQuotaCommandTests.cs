using TenantDb.Engine;
using TenantDb.Cli;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb tenant quota NAME [SIZE]` against a data directory.</summary>
public sealed class TenantQuotaCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("tenantdb-quota-cli-");

    public TenantQuotaCommandTests() => Assert.Equal(0, Invoke("init").Exit);

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Output, string Error) Invoke(params string[] args) => CliRun.Run([.. args, "--data-dir", _dir.Path]);

    [Fact]
    public void Shows_sets_and_keeps_a_quota()
    {
        Assert.Equal(0, Invoke("tenant", "create", "shop").Exit);
        Assert.Equal((0, "tenant shop quota 1 GiB\n", ""), Invoke("tenant", "quota", "shop"));
        Assert.Equal((0, "tenant shop quota 10 MiB\n", ""), Invoke("tenant", "quota", "shop", "10M"));
        Assert.Equal((0, "tenant shop quota 1536 KiB\n", ""), Invoke("tenant", "quota", "shop", "1572864"));
        using var engine = TenantDbEngine.Open(_dir.Path);
        Assert.Equal(1536 * 1024, engine.GetQuota("shop"));
    }

    [Theory]
    [InlineData("ten", "invalid size \"ten\"", CliExitCode.Usage)]
    [InlineData("10X", "invalid size \"10X\"", CliExitCode.Usage)]
    [InlineData("99999999999T", "invalid size", CliExitCode.Usage)]
    [InlineData("1000", "at least 64 KiB", CliExitCode.Failed)]
    public void Refuses_bad_sizes(string size, string message, int expectedExit)
    {
        Assert.Equal(0, Invoke("tenant", "create", "shop").Exit);
        var (exit, output, error) = Invoke("tenant", "quota", "shop", size);
        Assert.Equal(expectedExit, exit);
        Assert.Empty(output);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Refuses_an_unknown_tenant()
    {
        var (exit, _, error) = Invoke("tenant", "quota", "nobody", "1M");
        Assert.Equal(1, exit);
        Assert.Contains("tenant \"nobody\" does not exist", error);
    }
}
