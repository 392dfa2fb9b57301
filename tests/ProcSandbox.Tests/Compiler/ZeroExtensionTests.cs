using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// i64.extend_i32_u skips its 32-bit move when the i32's upper half is already clear (read from a local, a slot or a
/// constant, or just written by a 32-bit instruction) and keeps it otherwise (setcc writes 8 bits; a value from before a
/// branch target or a call may carry anything above): for every input the upper half of the result is zero and its low
/// half is the i32; signed conversions from a local's cell give what converting the value gives.
/// </summary>
public class ZeroExtensionTests
{
    private const string Module = """
        (module
          (func $id (param i32) (result i32) (local.get 0))
          (func (export "from_local") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
          (func (export "from_compare") (param i32 i32) (result i64) (i64.extend_i32_u (i32.lt_s (local.get 0) (local.get 1))))
          (func (export "from_arithmetic") (param i32 i32) (result i64) (i64.extend_i32_u (i32.add (local.get 0) (local.get 1))))
          (func (export "from_wrap") (param i64) (result i64) (i64.extend_i32_u (i32.wrap_i64 (local.get 0))))
          (func (export "across_a_call") (param i32 i32) (result i64)
            (i64.extend_i32_u (i32.add (local.get 0) (call $id (local.get 1)))))
          (func (export "across_a_branch") (param i32 i64) (result i64)
            (local $v i32)
            (local.set $v (i32.wrap_i64 (local.get 1)))
            (if (local.get 0) (then (local.set $v (i32.add (local.get $v) (i32.const 1)))))
            (i64.extend_i32_u (local.get $v)))
          (func (export "convert") (param i32 i64) (result f64)
            (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1))))
          (func (export "convert_f32") (param i32 i64) (result f32)
            (f32.add (f32.convert_i32_s (local.get 0)) (f32.convert_i64_s (local.get 1)))))
        """;

    [Property(MaxTest = 300)]
    public Property Extensions_clear_the_upper_half_and_keep_the_value(int a, int b, long wide, bool flag)
    {
        using var instance = Wasm.Instantiate(Module);
        ulong U(string name, params WasmValue[] args) => (ulong)instance.Call(name, args).AsI64;
        bool ok =
            U("from_local", WasmValue.I32(a)) == (uint)a
            && U("from_compare", WasmValue.I32(a), WasmValue.I32(b)) == (a < b ? 1UL : 0UL)
            && U("from_arithmetic", WasmValue.I32(a), WasmValue.I32(b)) == (uint)(a + b)
            && U("from_wrap", WasmValue.I64(wide)) == (uint)wide
            && U("across_a_call", WasmValue.I32(a), WasmValue.I32(b)) == (uint)(a + b)
            && U("across_a_branch", WasmValue.I32(flag ? 1 : 0), WasmValue.I64(wide)) == (uint)((int)wide + (flag ? 1 : 0));
        double converted = instance.Call("convert", WasmValue.I32(a), WasmValue.I64(wide)).AsF64;
        float convertedF32 = instance.Call("convert_f32", WasmValue.I32(a), WasmValue.I64(wide)).AsF32;
        return (ok && converted.Equals((double)a + (double)wide) && convertedF32.Equals((float)a + (float)wide))
            .Label($"a {a}, b {b}, wide {wide}: {converted} {convertedF32}");
    }
}
