using System.Threading.Tasks.Sources;

namespace TenantDb.Engine.Scheduling;

/// <summary>
/// A reusable unit of engine work that a <see cref="WorkScheduler"/> runs on one of its worker threads.
/// The caller awaits the <see cref="ValueTask"/> <see cref="WorkScheduler.RunAsync(TenantLane, ScheduledWork)"/>
/// returns; the same object is scheduled again after that await has finished, so running work costs
/// no allocation. An object is in at most one queue at a time.
/// </summary>
public abstract class ScheduledWork : IValueTaskSource
{
    // The awaiter continues on the worker that completed the work, up to its next await (for a
    // connection: sending the answers and starting the next read, both asynchronous). Continuing on
    // the thread pool instead cost one more thread switch per batch, more than that work itself.
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = false };

    // The scheduling caller's context (logging scopes and other async-locals), restored around Execute.
    private ExecutionContext? _context;

    /// <summary>The next item of the same lane's queue (owned by <see cref="FairWorkQueue"/>).</summary>
    internal ScheduledWork? Next { get; set; }

    /// <summary>The engine work itself; runs on a worker thread. An exception it throws is rethrown to the awaiter.</summary>
    protected abstract void Execute();

    /// <summary>Resets the completion for a new run; returns the token the awaiter uses.</summary>
    internal short Prepare()
    {
        _completion.Reset();
        _context = ExecutionContext.Capture();
        return _completion.Version;
    }

    /// <summary>Runs <see cref="Execute"/> and completes the awaiter with its outcome.</summary>
    internal void Run()
    {
        var context = _context;
        _context = null;
        try
        {
            if (context is null) Execute();
            else ExecutionContext.Run(context, static work => ((ScheduledWork)work!).Execute(), this);
        }
#pragma warning disable CA1031 // every failure goes to the awaiter, which handles it as if it had run the work itself
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _completion.SetException(ex);
            return;
        }
        _completion.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
