using System.Collections.Concurrent;

namespace TenantDb.Engine.Procedures;

/// <summary>
/// Limits how many procedure log lines each tenant may write per second, across all of its calls and
/// sessions, so that no tenant can flood the operator's log (each call is also capped on its own).
/// Lines over the budget are dropped and counted; the next line that passes says how many were dropped.
/// The clock is a <see cref="TimeProvider"/> so that tests move time instead of waiting for it.
/// </summary>
internal sealed class ProcedureLogBudget(int linesPerSecond, TimeProvider clock)
{
    public ProcedureLogBudget(int linesPerSecond) : this(linesPerSecond, TimeProvider.System)
    {
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="tenant"/> may write one more line now; <paramref name="dropped"/> is
    /// then the number of its lines dropped since the last line that passed.
    /// </summary>
    public bool TryTake(string tenant, out long dropped)
    {
        Window window = _windows.GetOrAdd(tenant, static _ => new Window());
        long now = clock.GetTimestamp();
        lock (window)
        {
            if (now - window.Start >= clock.TimestampFrequency)
            {
                window.Start = now;
                window.Used = 0;
            }

            if (window.Used < linesPerSecond)
            {
                window.Used++;
                dropped = window.Dropped;
                window.Dropped = 0;
                return true;
            }

            window.Dropped++;
            dropped = 0;
            return false;
        }
    }

    /// <summary>Forgets a dropped tenant.</summary>
    public void Forget(string tenant) => _windows.TryRemove(tenant, out _);

    private sealed class Window
    {
        public long Start;
        public int Used;
        public long Dropped;
    }
}
