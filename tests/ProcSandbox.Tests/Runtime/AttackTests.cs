using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>Hostile modules are stopped with the right trap (the trap kind shows which limit stopped them) and the instance stays usable.</summary>
public class AttackTests
{
    private const string Hostile = """
        (module
          (type $v (func (result i32)))
          (type $other (func (param i64) (result i32)))
          (memory 1)
          (table 4 funcref)
          (elem (i32.const 0) $ok $other)
          (func $ok (type $v) (i32.const 42))
          (func $other (type $other) (i32.const 7))
          (func (export "ok") (result i32) (i32.const 1))
          (func (export "spin") (loop $l (br $l)))
          (func $recurse (export "recurse") (param i32) (result i32)
            (i32.add (call $recurse (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "grow") (result i32) (local $pages i32)
            (block $done (loop $more
              (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (br $more)))
            (memory.size))
          (func (export "read") (param i32) (result i32) (i32.load offset=0xFFFFFFF0 (local.get 0)))
          (func (export "write") (param i32) (i32.store (local.get 0) (i32.const 1)))
          (func (export "indirect") (param i32) (result i32) (call_indirect (type $v) (local.get 0))))
        """;

    private static Instance NewInstance(InstanceLimits? limits = null) => Wasm.Instantiate(Hostile, limits: limits);

    private static void AssertTrap(TrapKind kind, Action action)
    {
        var trap = Assert.Throws<WasmTrapException>(action);
        Assert.Equal(kind, trap.Kind);
    }

    [Fact]
    public void Infinite_loop_runs_out_of_fuel_and_the_instance_recovers()
    {
        var limits = new InstanceLimits { Fuel = 1_000_000 };
        using var instance = NewInstance(limits);
        AssertTrap(TrapKind.OutOfFuel, () => instance.Invoke("spin"));
        Assert.True(limits.Fuel < 0);
        limits.Fuel = 100;
        Assert.Equal(1, instance.Call("ok").AsI32);
        Assert.Equal(99, limits.Fuel);
    }

    [Fact]
    public void Infinite_loop_stops_on_request_from_another_thread()
    {
        using var instance = NewInstance();
        using var timer = new Timer(_ => instance.RequestStop(), null, 100, Timeout.Infinite);
        AssertTrap(TrapKind.DeadlineExceeded, () => instance.Invoke("spin"));
        Assert.Equal(1, instance.Call("ok").AsI32);
    }

    [Fact]
    public void Infinite_loop_stops_at_the_timeout()
    {
        var limits = new InstanceLimits { Timeout = TimeSpan.FromMilliseconds(50) };
        using var instance = NewInstance(limits);
        AssertTrap(TrapKind.DeadlineExceeded, () => instance.Invoke("spin"));
        Assert.Equal(1, instance.Call("ok").AsI32);
    }

    [Fact]
    public void Infinite_recursion_exhausts_the_stack_limit_not_the_process()
    {
        using var instance = NewInstance(new InstanceLimits { MaxStackBytes = 256 * 1024 });
        for (int i = 0; i < 3; i++) AssertTrap(TrapKind.StackExhausted, () => instance.Invoke("recurse", WasmValue.I32(0)));
        Assert.Equal(1, instance.Call("ok").AsI32);
    }

    [Fact]
    public void A_stack_limit_larger_than_the_thread_stack_still_traps_instead_of_crashing()
    {
        using var instance = NewInstance(new InstanceLimits { MaxStackBytes = 64 * 1024 * 1024 });
        TrapKind? kind = null;
        var thread = new Thread(() =>
        {
            try { instance.Invoke("recurse", WasmValue.I32(0)); }
            catch (WasmTrapException trap) { kind = trap.Kind; }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(TrapKind.StackExhausted, kind);
    }

    [Fact]
    public void Memory_grow_bomb_gets_minus_one_at_the_limit()
    {
        using var instance = NewInstance(new InstanceLimits { MaxMemoryPages = 100 });
        Assert.Equal(100, instance.Call("grow").AsI32);
        Assert.Equal(100 * 65536, instance.Memory.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0x10)]
    [InlineData(-1)]
    public void Far_out_of_bounds_reads_and_writes_trap(int address)
    {
        using var instance = NewInstance();
        AssertTrap(TrapKind.MemoryOutOfBounds, () => instance.Invoke("read", WasmValue.I32(address)));
        AssertTrap(TrapKind.MemoryOutOfBounds, () => instance.Invoke("write", WasmValue.I32(address == -1 ? -1 : 65533 + address)));
        instance.Invoke("write", WasmValue.I32(65532));
        Assert.Equal(1, instance.Memory[65532]);
    }

    [Fact]
    public void Bad_table_entries_trap_with_their_kind()
    {
        using var instance = NewInstance();
        Assert.Equal(42, instance.Call("indirect", WasmValue.I32(0)).AsI32);
        AssertTrap(TrapKind.IndirectCallTypeMismatch, () => instance.Invoke("indirect", WasmValue.I32(1)));
        AssertTrap(TrapKind.UninitializedElement, () => instance.Invoke("indirect", WasmValue.I32(2)));
        AssertTrap(TrapKind.UndefinedElement, () => instance.Invoke("indirect", WasmValue.I32(4)));
        AssertTrap(TrapKind.UndefinedElement, () => instance.Invoke("indirect", WasmValue.I32(-1)));
        Assert.Equal(42, instance.Call("indirect", WasmValue.I32(0)).AsI32);
    }
}
