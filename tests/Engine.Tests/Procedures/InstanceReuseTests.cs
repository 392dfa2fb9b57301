using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Values;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>
/// Calls reuse instances of a procedure's module (the pool next to its code in the procedure cache).
/// Attacks: a call that leaves a secret in memory, in a global or over a data segment, and a later
/// call (of another session of the same tenant) looking for it; a call that traps halfway through
/// writing; a cancel racing with the instance's return to the pool.
/// </summary>
public sealed class InstanceReuseTests : IDisposable
{
    private const long DataSegment = 0x4847464544434241; // "ABCDEFGH", little-endian

    /// <summary>
    /// Takes (secret int8, action int8). Emits first what it finds where calls write: memory at 4096,
    /// its global, and the data segment at 0; then writes the secret to all three and ends by
    /// <c>action</c>: 0 returns 0, 1 traps, 2 grows its memory by 100 pages and returns 0, 3 returns 1.
    /// </summary>
    private const string Snoop = $$"""
        (module
          {{ProcedureImports.Read}}
          {{ProcedureImports.Emit}}
          (memory (export "memory") 1)
          (global $g (mut i64) (i64.const 0))
          (data (i32.const 0) "ABCDEFGH")
          (func (export "run") (result i32)
            (local $secret i64) (local $action i64)
            (drop (call $read (i32.const 0) (i32.const 1024) (i32.const 256)))
            (local.set $secret (i64.load (i32.const 1031)))
            (local.set $action (i64.load (i32.const 1040)))
            (i32.store (i32.const 2048) (i32.const 29))
            (i32.store16 (i32.const 2052) (i32.const 3))
            (i32.store8 (i32.const 2054) (i32.const 1))
            (i64.store (i32.const 2055) (i64.load (i32.const 4096)))
            (i32.store8 (i32.const 2063) (i32.const 1))
            (i64.store (i32.const 2064) (global.get $g))
            (i32.store8 (i32.const 2072) (i32.const 1))
            (i64.store (i32.const 2073) (i64.load (i32.const 0)))
            (drop (call $emit (i32.const 2048) (i32.const 33)))
            (i64.store (i32.const 4096) (local.get $secret))
            (global.set $g (local.get $secret))
            (i64.store (i32.const 0) (local.get $secret))
            (if (i64.eq (local.get $action) (i64.const 1)) (then unreachable))
            (if (i64.eq (local.get $action) (i64.const 2)) (then (drop (memory.grow (i32.const 100)))))
            (if (i64.eq (local.get $action) (i64.const 3)) (then (return (i32.const 1))))
            (i32.const 0)))
        """;

    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory(new EngineOptions
    {
        ProcedureLimits = new ProcedureLimits { Fuel = 1_000_000, Timeout = TimeSpan.FromSeconds(30) },
    });

    public InstanceReuseTests()
    {
        _engine.CreateTenant("a");
        using var session = _engine.OpenSession("a");
        session.CreateProcedure("snoop",
            [new ProcedureColumn("secret", ProcedureType.Int8), new ProcedureColumn("action", ProcedureType.Int8)],
            [new ProcedureColumn("memory", ProcedureType.Int8), new ProcedureColumn("global", ProcedureType.Int8), new ProcedureColumn("data", ProcedureType.Int8)],
            Encoding.UTF8.GetBytes(Snoop));
    }

    public void Dispose() => _engine.Dispose();

    private int IdleInstances => _engine.Procedures.IdleInstances.Instances;

    private sealed class Seen : IProcedureRowSink
    {
        public long[]? Values { get; private set; }

        public void OnRow(ProcedureRow row) => Values = [row.GetValue(0).AsInteger, row.GetValue(1).AsInteger, row.GetValue(2).AsInteger];
    }

    /// <summary>Calls snoop; returns what it found (before writing its own secret), and the error if the call failed.</summary>
    private static (long[] Seen, TenantDbErrorKind? Error) Call(TenantSession session, long secret, long action)
    {
        var seen = new Seen();
        try
        {
            session.CallProcedure("snoop", [SqlValue.Integer(secret), SqlValue.Integer(action)], seen);
            return (seen.Values!, null);
        }
        catch (TenantDbException e)
        {
            return (seen.Values!, e.Kind);
        }
    }

    private static void AssertFresh(long[] seen) => Assert.Equal([0, 0, DataSegment], seen);

    [Fact]
    public void A_secret_left_by_one_call_is_not_seen_by_the_next_call_of_another_session()
    {
        using var writer = _engine.OpenSession("a");
        using var reader = _engine.OpenSession("a");

        AssertFresh(Call(writer, 0x5EC12E7, 0).Seen);
        Assert.Equal(1, IdleInstances); // the instance went back to the pool: the next call reuses it
        var (seen, error) = Call(reader, 0, 0);

        Assert.Null(error);
        AssertFresh(seen);
        Assert.Equal(1, IdleInstances);
    }

