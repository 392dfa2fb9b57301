using TenantDb.ProcSandbox.Runtime;

namespace TenantDb.ProcSandbox.Tests.Runtime;

/// <summary>
/// A stop request racing with disposal (a client cancel or a deadline timer against the end of a
/// call) must never write into the freed context, whose memory the next instance may get.
/// </summary>
public class StopRaceTests
{
    private const string Worker = """
        (module
          (func (export "work") (result i32) (local $i i32)
            (loop $l
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 50))))
            (local.get $i)))
        """;

    [Fact]
    public void Stop_requests_racing_with_dispose_never_stop_an_instance_nobody_asked_to_stop()
    {
        var compiled = Wasm.Compile(Worker);
        const int Workers = 2;
        var retiring = new Instance?[Workers];
        int strayStops = 0, calls = 0;
        using var done = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var threads = new List<Thread>();
        for (int w = 0; w < Workers; w++)
        {
            int slot = w;
            threads.Add(new Thread(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    var instance = Instance.Instantiate(compiled, null);
                    try
                    {
                        // Nobody ever asks this call to stop: only retired instances get stop requests.
                        if (instance.Call("work").AsI32 != 50) Interlocked.Increment(ref strayStops);
                    }
                    catch (WasmTrapException)
                    {
                        Interlocked.Increment(ref strayStops);
                    }
                    Interlocked.Increment(ref calls);
                    Volatile.Write(ref retiring[slot], instance);
                    instance.Dispose();
                }
            }));
            threads.Add(new Thread(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    Volatile.Read(ref retiring[slot])?.RequestStop();
                }
            }));
        }
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.True(calls > 100, $"only {calls} calls ran");
        Assert.Equal(0, strayStops);
    }

    private const string Timed = """
        (module
          (func (export "work") (result i32) (i32.const 1)))
        """;

    [Fact]
    public void A_deadline_timer_of_a_finished_call_never_stops_a_later_call()
    {
        // Deadlines that expire around the end of each call: a late timer callback must not stop
        // the next call of the same instance, nor write into a disposed instance's context.
        var compiled = Wasm.Compile(Timed);
        int strayStops = 0;
        for (int i = 0; i < 2000; i++)
        {
            var limits = new InstanceLimits { Timeout = TimeSpan.FromTicks(1 + i % 50) };
            using var instance = Instance.Instantiate(compiled, null, limits);
            for (int call = 0; call < 3; call++)
            {
                limits.Timeout = call == 2 ? null : limits.Timeout;
                try
                {
                    instance.Call("work");
                }
                catch (WasmTrapException trap) when (trap.Kind == TrapKind.DeadlineExceeded)
                {
                    if (call == 2) strayStops++; // the last call has no deadline at all
                }
            }
        }
        Assert.Equal(0, strayStops);
    }
}
