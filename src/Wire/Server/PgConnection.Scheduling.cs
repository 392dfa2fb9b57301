using System.Buffers;
using System.Runtime.CompilerServices;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Scheduling;
using TenantDb.Wire.Protocol;

namespace TenantDb.Wire.Server;

// Engine work on the server's bounded workers. The message loop reads asynchronously and owns no
// thread while it waits; when messages have arrived it hands them, as one batch, to the server's
// WorkScheduler on the tenant's lane, and awaits the batch before it sends the answers and reads
// again. So a connection never has two batches in flight, and its SQLite connection is used by one
// thread at a time, whichever worker that is.
internal sealed partial class PgConnection
{
    // A batch handles at most this many messages, then the rest waits for the tenant's next turn, so a
    // client that pipelines thousands of messages gets no longer turns than one that sends a few.
    private const int MessagesPerTurn = 64;

    private readonly MessageBatch _batch;
    // The tenant's lane in the scheduler, from the startup packet until the connection is closed.
    private TenantLane? _lane;
    // In and out of a batch: the bytes still to handle, whether the connection goes on, whether the
    // batch stopped at its message budget with complete messages left.
    private ReadOnlySequence<byte> _batchBuffer;
    private bool _batchKeepGoing;
    private bool _batchYielded;

    // Where the connection's batch is, so that a CancelRequest reaches it also while it waits for a
    // worker: Idle (reading), Queued, CanceledInQueue (a cancel came while queued), Running.
    private const int BatchIdle = 0;
    private const int BatchQueued = 1;
    private const int BatchCanceledInQueue = 2;
    private const int BatchRunning = 3;
    private int _batchState;
    // Set by a batch that was canceled while queued: its first statement fails with 57014 (worker only).
    private bool _cancelFirstStatement;

    private WorkScheduler Scheduler => _server.Scheduler;

    /// <summary>Takes the lane of the tenant named in the startup packet (once).</summary>
    private void JoinLane(string tenant) => _lane ??= Scheduler.AcquireLane(tenant);

    /// <summary>
    /// Queues the complete messages in <paramref name="buffer"/> to be handled on a worker; the caller
    /// awaits the result and then calls <see cref="FinishQueuedBatch"/>, which returns what is left unhandled.
    /// Not an async method of its own: queued work completes asynchronously, and a helper's state machine
    /// would be boxed for every batch (measured at a fifth of the server's allocation under load), while
    /// the message loop's is boxed once per connection.
    /// </summary>
    private ValueTask QueueBatch(ReadOnlySequence<byte> buffer)
    {
        _batchBuffer = buffer;
        Volatile.Write(ref _batchState, BatchQueued);
        // The holder of the tenant's write lock goes ahead of the tenant's other work, which may be the
        // writers waiting for it: otherwise the lock would sit idle while its holder waits for its turn.
        return Scheduler.RunAsync(_lane!, _batch, first: _session is { HoldsWriteLock: true });
    }

    /// <summary>After the batch queued by <see cref="QueueBatch"/> has finished (or failed): the bytes it left unhandled.</summary>
    private ReadOnlySequence<byte> FinishQueuedBatch()
    {
        Volatile.Write(ref _batchState, BatchIdle);
        return _batchBuffer;
    }

    /// <summary>Runs on a worker: the messages of one batch (see <see cref="MessageLoopAsync"/>).</summary>
    private void HandleBatch()
    {
        var settings = _server.Settings;
        _cancelFirstStatement = Interlocked.Exchange(ref _batchState, BatchRunning) == BatchCanceledInQueue;
        var buffer = _batchBuffer;
        var keepGoing = true;
        var yielded = false;
        var handled = 0;
        try
        {
            var unhandled = buffer;
            while (keepGoing && PgFrameReader.TryReadMessage(ref buffer, settings.MaxMessageSize, out var type, out var payload))
            {
                try
                {
                    keepGoing = HandleMessage(type, Contiguous(payload));
                }
                catch (WriteLockWaitException)
                {
                    // The message waits for the tenant's write lock: it stays unread, to be handled again.
                    buffer = unhandled;
                    break;
                }
                unhandled = buffer;
                // A failed wait is for the message that waited, never for a later one.
                _writeLockFailure = null;
                // Many pipelined messages must not pile up their answers in memory either.
                FlushIfLarge();
                if (++handled == MessagesPerTurn && !buffer.IsEmpty)
                {
                    yielded = true;
                    break;
                }
            }
            ShrinkPayloadBufferIfHuge();
        }
        finally
        {
            _batchBuffer = buffer;
            _batchKeepGoing = keepGoing;
            _batchYielded = yielded;
            // A cancel is for the work that was queued when it came, never for a later batch.
            _cancelFirstStatement = false;
        }
        if (keepGoing) LendSessionIfIdle();
    }

    /// <summary>
    /// A CancelRequest for a batch still waiting for a worker: the batch's first statement fails with
    /// 57014 when it runs. False when no batch is queued (it runs already, or the connection is reading).
    /// </summary>
    private bool CancelQueuedBatch() =>
        Interlocked.CompareExchange(ref _batchState, BatchCanceledInQueue, BatchQueued) == BatchQueued;

    /// <summary>Marks a statement as running (so a CancelRequest interrupts it), or fails it if its batch was canceled while queued.</summary>
    private void BeginExecuting()
    {
        if (_cancelFirstStatement)
        {
            _cancelFirstStatement = false;
            throw new TenantDbException(TenantDbErrorKind.Canceled, "canceling statement due to user request");
        }
        _executing = true;
    }

    /// <summary>Closes the connection's engine session on a worker of its lane, then leaves the lane.</summary>
    internal async ValueTask CloseAsync()
    {
        if (_lane is not { } lane)
        {
            Dispose();
            return;
        }
        try
        {
            await Scheduler.RunAsync(lane, _batch.AsClose()).ConfigureAwait(false);
        }
        finally
        {
            _lane = null;
            ReturnKeptPlace(lane);
            Scheduler.ReleaseLane(lane);
        }
    }

    /// <summary>The connection's reusable work item: its next batch of messages, or its close.</summary>
    private sealed class MessageBatch(PgConnection connection) : ScheduledWork
    {
        private bool _close;

        public MessageBatch AsClose()
        {
            _close = true;
            return this;
        }

        protected override void Execute()
        {
            if (_close) connection.Dispose();
            else connection.HandleBatch();
        }
    }
}
