using System.Runtime.CompilerServices;
using System.Text;
using TenantDb.ProcSandbox.Binary;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Wasi;
using TenantDb.ProcSandbox.Validation;
using TenantDb.TestKit;

namespace TenantDb.ProcSandbox.Tests.Wasi;

/// <summary>What one run of a WASI program gave: its exit status and what it wrote.</summary>
internal sealed record WasiOutcome(int ExitCode, byte[] Stdout, byte[] Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    public override string ToString() => $"exit {ExitCode}, stdout [{StdoutText}], stderr [{Encoding.UTF8.GetString(Stderr)}]";
}

/// <summary>Runs WASI programs in TenantDb's sandbox and in Wasmtime, the reference, the same way.</summary>
internal static class WasiRun
{
    private static readonly ConditionalWeakTable<byte[], CompiledModule> s_compiled = new();
    private static readonly Lazy<Wasmtime.Engine> s_wasmtime = new(() => new Wasmtime.Engine());
    private static readonly ConditionalWeakTable<byte[], Wasmtime.Module> s_wasmtimeModules = new();

    public static CompiledModule Compile(byte[] wasm) => s_compiled.GetValue(wasm, static w =>
    {
        var module = WasmDecoder.Decode(w);
        WasmValidator.Validate(module);
        Assert.Null(WasiProgram.Check(module));
        return CompiledModule.Compile(module);
    });

    public static WasiOutcome TenantDb(
        byte[] wasm, byte[] stdin, string[]? args = null, IReadOnlyDictionary<string, byte[]>? channels = null,
        InstanceLimits? limits = null, byte[]? seed = null)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        var named = (channels ?? new Dictionary<string, byte[]>()).ToDictionary(
            kv => kv.Key, kv => (Func<IWasiReader>)(() => new WasiStreamReader(new MemoryStream(kv.Value))));
        var process = new WasiProcess(
            new WasiChannels
            {
                Stdin = new WasiStreamReader(new MemoryStream(stdin)),
                Stdout = new WasiStreamWriter(stdout),
                Stderr = new WasiStreamWriter(stderr),
                Named = named,
            },
            new WasiStartup { Arguments = ["program", .. args ?? []], RealtimeNanoseconds = 1_700_000_000_123_456_789, RandomSeed = seed ?? [] });
        uint status = WasiProgram.Run(Compile(wasm), process, limits ?? new InstanceLimits { Fuel = 5_000_000_000 });
        return new WasiOutcome((int)status, stdout.ToArray(), stderr.ToArray());
    }

    public static WasiOutcome Wasmtime(byte[] wasm, byte[] stdin, string[]? args = null)
    {
        var module = s_wasmtimeModules.GetValue(wasm, static w => global::Wasmtime.Module.FromBytes(s_wasmtime.Value, "program", w));
        string dir = Directory.CreateTempSubdirectory("tenantdb-wasmtime-").FullName;
        try
        {
            string input = Path.Combine(dir, "stdin"), output = Path.Combine(dir, "stdout"), error = Path.Combine(dir, "stderr");
            File.WriteAllBytes(input, stdin);
            int exit = 0;
            using (var linker = new global::Wasmtime.Linker(s_wasmtime.Value))
            using (var store = new global::Wasmtime.Store(s_wasmtime.Value))
            {
                linker.DefineWasi();
                store.SetWasiConfiguration(new global::Wasmtime.WasiConfiguration()
                    .WithArgs(["program", .. args ?? []])
                    .WithStandardInput(input)
                    .WithStandardOutput(output)
                    .WithStandardError(error));
                var instance = linker.Instantiate(store, module);
                var start = instance.GetAction("_start") ?? throw new InvalidOperationException("no _start");
                try
                {
                    start();
                }
                catch (global::Wasmtime.WasmtimeException e) when (e.ExitCode is { } code)
                {
                    exit = code;
                }
            }
            return new WasiOutcome(exit, File.ReadAllBytes(output), File.ReadAllBytes(error));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
