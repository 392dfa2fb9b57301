using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// Generated code counts fuel in slices taken from a reserve (<see cref="ContextFuel"/>) and reads the stop
/// flag only when it takes a slice. Fuel must still be exact at every budget, slice boundaries included, and
/// a stop request must end a loop within one slice.
/// </summary>
public class FuelSliceTests
{
    /// <summary>Counts to n: the entry costs 1 unit, the loop head n + 1 (n iterations and the final test).</summary>
    private const string Counter = """
        (module
          (import "env" "stop" (func $stop))
          (func (export "count") (param $n i32) (result i32) (local $i i32)
            (block $done (loop $l
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $l)))
            (local.get $i))
          (func (export "stop_then_spin") (call $stop) (loop $l (br $l)))
          (func (export "one") (result i32) (i32.const 1)))
        """;

    private static readonly Lazy<CompiledModule> s_counter = new(() => Wasm.Compile(Counter));

    private static Instance NewInstance(InstanceLimits limits) =>
        Instance.Instantiate(s_counter.Value, new Linker().DefineFunction("env", "stop", new FuncType([], []),
            static (call, args, results) => call.Instance.RequestStop()), limits: limits);

    /// <summary>Budgets and counts around the slice size, where the reserve hands over.</summary>
    private static Gen<int> NearSlices =>
        from slices in Gen.Choose(0, 3)
        from delta in Gen.Choose(-3, 3)
        select Math.Max(0, slices * ContextFuel.FuelSlice + delta);

    [Property(MaxTest = 60)]
    public Property Fuel_is_exact_at_every_budget() => Prop.ForAll(
        Gen.OneOf(NearSlices, Gen.Choose(0, 3 * ContextFuel.FuelSlice)).ToArbitrary(),
        Gen.OneOf(NearSlices, Gen.Choose(0, 3 * ContextFuel.FuelSlice)).ToArbitrary(),
        (n, fuel) =>
        {
            var limits = new InstanceLimits { Fuel = fuel };
            using var instance = NewInstance(limits);
            long needed = n + 2L;
            if (fuel >= needed)
            {
                Assert.Equal(n, instance.Call("count", WasmValue.I32(n)).AsI32);
                Assert.Equal(fuel - needed, limits.Fuel);
            }
            else
            {
                var trap = Assert.Throws<WasmTrapException>(() => { instance.Invoke("count", WasmValue.I32(n)); });
                Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
                Assert.Equal(-1, limits.Fuel); // the check that failed, one unit below zero: as with all fuel in rbx
            }
        });

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    [InlineData((long)int.MaxValue * ContextFuel.FuelSlice)]
    public void Budgets_near_the_largest_count_exactly(long fuel)
    {
        var limits = new InstanceLimits { Fuel = fuel };
        using var instance = NewInstance(limits);
        Assert.Equal(10_000, instance.Call("count", WasmValue.I32(10_000)).AsI32);
        Assert.Equal(fuel - 10_002, limits.Fuel);
    }

    [Fact]
    public void A_stop_requested_before_a_call_stops_it_at_its_first_function_entry()
    {
        using var instance = NewInstance(new InstanceLimits());
        instance.RequestStop();
        var trap = Assert.Throws<WasmTrapException>(() => { instance.Invoke("one"); });
        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
        Assert.Equal(1, instance.Call("one").AsI32); // it applied to that call only
    }

    [Fact]
    public void A_stop_during_a_loop_ends_it_within_one_slice_of_fuel()
    {
        const long budget = 1_000_000_000;
        var limits = new InstanceLimits { Fuel = budget };
        using var instance = NewInstance(limits);
        var trap = Assert.Throws<WasmTrapException>(() => { instance.Invoke("stop_then_spin"); });
        Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
        // The stop lands in the host call, after the entry's unit; the loop then runs at most one slice.
        Assert.InRange(budget - limits.Fuel, 2, 2 + ContextFuel.FuelSlice + 1);
    }
}
