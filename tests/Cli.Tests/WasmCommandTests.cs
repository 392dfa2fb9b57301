using System.CommandLine;
using TenantDb.Cli;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb wasm run|validate|wast`, parsed and invoked in-process.</summary>
public sealed class WasmCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new("tenantdb-wasm-cli-");

    public void Dispose() => _dir.Dispose();

    private static (int Exit, string Output, string Error) Invoke(params string[] args)
    {
        var root = new RootCommand { WasmCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString().ReplaceLineEndings("\n"), error.ToString());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Module = """
        (module
          (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
          (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
          (func (export "half") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 0.5)))
          (func (export "third") (param f32) (result f32) (f32.div (local.get 0) (f32.const 3)))
          (func (export "wide") (param i64) (result i64) (i64.sub (local.get 0) (i64.const 1)))
          (func (export "spin") (loop $l (br $l)))
          (func (export "nan") (result f32) (f32.const -nan:0x1234)))
        """;

    [Theory]
    [InlineData("add", "2", "40", "42")]
    [InlineData("add", "-1", "-1", "-2")]
    [InlineData("add", "4294967295", "0", "-1")]
    public void Run_prints_results(string export, string a, string b, string expected)
    {
        var (exit, output, error) = Invoke("wasm", "run", Write("m.wat", Module), "--invoke", export, a, b);
        Assert.Equal(0, exit);
        Assert.Equal(expected + "\n", output);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("half", "0.1", "0.05")]
    [InlineData("half", "inf", "inf")]
    [InlineData("third", "1", "0.33333334")]
    [InlineData("wide", "-9223372036854775807", "-9223372036854775808")]
    public void Run_prints_floats_round_trip(string export, string arg, string expected)
    {
        var (exit, output, _) = Invoke("wasm", "run", Write("m.wat", Module), "--invoke", export, arg);
        Assert.Equal(0, exit);
        Assert.Equal(expected + "\n", output);
    }

    [Fact]
    public void Run_prints_nan_payload() =>
        Assert.Equal("-nan:0x1234\n", Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "nan").Output);

    [Fact]
    public void Run_reports_trap_with_nonzero_exit()
    {
        var (exit, output, _) = Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "div", "1", "0");
        Assert.Equal(WasmCommand.TrapExit, exit);
        Assert.StartsWith("trap: IntegerDivideByZero", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_stops_a_loop_with_fuel()
    {
        var (exit, output, _) = Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "spin", "--fuel", "1000");
        Assert.Equal(WasmCommand.TrapExit, exit);
        Assert.StartsWith("trap: OutOfFuel", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_stops_a_loop_with_timeout()
    {
        var (exit, output, _) = Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "spin", "--timeout", "50");
        Assert.Equal(WasmCommand.TrapExit, exit);
        Assert.StartsWith("trap: DeadlineExceeded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_accepts_binary_modules()
    {
        string path = Path.Combine(_dir.Path, "m.wasm");
        File.WriteAllBytes(path, ProcSandbox.Text.WatParser.ParseModuleBinary(Module));
        var (exit, output, _) = Invoke("wasm", "run", path, "--invoke", "add", "1", "2");
        Assert.Equal(0, exit);
        Assert.Equal("3\n", output);
    }

    [Fact]
    public void Run_rejects_wrong_arguments()
    {
        Assert.Equal(WasmCommand.ErrorExit, Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "add", "1").Exit);
        Assert.Equal(WasmCommand.ErrorExit, Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "add", "x", "1").Exit);
        Assert.Equal(WasmCommand.ErrorExit, Invoke("wasm", "run", Write("m.wat", Module), "--invoke", "missing").Exit);
    }

    [Fact]
    public void Validate_accepts_valid_and_rejects_invalid()
    {
        Assert.Equal(0, Invoke("wasm", "validate", Write("ok.wat", Module)).Exit);
        var (exit, _, error) = Invoke("wasm", "validate", Write("bad.wat", "(module (func (result i32)))"));
        Assert.Equal(WasmCommand.ErrorExit, exit);
        Assert.Contains("bad.wat", error, StringComparison.Ordinal);
        Assert.Equal(WasmCommand.ErrorExit, Invoke("wasm", "validate", Write("malformed.wat", "(module (func i32.bogus))")).Exit);
    }

    [Fact]
    public void Wast_prints_counts_and_total()
    {
        string script = Write("t.wast", """
            (module (func (export "one") (result i32) (i32.const 1)))
            (assert_return (invoke "one") (i32.const 1))
            (assert_return (invoke "one") (i32.const 2))
            (assert_malformed (module quote "(func i32.bogus)") "unknown operator")
            """);
        var (exit, output, _) = Invoke("wasm", "wast", script);
        Assert.Equal(WasmCommand.ErrorExit, exit);
        Assert.Contains("t.wast: 3 passed, 1 failed\n", output, StringComparison.Ordinal);
        Assert.Contains("t.wast:3:", output, StringComparison.Ordinal);
        Assert.EndsWith("spec: 3 passed, 1 failed\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_reports_a_module_beyond_a_limit_instead_of_dying()
    {
        // A call of 8,193 arguments once made the compiler exceed the verifier's 64 KiB of pushes.
        string parameters = string.Concat(Enumerable.Repeat(" i32", 8_193));
        string arguments = string.Concat(Enumerable.Repeat("(i32.const 0)", 8_193));
        string wide = $"(module (func $sink (param{parameters})) (func (export \"run\") (call $sink {arguments})))";
        var (exit, output, error) = Invoke("wasm", "run", Write("wide.wat", wide), "--invoke", "run");
        Assert.Equal(WasmCommand.ErrorExit, exit);
        Assert.Empty(output);
        Assert.Contains("the limit is 1000", error, StringComparison.Ordinal);
    }
}
