using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// A function whose loops load or store keeps the memory size in a register (X64.MemoryLimit) and bounds-checks
/// against it: the size must be current after memory.grow in the loop and after calls that grow the memory, and the
/// check must trap exactly where the one against the context's field does. (The golden listings kernel_*.asm and
/// memory_loop.asm show the register's load and compares.)
/// </summary>
public class MemoryLimitTests
{
    private const string Module = """
        (module
          (memory 1)
          (func $grow (result i32) (memory.grow (i32.const 1)))
          ;; Grows by a page per iteration and uses the page just added.
          (func (export "grow_in_loop") (param $n i32) (result i32)
            (local $i i32) (local $sum i32) (local $at i32)
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (drop (memory.grow (i32.const 1)))
              (local.set $at (i32.add (i32.mul (i32.add (local.get $i) (i32.const 1)) (i32.const 65536)) (i32.const 100)))
              (i32.store (local.get $at) (i32.add (local.get $i) (i32.const 7)))
              (local.set $sum (i32.add (local.get $sum) (i32.load (local.get $at))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top)))
            (local.get $sum))
          ;; The same with the growth inside a callee.
          (func (export "grow_in_callee") (param $n i32) (result i32)
            (local $i i32) (local $sum i32) (local $at i32)
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $at (i32.add (i32.mul (i32.add (call $grow) (i32.const 0)) (i32.const 65536)) (i32.const 8)))
              (i64.store (local.get $at) (i64.extend_i32_u (local.get $i)))
              (local.set $sum (i32.add (local.get $sum) (i32.wrap_i64 (i64.load (local.get $at)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top)))
            (local.get $sum))
          ;; Five integer locals in registers plus the memory limit leave the value stack three registers: division must
          ;; still find rax, rdx and a divisor register, with the dividend in the third.
          (func (export "divide_in_loop") (param $n i32) (result i32)
            (local $i i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32)
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $a (i32.add (local.get $a) (i32.load8_u (local.get $i))))
              (local.set $b (i32.add (local.get $b) (i32.div_u (i32.add (local.get $a) (local.get $i)) (i32.const 7))))
              (local.set $c (i32.add (local.get $c) (i32.rem_s (i32.mul (local.get $b) (local.get $i)) (i32.add (local.get $i) (i32.const 3)))))
              (local.set $d (i32.xor (local.get $d) (i32.div_u (local.get $c) (i32.add (local.get $a) (i32.const 1)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $top)))
            (i32.add (local.get $d) (i32.add (local.get $c) (local.get $b))))
          ;; Reads 4 bytes at $address + 4 * $k for $k < 3, in a loop: traps exactly when one read passes the memory's end.
          (func (export "read_near_end") (param $address i32) (result i32)
            (local $k i32) (local $sum i32)
            (block $done (loop $top
              (br_if $done (i32.ge_u (local.get $k) (i32.const 3)))
              (local.set $sum (i32.add (local.get $sum)
                (i32.load offset=0 (i32.add (local.get $address) (i32.shl (local.get $k) (i32.const 2))))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $top)))
            (local.get $sum)))
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Memory_grown_inside_the_loop_is_usable_in_the_same_iteration(int n)
    {
        using var instance = Wasm.Instantiate(Module);
        int expected = Enumerable.Range(0, n).Sum(i => i + 7);
        Assert.Equal(expected, instance.Call("grow_in_loop", WasmValue.I32(n)).AsI32);
    }

    [Fact]
    public void Memory_grown_by_a_callee_is_usable_after_the_call()
    {
        using var instance = Wasm.Instantiate(Module);
        Assert.Equal(0 + 1 + 2 + 3, instance.Call("grow_in_callee", WasmValue.I32(4)).AsI32);
    }

    [Property(MaxTest = 40)]
    public Property Division_works_with_three_value_registers(byte n)
    {
        using var instance = Wasm.Instantiate(Module);
        var memory = instance.Memory;
        for (int i = 0; i < 256; i++) memory[i] = (byte)(i * 37 + n);
        uint a = 0, b = 0, c = 0, d = 0;
        for (uint i = 0; i < n; i++)
        {
            a += memory[(int)i];
            b += (a + i) / 7;
            c += (uint)((int)(b * i) % (int)(i + 3));
            d ^= c / (a + 1);
        }
        uint expected = d + c + b;
        return ((uint)instance.Call("divide_in_loop", WasmValue.I32(n)).AsI32 == expected).ToProperty();
    }

    [Property(MaxTest = 80)]
    public Property A_loop_traps_exactly_when_an_access_passes_the_end(byte back)
    {
        // Addresses from 65536 - 20 up to a few bytes past the end; the last read is at address + 8 .. address + 12.
        int address = 65536 - 20 + back % 40;
        using var instance = Wasm.Instantiate(Module);
        bool fits = address + 12 <= 65536;
        try
        {
            instance.Call("read_near_end", WasmValue.I32(address));
            return fits.Label($"address {address} read without a trap");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"address {address} trapped {e.Kind}");
        }
    }

    /// <summary>Loads and stores of every width, as (wasm instruction with its operand, bytes it touches past its offset).</summary>
    private static readonly (string Access, int Size)[] s_accesses =
    [
        ("(drop (i64.load offset={0} (local.get $a)))", 8),
        ("(drop (f64.load offset={0} (local.get $a)))", 8),
        ("(drop (i32.load offset={0} (local.get $a)))", 4),
        ("(drop (i64.load32_u offset={0} (local.get $a)))", 4),
        ("(drop (i32.load16_s offset={0} (local.get $a)))", 2),
        ("(drop (i32.load8_u offset={0} (local.get $a)))", 1),
        ("(i64.store offset={0} (local.get $a) (i64.const -1))", 8),
        ("(f32.store offset={0} (local.get $a) (f32.const 1))", 4),
        ("(i32.store16 offset={0} (local.get $a) (i32.const 7))", 2),
        ("(i64.store8 offset={0} (local.get $a) (i64.const 9))", 1),
    ];

    /// <summary>
    /// A loop whose accesses have different widths and offsets (so the limit register holds the memory size less the
    /// smallest reach, and the others add the rest) traps exactly when one of them passes the end, whatever the mix;
    /// also in a memory declared with 0 pages and grown before the loop (no slack may be taken there).
    /// </summary>
    [Property(MaxTest = 150)]
    public Property A_loop_of_mixed_accesses_traps_exactly_when_one_passes_the_end(byte back, byte[] picks, bool emptyAtStart)
    {
        var chosen = (picks.Length == 0 ? [0] : picks.Take(5)).Select(b => (Access: s_accesses[b % s_accesses.Length], Offset: b / s_accesses.Length % 9)).ToArray();
        string body = string.Join("\n", chosen.Select(c => string.Format(System.Globalization.CultureInfo.InvariantCulture, c.Access.Access, c.Offset)));
        int reach = chosen.Max(c => c.Offset + c.Access.Size);
        string module = $$"""
            (module
              (memory {{(emptyAtStart ? 0 : 1)}})
              (func (export "run") (param $a i32) (local $k i32)
                {{(emptyAtStart ? "(drop (memory.grow (i32.const 1)))" : "")}}
                (block $done (loop $top
                  (br_if $done (i32.ge_u (local.get $k) (i32.const 2)))
                  {{body}}
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br $top)))))
            """;
        int address = 65536 - 24 + back % 32;
        using var instance = Wasm.Instantiate(module);
        bool fits = address + reach <= 65536;
        try
        {
            instance.Invoke("run", [WasmValue.I32(address)]);
            return fits.Label($"address {address} + reach {reach} ran without a trap:\n{body}");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"address {address} + reach {reach} trapped {e.Kind}:\n{body}");
        }
    }
}
