using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

public class IntegerTests
{
    [Fact]
    public void Adds_two_parameters()
    {
        using var instance = Wasm.Instantiate("(module (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))");
        Assert.Equal(5, instance.Call("add", WasmValue.I32(2), WasmValue.I32(3)).AsI32);
        Assert.Equal(int.MinValue, instance.Call("add", WasmValue.I32(int.MaxValue), WasmValue.I32(1)).AsI32);
    }

    [Fact]
    public void Recursive_fib()
    {
        using var instance = Wasm.Instantiate("""
            (module
              (func $fib (export "fib") (param $n i32) (result i32)
                (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
                  (then (local.get $n))
                  (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                                 (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
            """);
        Assert.Equal(55, instance.Call("fib", WasmValue.I32(10)).AsI32);
        Assert.Equal(6765, instance.Call("fib", WasmValue.I32(20)).AsI32);
    }

    [Theory]
    [InlineData("i32.div_s", 7, 2, 3)]
    [InlineData("i32.div_s", -7, 2, -3)]
    [InlineData("i32.rem_s", -7, 2, -1)]
    [InlineData("i32.rem_s", int.MinValue, -1, 0)]
    [InlineData("i32.div_u", -1, 2, int.MaxValue)]
    [InlineData("i32.rem_u", -1, 10, 5)]
    [InlineData("i32.shl", 1, 33, 2)]
    [InlineData("i32.shr_s", -8, 1, -4)]
    [InlineData("i32.shr_u", -8, 1, 0x7FFFFFFC)]
    [InlineData("i32.rotl", unchecked((int)0x80000001), 1, 3)]
    [InlineData("i32.rotr", 3, 1, unchecked((int)0x80000001))]
    [InlineData("i32.mul", 123456, 1000, 123456000)]
    [InlineData("i32.sub", 1, 3, -2)]
    [InlineData("i32.and", 12, 10, 8)]
    [InlineData("i32.or", 12, 10, 14)]
    [InlineData("i32.xor", 12, 10, 6)]
    [InlineData("i32.lt_s", -1, 0, 1)]
    [InlineData("i32.lt_u", -1, 0, 0)]
    [InlineData("i32.ge_u", -1, 0, 1)]
    [InlineData("i32.eq", 4, 4, 1)]
    public void I32_binary(string op, int a, int b, int expected)
    {
        using var instance = Wasm.Instantiate($"(module (func (export \"f\") (param i32 i32) (result i32) ({op} (local.get 0) (local.get 1))))");
        Assert.Equal(expected, instance.Call("f", WasmValue.I32(a), WasmValue.I32(b)).AsI32);
        // Same with a constant second operand (immediate forms).
        using var constant = Wasm.Instantiate($"(module (func (export \"f\") (param i32) (result i32) ({op} (local.get 0) (i32.const {b}))))");
        Assert.Equal(expected, constant.Call("f", WasmValue.I32(a)).AsI32);
    }

    [Theory]
    [InlineData("i64.div_s", long.MinValue, 2L, long.MinValue / 2)]
    [InlineData("i64.rem_s", long.MinValue, -1L, 0L)]
    [InlineData("i64.div_u", -1L, 2L, long.MaxValue)]
    [InlineData("i64.mul", 0x100000001L, 0x100000001L, 0x200000001L)]
    [InlineData("i64.shl", 1L, 65L, 2L)]
    [InlineData("i64.rotl", long.MinValue, 1L, 1L)]
    [InlineData("i64.add", 0x7FFFFFFFFFFFFFFFL, 1L, long.MinValue)]
    public void I64_binary(string op, long a, long b, long expected)
    {
        using var instance = Wasm.Instantiate($"(module (func (export \"f\") (param i64 i64) (result i64) ({op} (local.get 0) (local.get 1))))");
        Assert.Equal(expected, instance.Call("f", WasmValue.I64(a), WasmValue.I64(b)).AsI64);
    }

    [Theory]
    [InlineData("i32.div_s", int.MinValue, -1, TrapKind.IntegerOverflow)]
    [InlineData("i32.div_s", 1, 0, TrapKind.IntegerDivideByZero)]
    [InlineData("i32.rem_u", 1, 0, TrapKind.IntegerDivideByZero)]
    public void Division_traps(string op, int a, int b, TrapKind kind)
    {
        using var instance = Wasm.Instantiate($"(module (func (export \"f\") (param i32 i32) (result i32) ({op} (local.get 0) (local.get 1))))");
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("f", WasmValue.I32(a), WasmValue.I32(b)));
        Assert.Equal(kind, trap.Kind);
        Assert.Equal("f", trap.FunctionName);
        instance.Call("f", WasmValue.I32(6), WasmValue.I32(2)); // the instance keeps working after a trap
    }

    [Theory]
    [InlineData("i32.clz", 1, 31)]
    [InlineData("i32.clz", 0, 32)]
    [InlineData("i32.ctz", 0, 32)]
    [InlineData("i32.ctz", 8, 3)]
    [InlineData("i32.popcnt", -1, 32)]
    [InlineData("i32.eqz", 0, 1)]
    [InlineData("i32.extend8_s", 0x80, -128)]
    [InlineData("i32.extend16_s", 0x8000, -32768)]
    public void I32_unary(string op, int a, int expected)
    {
        foreach (bool fast in new[] { true, false })
        {
            var module = Wasm.Module($"(module (func (export \"f\") (param i32) (result i32) ({op} (local.get 0))))");
            using var compiled = CompiledModule.Compile(module, new CompileOptions { UseBitCountInstructions = fast });
            using var instance = Instance.Instantiate(compiled, null);
            Assert.Equal(expected, instance.Call("f", WasmValue.I32(a)).AsI32);
        }
    }

    [Fact]
    public void Loops_with_locals_and_br_table()
    {
        using var instance = Wasm.Instantiate("""
            (module
              (func (export "sum") (param $n i32) (result i64) (local $i i32) (local $s i64)
                (block $done (loop $next
                  (br_if $done (i32.ge_s (local.get $i) (local.get $n)))
                  (local.set $s (i64.add (local.get $s) (i64.extend_i32_s (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.get $s))
              (func (export "switch") (param i32) (result i32)
                (block $d (block $c (block $b (block $a
                  (br_table $a $b $c $d (local.get 0)))
                  (return (i32.const 10)))
                  (return (i32.const 11)))
                  (return (i32.const 12)))
                (i32.const 13))
              (func (export "value") (param i32) (result i32)
                (block $out (result i32)
                  (br_table $out $out (i32.const 7) (local.get 0)))))
            """);
        Assert.Equal(4950L, instance.Call("sum", WasmValue.I32(100)).AsI64);
        Assert.Equal(10, instance.Call("switch", WasmValue.I32(0)).AsI32);
        Assert.Equal(11, instance.Call("switch", WasmValue.I32(1)).AsI32);
        Assert.Equal(12, instance.Call("switch", WasmValue.I32(2)).AsI32);
        Assert.Equal(13, instance.Call("switch", WasmValue.I32(3)).AsI32);
        Assert.Equal(13, instance.Call("switch", WasmValue.I32(-1)).AsI32);
        Assert.Equal(7, instance.Call("value", WasmValue.I32(5)).AsI32);
    }
}
