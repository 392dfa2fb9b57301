using System.Collections.Concurrent;
using System.Text;
using TenantDb.Engine.Procedures;
using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>A tenant cannot flood the operator's log through its procedures' `log` import.</summary>
public sealed class ProcedureLogLimitTests
{
    private const string LogsALot = $$"""
        (module
          {{ProcedureModules.Imports}}
          {{ProcedureImports.Log}}
          (memory (export "memory") 1)
          (data (i32.const 0) "hello")
          (func (export "run") (result i32)
            (local $i i32)
            (loop $again
              (drop (call $log (i32.const 0) (i32.const 5)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $i) (i32.const 300))))
            (i32.const 0)))
        """;

    private sealed class DiscardingSink : IProcedureRowSink
    {
        public void OnRow(ProcedureRow row)
        {
        }
    }

    [Fact]
    public void Each_tenant_gets_its_own_budget_of_lines_per_second()
    {
        var lines = new ConcurrentQueue<(string Tenant, string Line)>();
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions
        {
            ProcedureLog = (tenant, _, line) => lines.Enqueue((tenant, line)),
            ProcedureLogLinesPerSecond = 5,
        });
        foreach (string tenant in new[] { "noisy", "quiet" })
        {
            engine.CreateTenant(tenant);
            using TenantSession session = engine.OpenSession(tenant);
            session.CreateProcedure("spam", [], [], Encoding.UTF8.GetBytes(LogsALot));
        }

        using (TenantSession noisy = engine.OpenSession("noisy"))
        {
            noisy.CallProcedure("spam", [], new DiscardingSink());
            noisy.CallProcedure("spam", [], new DiscardingSink());
        }

        using (TenantSession quiet = engine.OpenSession("quiet"))
        {
            quiet.CallProcedure("spam", [], new DiscardingSink());
        }

        // 600 lines tried by "noisy": at most 5 per second pass (a call may straddle a second boundary).
        int noisyLines = lines.Count(l => l.Tenant == "noisy" && l.Line == "hello");
        Assert.InRange(noisyLines, 5, 15);
        // "noisy" used up its own budget, not "quiet"'s.
        Assert.InRange(lines.Count(l => l.Tenant == "quiet" && l.Line == "hello"), 5, 10);
    }

    [Fact]
    public void Dropped_lines_are_counted_on_the_next_line_that_passes()
    {
        var clock = new SteppedClock();
        var budget = new ProcedureLogBudget(linesPerSecond: 2, clock);
        Assert.True(budget.TryTake("t", out long dropped));
        Assert.Equal(0, dropped);
        Assert.True(budget.TryTake("t", out _));
        int refused = 0;
        for (; refused < 7; refused++) Assert.False(budget.TryTake("t", out _));
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(budget.TryTake("t", out _)); // still the same second
        refused++;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(budget.TryTake("t", out long reported));

        Assert.Equal(refused, reported);
    }

    /// <summary>A clock that moves only when the test says so.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
