using System.CommandLine;
using TenantDb.Engine;
using TenantDb.Wire.Cli;

namespace TenantDb.Wire.Tests.Cli;

/// <summary>`tenantdb tenant quota NAME [SIZE]` against a data directory.</summary>
public sealed class TenantQuotaCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tenantdb-quota-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { TenantCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse([.. args, "--data-dir", _dir]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    [Fact]
    public void Shows_sets_and_keeps_a_quota()
    {
        Assert.Equal(0, Invoke("tenant", "create", "shop").Exit);
        Assert.Equal((0, "tenant shop quota 1 GiB\n", ""), Invoke("tenant", "quota", "shop"));
        Assert.Equal((0, "tenant shop quota 10 MiB\n", ""), Invoke("tenant", "quota", "shop", "10M"));
        Assert.Equal((0, "tenant shop quota 1536 KiB\n", ""), Invoke("tenant", "quota", "shop", "1572864"));
        using var engine = TenantDbEngine.Open(_dir);
        Assert.Equal(1536 * 1024, engine.GetQuota("shop"));
    }

    [Theory]
    [InlineData("ten", "invalid size \"ten\"")]
    [InlineData("10X", "invalid size \"10X\"")]
    [InlineData("99999999999T", "invalid size")]
    [InlineData("1000", "at least 64 KiB")]
    public void Refuses_bad_sizes(string size, string message)
    {
        Assert.Equal(0, Invoke("tenant", "create", "shop").Exit);
        var (exit, output, error) = Invoke("tenant", "quota", "shop", size);
        Assert.Equal(1, exit);
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
