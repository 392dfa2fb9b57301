using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Engine.Scheduling;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Commands;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

/// <summary>
/// One client connection: startup and authentication, then the message loop that turns simple and
/// extended query messages into engine calls. All protocol state (prepared statements, portals,
/// transaction status) lives here; the engine session is owned by this object and closed with it.
/// Messages are parsed in place from the receive buffer; everything answerable from one receive is
/// answered with one send.
/// </summary>
internal sealed partial class PgConnection : IDisposable
{
    /// <summary>Flush mid-result once this much output is buffered, so huge results stream in bounded memory.</summary>
    private const int StreamingFlushThreshold = 256 * 1024;

    private readonly PgServer _server;
    private readonly ILogger _log;
    // Canceled at the authentication timeout, at shutdown, or when the startup pool pushes this connection out.
    private readonly CancellationTokenSource _startupCancel;
    // Bounds each asynchronous send: a client that stops reading is disconnected after SendTimeout.
    private readonly CancellationTokenSource _sendCancel;
    private volatile bool _evicted;
    private readonly PgMessageWriter _writer;
    private Stream _stream;
    // The accepted socket under the stream (also under TLS), to notice a client gone while nothing is sent.
    private readonly Socket? _socket;
    private PipeReader _reader;
    // Rented when a message straddles pipe segments (see Contiguous); empty otherwise.
    private byte[] _payload = [];
    private TenantSession? _session;
    // Bytes sent by FlushIfLarge since the usage was last told (see MessageLoopAsync).
    private long _sentUncounted;
    private SessionContext? _context;
    private PgSessionInfo? _catalogSession;
    private volatile bool _executing;
    private bool _disposed;
    private readonly TransactionState _transactions;
    private readonly StatementTable _statements = new();
    private readonly PortalTable _portals = new();
    private readonly TransactionCommands _transactionCommands;
    private readonly SettingCommands _settingCommands;
    private readonly DeallocateCommands _deallocateCommands;
    private readonly ProcedureCommands _procedureCommands;
    private readonly DdlCommands _ddlCommands;

    /// <summary>Creates the connection state for a connected duplex stream (an accepted socket's, or an in-process client's).</summary>
    public PgConnection(PgServer server, Stream stream, int processId, ILogger log)
    {
        _server = server;
        _log = log;
        _startupCancel = CancellationTokenSource.CreateLinkedTokenSource(server.ShutdownToken);
        _sendCancel = CancellationTokenSource.CreateLinkedTokenSource(server.ShutdownToken);
        _writer = new PgMessageWriter(maxDataRowLength: server.Settings.MaxRowSize);
        ProcessId = processId;
        SecretKey = RandomNumberGenerator.GetInt32(int.MaxValue);
        _stream = stream;
        _socket = (stream as NetworkStream)?.Socket;
        _reader = CreateReader(_stream);
        _batch = new MessageBatch(this);
        _transactions = new TransactionState(new SessionTransactionControl(() => _session, () => Session), EndTransactionPortals, log, DefaultReadOnly);
        _transactionCommands = new TransactionCommands(_transactions, _writer);
        _settingCommands = new SettingCommands(_writer);
        _deallocateCommands = new DeallocateCommands(_statements, _portals, _writer);
        _procedureCommands = new ProcedureCommands(() => Session, _writer, SendBufferedNow, ThrowIfClientGone);
        _ddlCommands = new DdlCommands(() => Session, _writer);
    }

    /// <summary>BackendKeyData process id.</summary>
    public int ProcessId { get; }

    /// <summary>BackendKeyData secret; a CancelRequest must quote it.</summary>
    public int SecretKey { get; }

    /// <summary>Bytes of output buffer this connection holds now (a diagnostic; read from any thread).</summary>
    internal int OutputBufferCapacity => _writer.Capacity;

    /// <summary>The largest output buffer this connection has held (a diagnostic; read from any thread).</summary>
    internal int PeakOutputBufferCapacity => _writer.PeakCapacity;

    /// <summary>Characters of session parameter names and values this connection holds (a diagnostic).</summary>
    internal long SessionParameterLength => _context?.Parameters.TotalLength ?? 0;

