using TenantDb.Engine;
using TenantDb.Engine.Errors;

namespace TenantDb.Wire.Server;

// Waiting for the tenant's write lock without a thread. A statement that writes needs the lock; when
// another transaction holds it, the statement must not block the thread in the engine. Instead the
// connection joins the tenant's queue of writers and stops handling the message it is in (nothing of
// that message's answer has been written yet); the message loop awaits the queue and then handles the
// same message again from the start, now holding the lock. A simple Query resumes at the statement
// that waited. If the wait fails (lock timeout 55P03, full queue 53300, cancel 57014), that statement
// fails with the wait's error when the message is handled again.
internal sealed partial class PgConnection
{
    // The queue wait in progress, set when a statement stopped for it.
    private Task? _writeLockWait;
    // How the last wait failed, thrown by the statement that waited when it is tried again.
    private TenantDbException? _writeLockFailure;
    // Cancels the wait on CancelRequest or shutdown.
    private CancellationTokenSource? _writeLockCancel;
    // How much output the current message (or statement of a simple Query) had when it started: it may
    // stop for the lock only while it has written nothing since.
    private int _outputMark;
    // Where a simple Query resumes after a wait (-1: it starts from the beginning).
    private int _queryResumeAt = -1;

    /// <summary>Thrown to unwind a message whose statement waits for the write lock; only the message loop catches it.</summary>
    private sealed class WriteLockWaitException : Exception
    {
    }

    /// <summary>Marks the start of a message or statement that may stop to wait for the write lock.</summary>
    private void MarkOutput() => _outputMark = _writer.BufferedLength;

    /// <summary>
    /// Called before a statement that may write starts. Returns when the session holds the tenant's write
    /// lock (or when waiting is left to the engine); otherwise starts waiting and unwinds the message.
    /// </summary>
    private void EnsureWriteLock()
    {
        if (_writeLockFailure is { } failure)
        {
            _writeLockFailure = null;
            throw failure;
        }
        // A read-only transaction takes no lock: the engine refuses its writes with 25006.
        if (_transactions.ReadOnly) return;
        var session = Session;
        if (session.HoldsWriteLock || session.TryTakeWriteLock()) return;
        // Part of this message's answer is out already: it cannot be handled again, so the engine waits.
        if (_writer.BufferedLength != _outputMark) return;
        var cancel = new CancellationTokenSource();
        _writeLockCancel = cancel;
        _writeLockWait = session.WaitForWriteLockAsync(cancel.Token);
        throw new WriteLockWaitException();
    }

    /// <summary>Awaits the wait a statement started; its failure is kept for the statement's second try.</summary>
    private async Task AwaitWriteLockAsync()
    {
        var wait = _writeLockWait!;
        _writeLockWait = null;
        try
        {
            await wait.ConfigureAwait(false);
        }
        catch (TenantDbException ex)
        {
            _writeLockFailure = ex;
        }
        finally
        {
            var cancel = Interlocked.Exchange(ref _writeLockCancel, null);
            cancel?.Dispose();
        }
    }

    /// <summary>Cancels a wait for the write lock (CancelRequest, shutdown); safe from any thread.</summary>
    private void CancelWriteLockWait()
    {
        try
        {
            Volatile.Read(ref _writeLockCancel)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The wait ended meanwhile.
        }
    }

    /// <summary>After a message's work: a lock taken for a statement that did not write (or failed before it did) goes back.</summary>
    private void ReleaseUnusedWriteLock()
    {
        if (_writeLockWait is null) _session?.ReleaseWriteLockIfNotWriting();
    }
}
