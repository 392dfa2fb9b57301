using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

public class HostFunctionTests
{
    private const string Guest = """
        (module
          (import "env" "add" (func $add (param i32 i64 f64) (result f64)))
          (import "env" "poke" (func $poke (param i32)))
          (import "env" "fail" (func $fail))
          (memory (export "mem") 1)
          (global $g (export "g") (mut i32) (i32.const 5))
          (func (export "call_add") (param i32) (result f64)
            (call $add (local.get 0) (i64.const 10) (f64.const 0.5)))
          (func (export "poke") (param i32) (result i32)
            (call $poke (local.get 0))
            (i32.load8_u (local.get 0)))
          (func (export "fail") (call $fail))
          (func (export "bump") (result i32)
            (global.set $g (i32.add (global.get $g) (i32.const 1)))
            (global.get $g)))
        """;

    private static Linker Host() => new Linker()
        .DefineFunction("env", "add", new FuncType([ValType.I32, ValType.I64, ValType.F64], [ValType.F64]),
            (call, args, results) => results[0] = WasmValue.F64(args[0].AsI32 + args[1].AsI64 + args[2].AsF64))
        .DefineFunction("env", "poke", new FuncType([ValType.I32], []),
            (call, args, results) => call.Memory[args[0].AsI32] = (byte)(int)call.State!)
        .DefineFunction("env", "fail", new FuncType([], []),
            (call, args, results) => throw new InvalidOperationException("host is unhappy"));

    [Fact]
    public void Host_functions_get_arguments_memory_and_state()
    {
        using var instance = Instance.Instantiate(Wasm.Compile(Guest), Host(), state: 77);
        Assert.Equal(13.5, instance.Call("call_add", WasmValue.I32(3)).AsF64);
        Assert.Equal(77, instance.Call("poke", WasmValue.I32(1000)).AsI32);
    }

    [Fact]
    public void A_throwing_host_function_becomes_a_host_error_trap()
    {
        using var instance = Instance.Instantiate(Wasm.Compile(Guest), Host(), state: 1);
        var trap = Assert.Throws<WasmTrapException>(() => instance.Invoke("fail"));
        Assert.Equal(TrapKind.HostError, trap.Kind);
        Assert.IsType<InvalidOperationException>(trap.InnerException);
        Assert.Equal(1, instance.Call("poke", WasmValue.I32(0)).AsI32);
    }

    [Fact]
    public void Globals_and_exports_are_visible()
    {
        using var instance = Instance.Instantiate(Wasm.Compile(Guest), Host(), state: 1);
        Assert.True(instance.TryGetExportedGlobal("g", out var before));
        Assert.Equal(5, before.AsI32);
        Assert.Equal(6, instance.Call("bump").AsI32);
        Assert.True(instance.TryGetExportedGlobal("g", out var after));
        Assert.Equal(6, after.AsI32);
        Assert.NotNull(instance.GetExportedMemory("mem"));
    }

    [Fact]
    public void Missing_or_mistyped_imports_fail_to_link()
    {
        var compiled = Wasm.Compile(Guest);
        Assert.Throws<WasmLinkException>(() => Instance.Instantiate(compiled, new Linker()));
        var wrong = Host().DefineFunction("env", "fail", new FuncType([ValType.I32], []), (c, a, r) => { });
        Assert.Throws<WasmLinkException>(() => Instance.Instantiate(compiled, wrong));
    }

    [Fact]
    public void Allocation_free_invoke_overload_fills_results()
    {
        using var instance = Instance.Instantiate(Wasm.Compile(Guest), Host(), state: 1);
        Span<WasmValue> results = stackalloc WasmValue[1];
        instance.Invoke("call_add", [WasmValue.I32(1)], results);
        Assert.Equal(11.5, results[0].AsF64);
    }
}