    /// <summary>The tenant whose session slot this connection holds (set once authenticated), else null.</summary>
    public string? SessionTenant { get; private set; }

    /// <summary>This connection's place in the startup pool while it is in startup (owned by <see cref="ConnectionSlots"/>).</summary>
    internal LinkedListNode<PgConnection>? StartupNode { get; set; }

    /// <summary>Ends the startup phase now (the startup pool is full and this connection has waited longest).</summary>
    public void AbortStartup()
    {
        _evicted = true;
        try
        {
            _startupCancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection finished meanwhile.
        }
    }

    /// <summary>Runs the connection to completion.</summary>
    public async Task RunAsync()
    {
        var shutdown = _server.ShutdownToken;
        using var registration = shutdown.Register(CancelRunningStatement);
        _startupCancel.CancelAfter(_server.Settings.AuthenticationTimeout);
        try
        {
            if (!await StartupAsync(_startupCancel.Token).ConfigureAwait(false)) return;
        }
        catch (OperationCanceledException) when (!shutdown.IsCancellationRequested)
        {
            WireMetrics.Refuse(_evicted ? WireMetrics.Cause.StartupPoolFull : WireMetrics.Cause.AuthenticationTimeout);
            await SendFatalAsync(_evicted
                ? PgError.Fatal(SqlState.TooManyConnections, "sorry, too many connections waiting to authenticate")
                : PgError.Fatal(SqlState.QueryCanceled, "canceling authentication due to timeout")).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (PgProtocolException ex)
        {
            WireMetrics.Refuse(WireMetrics.Cause.Protocol);
            await SendFatalAsync(PgError.Fatal(ex.SqlState, ex.Message)).ConfigureAwait(false);
            return;
        }
        finally
        {
            _server.Slots.LeaveStartup(this);
        }
        await MessageLoopAsync(shutdown).ConfigureAwait(false);
    }

    /// <summary>
    /// Interrupts the statement this connection is running, if any (CancelRequest, shutdown). "Running"
    /// spans the whole statement, including the time between rows spent sending them, so a cancel that
    /// arrives while a large result is being written stops it at the next row.
    /// </summary>
    public void CancelRunningStatement()
    {
        if (_copyIn is { } copy) copy.Sink.Canceled = true;
        if (CancelQueuedBatch()) return;
        if (_executing) _session?.Interrupt();
        CancelWriteLockWait();
    }

    // Every end of a transaction closes its portals and the cursors it declared (not the WITH HOLD ones it committed).
    private void EndTransactionPortals()
    {
        _portals.CloseAll();
        _cursors.EndTransaction();
    }

    /// <summary>The session's <c>default_transaction_read_only</c>.</summary>
    private bool DefaultReadOnly() =>
        _context is { } context && context.Parameters.TryGetValue("default_transaction_read_only", out var value) && SettingValue.IsOn(value);

    private async Task MessageLoopAsync(CancellationToken shutdown)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var settings = _server.Settings;
        // When the first bytes of a message that has not fully arrived were received (0: none pending).
        // The wait for the rest is not restarted by every byte, so a trickling client is closed too.
        long partialSince = 0;
        while (true)
        {
            ReadResult result;
            var inTransaction = _session is { InTransaction: true };
            var limit = inTransaction ? settings.IdleInTransactionTimeout : settings.IdleTimeout;
            try
            {
                var wait = partialSince == 0 ? limit : limit - Stopwatch.GetElapsedTime(partialSince);
                idle.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.FromTicks(1));
                result = await _reader.ReadAsync(idle.Token).ConfigureAwait(false);
                idle.CancelAfter(Timeout.InfiniteTimeSpan);
            }
            catch (OperationCanceledException)
            {
                await SendFatalAsync(shutdown.IsCancellationRequested
                    ? PgError.Fatal(SqlState.AdminShutdown, "terminating connection due to administrator command")
                    : inTransaction
                        ? PgError.Fatal(SqlState.IdleInTransactionSessionTimeout, "terminating connection due to idle-in-transaction timeout")
                        : PgError.Fatal(SqlState.IdleSessionTimeout, partialSince == 0
                            ? "terminating connection due to idle-session timeout"
                            : "terminating connection: a message was not completed within the idle timeout")).ConfigureAwait(false);
                return;
            }

            var buffer = result.Buffer;
            try
            {
                try
                {
                    await QueueBatch(buffer).ConfigureAwait(false);
                }
                finally
                {
                    buffer = FinishQueuedBatch();
                }
            }
            catch (PgProtocolException ex)
            {
                _reader.AdvanceTo(result.Buffer.End);
                await SendFatalAsync(PgError.Fatal(ex.SqlState, ex.Message)).ConfigureAwait(false);
                return;
            }
            var keepGoing = _batchKeepGoing;
            if (buffer.Length != result.Buffer.Length) partialSince = 0;
            var waitsForWriteLock = _writeLockWait is not null;
            // Left for later without being read to the end: a message waiting for the lock, or the rest of a batch that used its turn.
            var resumes = waitsForWriteLock || _batchYielded;
            if (buffer.IsEmpty || resumes) partialSince = 0;
            else if (partialSince == 0) partialSince = Stopwatch.GetTimestamp();
            // The tenant's usage: bytes of the messages handled, and of the answers sent for them.
            if (SessionTenant is { } tenant) _engine?.RecordNetworkBytes(tenant, result.Buffer.Length - buffer.Length, _sentUncounted + _writer.BufferedLength);
            _sentUncounted = 0;
            // Messages left for later are not marked examined, so the next read returns them at once.
            if (resumes) _reader.AdvanceTo(buffer.Start);
            else _reader.AdvanceTo(buffer.Start, buffer.End);
            if (_writer.BufferedLength > 0)
                await SendBufferedAsync().ConfigureAwait(false);
            if (waitsForWriteLock)
            {
                await AwaitWriteLockAsync().ConfigureAwait(false);
                continue;
            }
            if (!keepGoing) return;
            if (_batchYielded) continue;
            if (result.IsCompleted) return;
            // Waiting for the client: hold no output buffer meanwhile.
            if (buffer.IsEmpty) _writer.ReleaseWhileIdle();
        }
    }

    // Zero-byte reads: a connection waiting for its client holds no receive buffer, only the socket.
    private PipeReader CreateReader(Stream stream) =>
        PipeReader.Create(stream, new StreamPipeReaderOptions(
            pool: _server.ReceiveBuffers, bufferSize: ReceiveBufferPool.BufferSize, leaveOpen: true, useZeroByteReads: true));

    // Copies a payload that straddles pipe segments into the reusable buffer; single-segment payloads are used in place.
    private ReadOnlySpan<byte> Contiguous(ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment) return payload.FirstSpan;
        var length = (int)payload.Length;
        if (_payload.Length < length)
        {
            if (_payload.Length > 0) ArrayPool<byte>.Shared.Return(_payload);
            _payload = ArrayPool<byte>.Shared.Rent(length);
        }
        payload.CopyTo(_payload);
        return _payload.AsSpan(0, length);
    }

    /// <summary>Dispatches one message; returns false when the connection should close.</summary>
    private bool HandleMessage(byte type, ReadOnlySpan<byte> payload)
    {
        if (_copyIn is not null) return HandleCopyIn((FrontendMessageType)type, payload);
        switch ((FrontendMessageType)type)
        {
            case FrontendMessageType.Query:
                if (_skipUntilSync) _skipUntilSync = false; // a simple Query also ends extended-mode error recovery
                RunSimpleQuery(FrontendMessageDecoder.DecodeQuery(payload));
                return true;
            case FrontendMessageType.Parse:
            case FrontendMessageType.Bind:
            case FrontendMessageType.Describe:
            case FrontendMessageType.Execute:
            case FrontendMessageType.Close:
            case FrontendMessageType.Flush:
            case FrontendMessageType.Sync:
                HandleExtended((FrontendMessageType)type, payload);
                return true;
            case FrontendMessageType.Terminate:
                return false;
            case FrontendMessageType.CopyData or FrontendMessageType.CopyDone or FrontendMessageType.CopyFail:
                // After a COPY FROM that failed, the client's remaining copy messages are dropped, as PostgreSQL does.
                return true;
            case FrontendMessageType.FunctionCall:
                WriteError(new PgError(SqlState.FeatureNotSupported, "the function call protocol is not supported"));
                _writer.WriteReadyForQuery(TransactionStatus);
                return true;
            default:
                throw new PgProtocolException($"invalid frontend message type {type}");
        }
    }

    /// <summary>'I' idle, 'T' in a transaction block, 'E' in a failed transaction block.</summary>
    private byte TransactionStatus => _transactions.ReadyStatus;


    private void WriteError(PgError error)
    {
        ConnectionLog.Sent(_log, error);
        WireMetrics.ErrorSent(error);
        _writer.WriteErrorResponse(error);
    }

    // A huge message copied out of the pipe must not pin a huge buffer to the connection afterwards.
    private void ShrinkPayloadBufferIfHuge()
    {
        if (_payload.Length <= 1 << 20) return;
        ArrayPool<byte>.Shared.Return(_payload);
        _payload = [];
    }

    // Sends the buffered answers; a client that does not take them within SendTimeout is disconnected
    // (the send is canceled, which ends the connection and rolls back its transaction).
    private async ValueTask SendBufferedAsync()
    {
        _sendCancel.CancelAfter(_server.Settings.SendTimeout);
        await _writer.FlushAsync(_stream, _sendCancel.Token).ConfigureAwait(false);
        _sendCancel.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    // Called between rows of a large result: sends what is buffered without awaiting (engine calls are
    // synchronous anyway). Bounded by the socket's SendTimeout, so a client that stops reading cannot
    // block this thread, or hold the statement and its locks, for longer than that.
    private void FlushIfLarge()
    {
        if (_writer.BufferedLength < StreamingFlushThreshold) return;
        SendBufferedNow();
    }

    // Throws when the client has closed its end (FIN or RST: readable with nothing to read), so work
    // done only for it, such as a running procedure call holding the write lock, ends and rolls back.
    private void ThrowIfClientGone()
    {
        if (_socket is { } socket && socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
            throw new IOException("the client closed the connection");
    }

    // Sends what is buffered now, blocking this thread (bounded by the socket's SendTimeout); a
    // stand-in worker may run other tenants' work while a slow client holds this one.
    private void SendBufferedNow()
    {
        using var blocking = WorkScheduler.EnterBlocking();
        _sentUncounted += _writer.BufferedLength;
        _stream.Write(_writer.Written.Span);
        _writer.SentAndReset();
    }

    private async Task SendFatalAsync(PgError error)
    {
        ConnectionLog.Sent(_log, error);
        WireMetrics.ErrorSent(error);
        try
        {
            _writer.WriteErrorResponse(error);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _writer.FlushAsync(_stream, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _log.LogDebug("could not send FATAL to connection {ProcessId}: {Message}", ProcessId, ex.Message);
        }
    }

    /// <summary>Rolls back an open transaction, closes statements, the session and the socket.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _copyIn?.Dispose();
        _portals.CloseAll();
        _cursors.CloseAll();
        ClearTemplateCache();
        _statements.Clear();
        if (_session is not null)
        {
            try
            {
                if (_session.InTransaction) _session.Rollback();
            }
            catch (TenantDbException ex)
            {
                _log.LogWarning("rollback on close of connection {ProcessId} failed: {Message}", ProcessId, ex.Message);
            }
            _session.Dispose();
        }
        _reader.Complete();
        _stream.Dispose();
        _writer.Dispose();
        _startupCancel.Dispose();
        _sendCancel.Dispose();
        if (_payload.Length > 0) ArrayPool<byte>.Shared.Return(_payload);
    }

    /// <summary>Brings the session's PostgreSQL catalog up to date before a statement that reads it.</summary>
    private void EnsureCatalog(RewrittenStatement statement)
    {
        if (statement.UsesCatalog) EnsureCatalog();
    }

    private void EnsureCatalog()
    {
        var context = _context!;
        _catalogSession ??= new PgSessionInfo(context.User, context.ProcessId, name => context.Parameters.TryGetValue(name, out var value) ? value : null);
        Session.EnsurePgCatalog(_catalogSession);
    }
}
