using System.Text;
using TenantDb.Cli;
using TenantDb.ProcSandbox;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Text;
using TenantDb.TestKit;

namespace TenantDb.Cli.Tests;

/// <summary>`tenantdb wasm run PROGRAM.wasm [ARGS...]` runs a WASI program with stdio and exits with its status.</summary>
public sealed class WasiRunCommandTests
{
    private static (int Exit, string Stdout, string Stderr, string Error) Run(byte[] wasm, string stdin, params string[] args)
    {
        var module = WasmDecoder.Decode(wasm);
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var error = new StringWriter();
        int exit = WasiRunCommand.Run("p.wasm", wasm, module, args, new InstanceLimits { Fuel = 1_000_000_000 },
            new MemoryStream(Encoding.UTF8.GetBytes(stdin)), stdout, stderr, terminal: false, error);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()), error.ToString());
    }

    [SkippableFact]
    public void Runs_a_filter_over_stdin() =>
        Assert.Equal((0, "a\nb\nc\n", "", ""), Run(WasiPrograms.Example("sort"), "c\na\nb\n"));

    [SkippableFact]
    public void Exits_with_the_program_status_and_passes_arguments()
    {
        var (exit, stdout, stderr, _) = Run(WasiPrograms.Test("probe"), "xyz", "7", "two words");
        Assert.Equal(7, exit);
        Assert.Equal("arg 1: [7]\narg 2: [two words]\nstdin: 3 bytes\n", stdout);
        Assert.Equal("probe: done\n", stderr);
    }

    [SkippableFact]
    public void A_program_out_of_fuel_exits_134()
    {
        var wasm = WasiPrograms.Example("wordfreq");
        var module = WasmDecoder.Decode(wasm);
        var error = new StringWriter();
        int exit = WasiRunCommand.Run("p.wasm", wasm, module, [], new InstanceLimits { Fuel = 1000 },
            new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("word ", 10_000)))), new MemoryStream(), new MemoryStream(), false, error);
        Assert.Equal(WasiRunCommand.TrapExit, exit);
        Assert.Contains("OutOfFuel", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_that_is_not_a_wasi_command_is_refused()
    {
        var wasm = WatParser.ParseModuleBinary("(module (func (export \"_start\")))");
        var (exit, _, _, error) = Run(wasm, "");
        Assert.Equal(WasmCommand.ErrorExit, exit);
        Assert.Contains("memory", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void The_tenantdb_executable_runs_a_program_in_a_pipe()
    {
        string dir = Directory.CreateTempSubdirectory("tenantdb-wasi-cli-").FullName;
        try
        {
            string program = Path.Combine(dir, "probe.wasm");
            File.WriteAllBytes(program, WasiPrograms.Test("probe"));
            var result = ChildProcess.Run("dotnet", [typeof(WasmCommand).Assembly.Location, "wasm", "run", program, "--", "3", "-x"],
                timeoutSeconds: 60, standardInput: "hello\n");
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("arg 1: [3]\narg 2: [-x]\nstdin: 6 bytes\n", result.Stdout);
            Assert.Equal("probe: done\n", result.Stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
