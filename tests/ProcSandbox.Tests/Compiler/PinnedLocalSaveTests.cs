using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Locals held in registers for a whole body (functions with loops) are stored to their cells before a call only when the
/// register may differ from the cell (golden listing calls_with_local_registers.asm shows a second call storing nothing):
/// whatever mix of calls, local updates, branches and loops comes between, every local keeps its value across every call,
/// also when the callee uses the same registers for its own locals and changes them.
/// </summary>
public class PinnedLocalSaveTests
{
    private const string Module = """
        (module
          (memory 1)
          (func $clobber (param $n i32) (result i32)
            (local $a i32) (local $b i32)
            (loop
              (local.set $a (i32.add (local.get $a) (local.get $n)))
              (local.set $b (i32.xor (local.get $b) (local.get $a)))
              (br_if 0 (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (i32.add (local.get $a) (local.get $b)))
          (func (export "mix") (param $x i32) (param $y i32) (param $flag i32) (result i32)
            (local $i i32) (local $acc i32)
            (local.set $acc (call $clobber (i32.const 7)))
            (local.set $acc (i32.add (local.get $acc) (call $clobber (i32.const 3))))
            (local.set $x (i32.add (local.get $x) (i32.const 5)))
            (local.set $acc (i32.add (local.get $acc) (call $clobber (i32.const 2))))
            (if (local.get $flag) (then (local.set $y (i32.mul (local.get $y) (i32.const 3)))))
            (local.set $acc (i32.add (local.get $acc) (call $clobber (i32.const 4))))
            (local.set $i (i32.const 3))
            (loop
              (local.set $acc (i32.add (local.get $acc) (i32.add (local.get $x) (local.get $y))))
              (local.set $acc (i32.xor (local.get $acc) (call $clobber (local.get $i))))
              (local.set $x (i32.add (local.get $x) (local.get $i)))
              (br_if 0 (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
            (i32.add (local.get $acc) (i32.add (local.get $x) (local.get $y)))))
        """;

    private static int Clobber(int n)
    {
        int a = 0, b = 0;
        do
        {
            a += n;
            b ^= a;
        }
        while ((n -= 1) != 0);
        return a + b;
    }

    private static int Mix(int x, int y, bool flag)
    {
        int acc = Clobber(7);
        acc += Clobber(3);
        x += 5;
        acc += Clobber(2);
        if (flag) y *= 3;
        acc += Clobber(4);
        int i = 3;
        do
        {
            acc += x + y;
            acc ^= Clobber(i);
            x += i;
        }
        while ((i -= 1) != 0);
        return acc + x + y;
    }

    [Property(MaxTest = 100)]
    public Property Locals_keep_their_values_across_calls(int x, int y, bool flag)
    {
        using var instance = Wasm.Instantiate(Module);
        int actual = instance.Call("mix", WasmValue.I32(x), WasmValue.I32(y), WasmValue.I32(flag ? 1 : 0)).AsI32;
        return (actual == Mix(x, y, flag)).Label($"{actual} for {Mix(x, y, flag)}");
    }
}
