using FsCheck.Xunit;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// Random graphs of 2-4 linked instances (imported functions and memories, shared tables, host
/// callbacks that call back into any instance) driven by random scripts of calls, traps, loops,
/// stop requests and disposals: every surviving instance's memory keeps its canary, every memory
/// is released once all instances are disposed, and the host goes on working.
/// </summary>
public class LinkGraphProperties
{
    private const long FuelPerCall = 20_000;

    /// <summary>
    /// Instance <paramref name="index"/>: <c>work(p)</c> interprets p's low 3 bits (0 canary, 1 trap,
    /// 2 spin, 3 call the import, 4 host callback, 5 call_indirect, 6 memory.grow, 7 scratch store)
    /// and passes p >> 3 on, so every chain of calls ends.
    /// </summary>
    private static string Module(int index, int? functionFrom, int? memoryFrom) => $$"""
        (module
          (import "host" "callback" (func $cb (param i32) (result i32)))
          {{(functionFrom is null ? "" : "(import \"f\" \"work\" (func $imp (param i32) (result i32)))")}}
          {{(memoryFrom is null ? "(memory 1 4)" : "(import \"m\" \"mem\" (memory 1))")}}
          (export "mem" (memory 0))
          (type $t (func (param i32) (result i32)))
          (table 2 funcref)
          (elem (i32.const 0) $work {{(functionFrom is null ? "$work" : "$imp")}})
          (func $work (export "work") (param $p i32) (result i32) (local $op i32) (local $rest i32)
            (local.set $op (i32.and (local.get $p) (i32.const 7)))
            (local.set $rest (i32.shr_u (local.get $p) (i32.const 3)))
            (if (i32.eq (local.get $op) (i32.const 1)) (then unreachable))
            (if (i32.eq (local.get $op) (i32.const 2)) (then (loop $l (br $l))))
            (if (i32.eq (local.get $op) (i32.const 3)) (then (return (call {{(functionFrom is null ? "$work" : "$imp")}} (local.get $rest)))))
            (if (i32.eq (local.get $op) (i32.const 4)) (then (return (call $cb (local.get $rest)))))
            (if (i32.eq (local.get $op) (i32.const 5)) (then (return (call_indirect (type $t) (local.get $rest) (i32.const 1)))))
            (if (i32.eq (local.get $op) (i32.const 6)) (then (return (memory.grow (i32.const 1)))))
            (if (i32.eq (local.get $op) (i32.const 7)) (then
              (i32.store (i32.const {{4096 + 4 * index}}) (local.get $rest))
              (return (i32.const 0))))
            (i32.load (i32.const {{16 * index}}))))
        """;

    private static int Canary(int index) => unchecked((int)0xC0DE0000) | index;

    /// <summary>
    /// FsCheck supplies the seed (its small-number bias would leave the bit-packed programs shallow);
    /// the case is a pure function of it, so a failing seed reproduces.
    /// </summary>
    [Property(MaxTest = 100)]
    public void Random_link_graphs_keep_every_memory_and_the_host_intact(int seed)
    {
        var random = new Random(seed);
        int count = random.Next(2, 5);
        var instances = new Instance[count];
        var limits = new InstanceLimits[count];
        var disposed = new bool[count];
        var memories = new List<WasmMemory>();
        var linked = new List<Instance>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                int? functionFrom = i > 0 && random.Next(2) == 0 ? random.Next(i) : null;
                int? memoryFrom = i > 0 && random.Next(2) == 0 ? random.Next(i) : null;
                var linker = new Linker().DefineFunction("host", "callback", new FuncType([ValType.I32], [ValType.I32]),
                    (call, args, results) => results[0] = WasmValue.I32(Callback(instances, disposed, count, args[0].AsI32)));
                if (functionFrom is { } f) linker.DefineInstance("f", instances[f]);
                if (memoryFrom is { } m) linker.DefineMemory("m", "mem", instances[m].GetExportedMemory("mem")!);
                limits[i] = new InstanceLimits { Fuel = FuelPerCall };
                instances[i] = Instance.Instantiate(Wasm.Compile(Module(i, functionFrom, memoryFrom)), linker, limits[i]);
                linked.Add(instances[i]);
                memories.Add(instances[i].LinearMemory!);
                BitConverter.TryWriteBytes(instances[i].Memory[(16 * i)..], Canary(i));
            }

            for (int step = random.Next(1, 13); step > 0; step--)
            {
                int target = random.Next(count);
                switch (random.Next(8))
                {
                    case 5:
                        instances[target].Dispose();
                        disposed[target] = true;
                        break;
                    case 6:
                        instances[target].RequestStop();
                        break;
                    default:
                        TopLevelCall(instances[target], limits[target], target, random.Next(), disposed[target]);
                        break;
                }
            }

            for (int i = 0; i < count; i++)
            {
                if (disposed[i]) continue;
                Assert.Equal(Canary(i), BitConverter.ToInt32(instances[i].Memory[(16 * i)..]));
            }
        }
        finally
        {
            foreach (var instance in linked) instance.Dispose();
        }
        // Every reference was given back: no memory stays held (or pooled twice).
        Assert.All(memories, memory => Assert.False(memory.InUse));
        using var fresh = Wasm.Instantiate("(module (memory 1) (func (export \"f\") (result i32) (i32.store (i32.const 8) (i32.const 41)) (i32.add (i32.load (i32.const 8)) (i32.const 1))))");
        Assert.Equal(42, fresh.Call("f").AsI32);
    }

    private static void TopLevelCall(Instance instance, InstanceLimits limits, int index, int program, bool isDisposed)
    {
        limits.Fuel = FuelPerCall;
        try
        {
            int result = instance.Call("work", WasmValue.I32(program)).AsI32;
            Assert.False(isDisposed, "a disposed instance ran a call");
            if ((program & 7) == 0) Assert.Equal(Canary(index), result);
        }
        catch (WasmTrapException trap)
        {
            Assert.Contains(trap.Kind, new[] { TrapKind.Unreachable, TrapKind.OutOfFuel, TrapKind.DeadlineExceeded, TrapKind.HostError, TrapKind.StackExhausted });
        }
        catch (ObjectDisposedException)
        {
            Assert.True(isDisposed, "a live instance reported itself disposed");
        }
    }

    /// <summary>The host callback: calls, stops or disposes an instance chosen by the argument.</summary>
    private static int Callback(Instance[] instances, bool[] disposed, int count, int argument)
    {
        int target = (argument & 3) % count;
        int next = argument >>> 2;
        switch (next & 3)
        {
            case 2:
                instances[target].RequestStop();
                return 0;
            case 3:
                instances[target].Dispose(); // may be running further out: it is freed when that call ends
                disposed[target] = true;
                return 0;
            default:
                try
                {
                    return instances[target].Call("work", WasmValue.I32(next >>> 2)).AsI32;
                }
                catch (WasmTrapException)
                {
                    return -1;
                }
                catch (ObjectDisposedException)
                {
                    return -2;
                }
        }
    }
}
