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
        var budget = new ProcedureLogBudget(linesPerSecond: 2);
        Assert.True(budget.TryTake("t", out long dropped));
        Assert.Equal(0, dropped);
        Assert.True(budget.TryTake("t", out _));
        int refused = 0;
        long reported = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            if (budget.TryTake("t", out dropped))
            {
                reported = dropped;
                break;
            }

            refused++;
        }

        Assert.True(refused > 0);
        Assert.Equal(refused, reported);
    }
}