    [Fact]
    public void A_call_that_returns_a_failure_status_still_leaves_nothing_behind()
    {
        using var session = _engine.OpenSession("a");

        Assert.Equal(TenantDbErrorKind.ProcedureFailed, Call(session, 0x5EC12E7, 3).Error);

        AssertFresh(Call(session, 0, 0).Seen);
    }

    [Fact]
    public void An_instance_whose_call_trapped_mid_write_is_discarded_and_the_next_call_sees_nothing()
    {
        using var session = _engine.OpenSession("a");
        Call(session, 1, 0);
        Assert.Equal(1, IdleInstances);

        Assert.Equal(TenantDbErrorKind.ProcedureTrap, Call(session, 0x5EC12E7, 1).Error);
        Assert.Equal(0, IdleInstances); // the trapped instance was disposed, not returned

        AssertFresh(Call(session, 0, 0).Seen);
    }

    [Fact]
    public void An_instance_whose_memory_grew_past_the_bound_is_discarded()
    {
        using var session = _engine.OpenSession("a");
        Assert.True(100 * 65536 > ProcedureCache.MaxRetainedMemoryBytes);

        Assert.Null(Call(session, 0x5EC12E7, 2).Error);
        Assert.Equal(0, IdleInstances);

        AssertFresh(Call(session, 0, 0).Seen);
        Assert.Equal(1, IdleInstances);
    }

    [Fact]
    public void An_instance_whose_call_ran_out_of_fuel_is_discarded()
    {
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { ProcedureLimits = new ProcedureLimits { Fuel = 1_000 } });
        engine.CreateTenant("a");
        using var session = engine.OpenSession("a");
        session.CreateProcedure("spin", [], [], Encoding.UTF8.GetBytes("""(module (memory (export "memory") 1) (func (export "run") (result i32) (loop $l (br $l)) (i32.const 0)))"""));

        var e = Assert.Throws<TenantDbException>(() => session.CallProcedure("spin", [], NoRows.Instance));

        Assert.Equal(TenantDbErrorKind.ProcedureLimit, e.Kind);
        Assert.Equal(0, engine.Procedures.IdleInstances.Instances);
    }

    public sealed record Step(long Secret, int Action, bool OtherSession);

    private static Arbitrary<Step[]> Steps =>
        (from secret in Gen.Choose(1, int.MaxValue).Select(v => (long)v)
         from action in Gen.Choose(0, 3)
         from other in ArbMap.Default.GeneratorFor<bool>()
         select new Step(secret, action, other)).ArrayOf().ToArbitrary();

    [Property(MaxTest = 25)]
    public Property Every_call_sees_a_fresh_instance_whatever_the_calls_before_it_did() => Prop.ForAll(Steps, steps =>
    {
        using var first = _engine.OpenSession("a");
        using var second = _engine.OpenSession("a");
        foreach (var step in steps)
        {
            var (seen, _) = Call(step.OtherSession ? second : first, step.Secret, step.Action);
            if (seen[0] != 0 || seen[1] != 0 || seen[2] != DataSegment) return false.Label($"saw {string.Join(", ", seen)}");
        }
        return (IdleInstances <= ProcedureCache.MaxIdleInstancesPerModule).Label($"{IdleInstances} idle instances");
    });

    [Fact]
    public async Task Cancels_of_one_session_racing_with_its_returns_to_the_pool_never_stop_another_sessions_call()
    {
        // Read-only sessions: their calls run at the same time instead of taking turns for the write lock.
        using var canceled = _engine.OpenSession("a");
        using var bystander = _engine.OpenSession("a");
        canceled.ReadOnly = true;
        bystander.ReadOnly = true;
        using var done = new CancellationTokenSource();
        long canceledCalls = 0, leaks = 0;

        var victim = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                var (seen, error) = Call(canceled, 0x5EC12E7, 0);
                if (error == TenantDbErrorKind.Canceled) Interlocked.Increment(ref canceledCalls);
                else if (error is not null) throw new InvalidOperationException($"unexpected {error}");
                if (seen is not null && (seen[0] != 0 || seen[1] != 0 || seen[2] != DataSegment)) Interlocked.Increment(ref leaks);
            }
        });
        var canceler = Task.Run(() =>
        {
            while (!done.IsCancellationRequested) canceled.Interrupt();
        });
        try
        {
            for (int i = 0; i < 200; i++)
            {
                var (seen, error) = Call(bystander, 0, 0);
                Assert.Null(error); // a stop meant for the other session's ended call reached this one
                AssertFresh(seen);
            }
        }
        finally
        {
            done.Cancel();
        }
        await victim;
        await canceler;
        Assert.Equal(0, Interlocked.Read(ref leaks));
    }
}
