using TenantDb.ProcSandbox.Module;
using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// Calls between linked instances: a trap after a cross-instance call unwinds through live frames
/// only, and the caller's fuel, deadline and stop request follow the call into the callee.
/// </summary>
public class CrossInstanceTests
{
    private const string Callee = """
        (module
          (import "host" "callback" (func $callback))
          (func (export "seven") (result i32) (i32.const 7))
          (func (export "spin") (loop $l (br $l)))
          (func (export "callback_then_trap") (call $callback) (unreachable))
          (func (export "callback_then_value") (result i32) (call $callback) (i32.const 99)))
        """;

    private const string Caller = """
        (module
          (import "callee" "seven" (func $seven (result i32)))
          (import "callee" "spin" (func $spin))
          (table 2 funcref)
          (elem (i32.const 0) $seven $spin)
          (type $v (func))
          (type $i (func (result i32)))
          (func (export "seven") (result i32) (call $seven))
          (func (export "seven_indirect") (result i32) (call_indirect (type $i) (i32.const 0)))
          (func (export "spin") (call $spin))
          (func (export "spin_indirect") (call_indirect (type $v) (i32.const 1))))
        """;

    /// <summary>Instantiates the callee (whose host callback runs <paramref name="callback"/>) and a caller importing it.</summary>
    private static (Instance Callee, Instance Caller) Link(Action<Instance> callback, InstanceLimits? callerLimits = null, InstanceLimits? calleeLimits = null)
    {
        Instance? caller = null;
        var host = new Linker().DefineFunction("host", "callback", new FuncType([], []), (call, args, results) => callback(caller!));
        var callee = Instance.Instantiate(Wasm.Compile(Callee), host, calleeLimits);
        caller = Instance.Instantiate(Wasm.Compile(Caller), new Linker().DefineInstance("callee", callee), callerLimits);
        return (callee, caller);
    }

    [Theory]
    [InlineData("seven")]
    [InlineData("seven_indirect")]
    public void A_trap_after_a_nested_cross_instance_call_unwinds_to_the_live_entry(string export)
    {
        // callee.callback_then_trap -> host -> caller.seven -> callee.seven (another context) -> back; then trap.
        var (callee, caller) = Link(c => Assert.Equal(7, c.Call(export).AsI32));
        using (callee)
        using (caller)
        {
            for (int i = 0; i < 20; i++)
            {
                var trap = Assert.Throws<WasmTrapException>(() => callee.Invoke("callback_then_trap"));
                Assert.Equal(TrapKind.Unreachable, trap.Kind);
                Assert.Equal(99, callee.Call("callback_then_value").AsI32);
                Assert.Equal(7, caller.Call(export).AsI32);
            }
        }
    }

    [Fact]
    public void A_trap_caught_by_a_host_callback_leaves_both_instances_usable()
    {
        // callee.callback_then_trap -> host -> caller.spin -> callee.spin runs out of the outermost
        // call's fuel; the host swallows that trap; the callee then traps on its own.
        var calleeLimits = new InstanceLimits();
        var (callee, caller) = Link(c => Assert.Equal(TrapKind.OutOfFuel, Assert.Throws<WasmTrapException>(() => c.Invoke("spin")).Kind), calleeLimits: calleeLimits);
        using (callee)
        using (caller)
        using (var watchdog = new Watchdog(callee))
        {
            for (int i = 0; i < 10; i++)
            {
                calleeLimits.Fuel = 10_000;
                var trap = Assert.Throws<WasmTrapException>(() => callee.Invoke("callback_then_trap"));
                Assert.Equal(TrapKind.Unreachable, trap.Kind);
                Assert.True(calleeLimits.Fuel < 0, "the nested loop spends the outermost call's fuel");
                calleeLimits.Fuel = 100;
                Assert.Equal(99, callee.Call("callback_then_value").AsI32);
                Assert.Equal(7, caller.Call("seven").AsI32);
            }
            Assert.False(watchdog.Fired);
        }
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("spin_indirect")]
    public void The_callers_fuel_bounds_a_loop_in_the_callee(string export)
    {
        var (callee, caller) = Link(_ => { }, new InstanceLimits { Fuel = 100_000 });
        using (callee)
        using (caller)
        using (var watchdog = new Watchdog(callee))
        {
            var trap = Assert.Throws<WasmTrapException>(() => caller.Invoke(export));
            Assert.False(watchdog.Fired, "the callee ignored the caller's fuel");
            Assert.Equal(TrapKind.OutOfFuel, trap.Kind);
            Assert.True(caller.Limits.Fuel < 0, "the callee's loop must consume the caller's fuel");
        }
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("spin_indirect")]
    public void The_callers_timeout_stops_a_loop_in_the_callee(string export)
    {
        var (callee, caller) = Link(_ => { }, new InstanceLimits { Timeout = TimeSpan.FromMilliseconds(50) });
        using (callee)
        using (caller)
        using (var watchdog = new Watchdog(callee))
        {
            var trap = Assert.Throws<WasmTrapException>(() => caller.Invoke(export));
            Assert.False(watchdog.Fired, "the callee ignored the caller's deadline");
            Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
            Assert.Equal(7, caller.Call("seven").AsI32);
        }
    }

    [Theory]
    [InlineData("spin")]
    [InlineData("spin_indirect")]
    public void A_stop_requested_of_the_caller_stops_a_loop_in_the_callee(string export)
    {
        var (callee, caller) = Link(_ => { });
        using (callee)
        using (caller)
        using (var watchdog = new Watchdog(callee))
        using (new Timer(_ => caller.RequestStop(), null, 50, 50))
        {
            var trap = Assert.Throws<WasmTrapException>(() => caller.Invoke(export));
            Assert.False(watchdog.Fired, "the callee ignored the caller's stop request");
            Assert.Equal(TrapKind.DeadlineExceeded, trap.Kind);
        }
    }

    /// <summary>Stops a runaway callee after 10 s so a broken runtime fails the test instead of hanging it.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly Timer _timer;
        private int _fired;

        public Watchdog(Instance callee) =>
            _timer = new Timer(_ =>
            {
                Volatile.Write(ref _fired, 1);
                callee.RequestStop();
            }, null, 10_000, 1_000);

        public bool Fired => Volatile.Read(ref _fired) != 0;

        public void Dispose() => _timer.Dispose();
    }
}
