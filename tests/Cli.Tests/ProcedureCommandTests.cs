using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb procedure put|list|drop|limits` against a data directory.</summary>
public sealed class ProcedureCommandTests : IDisposable
{
    private const string Echo = $$"""
        (module
          {{ProcedureImports.Read}}
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (drop (call $emit (i32.const 0) (call $read (i32.const 0) (i32.const 0) (i32.const 65536))))
            (i32.const 0)))
        """;

    private readonly TempDirectory _dir = new("tenantdb-proc-cli-");

    public void Dispose() => _dir.Dispose();

    private (int Exit, string Output, string Error) Cli(params string[] args) => CliRun.Run([.. args, "--data-dir", _dir.Path]);

    [Fact]
    public void The_cli_puts_lists_and_drops_procedures()
    {
        Assert.Equal(0, Cli("init").Exit);
        Assert.Equal(0, Cli("tenant", "create", "shop").Exit);
        var wat = Path.Combine(_dir.Path, "echo.wat");
        File.WriteAllText(wat, Echo);
        var wasm = Path.Combine(_dir.Path, "echo2.wasm");
        File.WriteAllBytes(wasm, TenantDb.ProcSandbox.Text.WatParser.ParseModuleBinary(Echo));

        var put = Cli("procedure", "put", wat, "--tenant", "shop", "--params", "n int8, s text", "--returns", "n int8, s text");
        Assert.True(put.Exit == 0, put.Error);
        Assert.Contains("stored procedure echo", put.Output, StringComparison.Ordinal);
        Assert.Equal(0, Cli("procedure", "put", wasm, "--tenant", "shop", "--name", "twice", "--params", "f float8", "--returns", "f float8").Exit);

        var list = Cli("procedure", "list", "--tenant", "shop");
        Assert.Equal("echo(n int8, s text) RETURNS TABLE(n int8, s text)\ntwice(f float8) RETURNS TABLE(f float8)\n", list.Output);

        var bad = Path.Combine(_dir.Path, "bad.wat");
        File.WriteAllText(bad, "(module (func (export \"run\") (result i32) (i64.const 0)))");
        var rejected = Cli("procedure", "put", bad, "--tenant", "shop");
        Assert.Equal(1, rejected.Exit);
        Assert.Contains("type mismatch", rejected.Error, StringComparison.Ordinal);

        Assert.Equal(0, Cli("procedure", "drop", "twice", "--tenant", "shop").Exit);
        Assert.Equal("echo(n int8, s text) RETURNS TABLE(n int8, s text)\n", Cli("procedure", "list", "--tenant", "shop").Output);
        Assert.Equal(1, Cli("procedure", "drop", "twice", "--tenant", "shop").Exit);

        var limits = Cli("procedure", "limits", "--tenant", "shop", "--fuel", "5000", "--max-memory-pages", "8");
        Assert.True(limits.Exit == 0, limits.Error);
        Assert.StartsWith("fuel=5000 timeout-ms=10000 max-memory-pages=8 ", limits.Output, StringComparison.Ordinal);
        Assert.StartsWith("fuel=5000 ", Cli("procedure", "limits", "--tenant", "shop").Output, StringComparison.Ordinal);
        Assert.StartsWith("fuel=2000000000 ", Cli("procedure", "limits", "--tenant", "shop", "--reset").Output, StringComparison.Ordinal);
    }
}
