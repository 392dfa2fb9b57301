using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Compiler;

/// <summary>
/// Accesses compiled without a bounds check because they lie wholly below the memory's minimum size (constant addresses,
/// addresses masked by <c>i32.and</c> with a constant and maybe shifted left; golden listing masked_memory.asm): they read
/// and write the bytes wasm says for every input, also after the memory grew, and the same shapes reaching past the
/// minimum size keep their check and trap exactly when wasm does.
/// </summary>
public class MinimumMemoryAccessExecutionTests
{
    private const string Module = """
        (module
          (memory 1 3)
          (func (export "masked") (param $x i32) (result i32)
            (i32.load offset=8 (i32.shl (i32.and (local.get $x) (i32.const 0x3ff)) (i32.const 2))))
          (func (export "masked_store") (param $x i32) (param $v i32)
            (i32.store16 offset=0xFFF0 (i32.and (local.get $x) (i32.const 0xd)) (local.get $v)))
          (func (export "wide_mask") (param $x i32) (result i32)
            (i32.load (i32.and (local.get $x) (i32.const 0x1ffff))))
          (func (export "last_word") (result i32) (i32.load (i32.const 65532)))
          (func (export "past_the_minimum") (result i32) (i32.load (i32.const 65533)))
          (func (export "grow") (result i32) (memory.grow (i32.const 1))))
        """;

    private static uint Word(Instance instance, int at) => BinaryPrimitives.ReadUInt32LittleEndian(instance.Memory[at..]);

    private static void Fill(Instance instance)
    {
        var memory = instance.Memory;
        for (int i = 0; i < memory.Length; i++) memory[i] = (byte)(i * 13 + 5);
    }

    [Property(MaxTest = 200)]
    public Property Masked_loads_and_stores_touch_the_bytes_wasm_says(int x, short value, bool grown)
    {
        using var instance = Wasm.Instantiate(Module);
        if (grown) instance.Call("grow");
        Fill(instance);
        uint loaded = (uint)instance.Call("masked", WasmValue.I32(x)).AsI32;
        int at = ((x & 0x3ff) << 2) + 8;
        instance.Invoke("masked_store", [WasmValue.I32(x), WasmValue.I32(value)]);
        int storedAt = (x & 0xd) + 0xFFF0;
        ushort stored = BinaryPrimitives.ReadUInt16LittleEndian(instance.Memory[storedAt..]);
        return (loaded == Word(instance, at) && stored == (ushort)value).Label($"x {x}: loaded {loaded:X} at {at}, stored {stored:X} at {storedAt}");
    }

    [Property(MaxTest = 200)]
    public Property A_mask_reaching_past_the_minimum_keeps_its_check(int x, bool grown)
    {
        using var instance = Wasm.Instantiate(Module);
        if (grown) instance.Call("grow");
        Fill(instance);
        int at = x & 0x1ffff;
        bool fits = at + 4 <= instance.Memory.Length;
        try
        {
            uint loaded = (uint)instance.Call("wide_mask", WasmValue.I32(x)).AsI32;
            return (fits && loaded == Word(instance, at)).Label($"x {x}: {loaded:X} at {at}");
        }
        catch (WasmTrapException e)
        {
            return (!fits && e.Kind == TrapKind.MemoryOutOfBounds).Label($"x {x} trapped {e.Kind}");
        }
    }

    [Fact]
    public void Constant_addresses_up_to_the_minimum_size_read_without_a_check_and_beyond_it_trap()
    {
        using var instance = Wasm.Instantiate(Module);
        Fill(instance);
        Assert.Equal(Word(instance, 65532), (uint)instance.Call("last_word").AsI32);
        var trap = Assert.Throws<WasmTrapException>(() => instance.Call("past_the_minimum"));
        Assert.Equal(TrapKind.MemoryOutOfBounds, trap.Kind);
        instance.Call("grow");
        Fill(instance);
        Assert.Equal(Word(instance, 65533), (uint)instance.Call("past_the_minimum").AsI32);
    }
}
