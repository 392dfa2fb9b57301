using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Loads from one local at constant offsets in straight-line code share one bounds check of the largest reach
/// (golden listing hoisted_loads.asm shows the shape): they trap exactly when wasm says some access is out of bounds,
/// read the right bytes otherwise, and a store, a change of the local or a branch between them ends the sharing, so
/// a store before an out-of-bounds load still happens and a changed local is checked again.
/// </summary>
public class BoundsHoistingTests
{
    private const string Module = """
        (module
          (memory 1)
          (func (export "three") (param $p i32) (result i32)
            (i32.add (i32.add (i32.load offset=0 (local.get $p)) (i32.load16_u offset=4 (local.get $p)))
              (i32.load offset=8 (local.get $p))))
          (func (export "store_between") (param $p i32) (result i32)
            (local $v i32)
            (local.set $v (i32.load (local.get $p)))
            (i32.store offset=4 (local.get $p) (i32.const 77))
            (i32.add (local.get $v) (i32.load offset=8 (local.get $p))))
          (func (export "local_changes") (param $p i32) (result i32)
            (local $v i32)
            (local.set $v (i32.load offset=16 (local.get $p)))
            (local.set $p (i32.add (local.get $p) (i32.const 100)))
            (i32.add (local.get $v) (i32.load offset=4 (local.get $p)))))
        """;

    private static uint Word(Instance instance, int at) => BinaryPrimitives.ReadUInt32LittleEndian(instance.Memory[at..]);

    private static void Fill(Instance instance)
    {
        var memory = instance.Memory;
        for (int i = 0; i < memory.Length; i++) memory[i] = (byte)(i * 7 + 3);
    }

    [Property(MaxTest = 100)]
    public Property Shared_check_traps_exactly_when_one_load_is_out_of_bounds(byte back)
    {
        int p = 65536 - 24 + back % 32;
        using var instance = Wasm.Instantiate(Module);
        Fill(instance);
        bool fits = p + 12 <= 65536;
        uint expected = fits ? Word(instance, p) + (Word(instance, p + 4) & 0xFFFF) + Word(instance, p + 8) : 0;
        try
        {
            uint actual = (uint)instance.Call("three", WasmValue.I32(p)).AsI32;
            return (fits && actual == expected).Label($"p {p}: {actual:X} for {expected:X}");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"p {p} trapped {e.Kind}");
        }
    }

    [Fact]
    public void A_store_between_two_loads_happens_before_the_second_load_traps()
    {
        using var instance = Wasm.Instantiate(Module);
        int p = 65536 - 10; // p + 8 fits, p + 12 does not
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("store_between", WasmValue.I32(p)));
        Assert.Equal(TrapKind.MemoryOutOfBounds, trap.Kind);
        Assert.Equal(77u, Word(instance, p + 4));
    }

    [Fact]
    public void A_load_after_the_local_changed_is_checked_again()
    {
        using var instance = Wasm.Instantiate(Module);
        int p = 65536 - 100; // p + 20 fits, (p + 100) + 8 does not
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("local_changes", WasmValue.I32(p)));
        Assert.Equal(TrapKind.MemoryOutOfBounds, trap.Kind);
        Fill(instance);
        Assert.Equal((int)(Word(instance, 1016) + Word(instance, 1104)), instance.Call("local_changes", WasmValue.I32(1000)).AsI32);
    }
}
