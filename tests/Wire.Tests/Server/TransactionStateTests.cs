using FsCheck;
using FsCheck.Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Server;

namespace TenantDb.Wire.Tests.Server;

public class TransactionStateTests
{
    private readonly FakeTransactionControl _engine = new();
    private int _portalCloses;
    private readonly TransactionState _state;

    public TransactionStateTests() => _state = new TransactionState(_engine, () => _portalCloses++, NullLogger.Instance);

    [Fact]
    public void Starts_idle_with_status_I()
    {
        Assert.Equal(TransactionPhase.Idle, _state.Phase);
        Assert.Equal((byte)'I', _state.ReadyStatus);
    }

    [Fact]
    public void Begin_commit_round_trip_reports_T_then_I()
    {
        Assert.True(_state.Begin());
        Assert.Equal(TransactionPhase.Block, _state.Phase);
        Assert.Equal((byte)'T', _state.ReadyStatus);
        Assert.True(_state.Commit(out var had));
        Assert.True(had);
        Assert.Equal((1, 1, 0), (_engine.Begins, _engine.Commits, _engine.Rollbacks));
        Assert.Equal((byte)'I', _state.ReadyStatus);
        Assert.Equal(1, _portalCloses);
    }

    [Fact]
    public void Second_begin_is_a_warning_not_a_second_engine_transaction()
    {
        _state.Begin();
        Assert.False(_state.Begin());
        Assert.Equal(1, _engine.Begins);
        Assert.Equal(TransactionPhase.Block, _state.Phase);
    }

    [Fact]
    public void Error_in_block_fails_it_until_commit_which_rolls_back()
    {
        _state.Begin();
        _state.OnError();
        Assert.True(_state.IsFailed);
        Assert.Equal((byte)'E', _state.ReadyStatus);
        Assert.False(_state.Begin()); // stays failed
        Assert.True(_state.IsFailed);
        Assert.False(_state.Commit(out var had));
        Assert.True(had);
        Assert.Equal((0, 1), (_engine.Commits, _engine.Rollbacks));
        Assert.Equal(TransactionPhase.Idle, _state.Phase);
    }

    [Fact]
    public void Commit_or_rollback_without_a_transaction_report_nothing_to_end()
    {
        Assert.True(_state.Commit(out var had));
        Assert.False(had);
        Assert.False(_state.Rollback());
        Assert.Equal((0, 0, 0), (_engine.Begins, _engine.Commits, _engine.Rollbacks));
    }

    [Fact]
    public void Implicit_transaction_opens_only_at_the_first_write_inside_a_batch()
    {
        _state.BeforeStatement(statementWrites: true);
        Assert.Equal(0, _engine.Begins); // no batch: autocommit
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: false);
        Assert.Equal(0, _engine.Begins); // readers stay in autocommit
        _state.BeforeStatement(statementWrites: true);
        _state.BeforeStatement(statementWrites: true);
        Assert.Equal(1, _engine.Begins);
        Assert.Equal(TransactionPhase.Implicit, _state.Phase);
        _state.EndBatch();
        Assert.Equal(1, _engine.Commits);
        Assert.Equal(TransactionPhase.Idle, _state.Phase);
        Assert.False(_state.InBatch);
    }

    [Fact]
    public void Error_in_implicit_transaction_rolls_back_all_of_it_and_stays_idle()
    {
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: true);
        _state.OnError();
        Assert.Equal(1, _engine.Rollbacks);
        Assert.Equal(TransactionPhase.Idle, _state.Phase);
        Assert.Equal((byte)'I', _state.ReadyStatus);
        Assert.Equal(1, _portalCloses);
    }

    [Fact]
    public void Failed_commit_of_implicit_transaction_rolls_back_and_throws()
    {
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: true);
        _engine.FailNextCommit = true;
        Assert.Throws<TenantDbException>(_state.EndBatch);
        Assert.Equal(1, _engine.Rollbacks);
        Assert.False(_engine.InTransaction);
        _state.OnError();
        Assert.Equal((byte)'I', _state.ReadyStatus);
    }

    [Fact]
    public void Rollback_that_fails_on_the_error_path_leaves_the_connection_failed()
    {
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: true);
        _engine.FailRollbacks = true;
        _state.OnError();
        Assert.True(_state.IsFailed);
        Assert.Equal((byte)'E', _state.ReadyStatus);
    }

    [Fact]
    public void Begin_inside_implicit_transaction_adopts_it_as_the_block()
    {
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: true);
        Assert.True(_state.Begin());
        Assert.Equal(1, _engine.Begins);
        _state.EndBatch(); // the batch ends, the block does not
        Assert.Equal(TransactionPhase.Block, _state.Phase);
        Assert.Equal(0, _engine.Commits);
        Assert.False(_state.PortalsEndAtSync);
    }

    [Fact]
    public void Engine_transaction_from_a_savepoint_shows_T_and_fails_on_error()
    {
        _engine.InTransaction = true; // SAVEPOINT outside a block: SQLite opened a transaction
        Assert.Equal((byte)'T', _state.ReadyStatus);
        _state.StartBatch();
        _state.BeforeStatement(statementWrites: true);
        Assert.Equal(0, _engine.Begins);
        _state.OnError();
        Assert.True(_state.IsFailed);
        Assert.True(_state.Rollback());
        Assert.False(_engine.InTransaction);
    }

    public enum Op { StartBatch, EndBatch, Read, Write, Begin, Commit, Rollback, Error }

    /// <summary>
    /// Whatever the client does, the state never contradicts the engine: a block or implicit
    /// transaction always has an engine transaction, status E exactly when failed, ROLLBACK always
    /// ends up idle with nothing open, and the engine never sees a nested BEGIN (the fake throws).
    /// </summary>
    [Property(MaxTest = 300)]
    public void Any_sequence_keeps_state_and_engine_consistent(Op[] ops)
    {
        var engine = new FakeTransactionControl();
        var state = new TransactionState(engine, () => { }, NullLogger.Instance);
        foreach (var op in ops)
        {
            try
            {
                switch (op)
                {
                    case Op.StartBatch: state.StartBatch(); break;
                    case Op.EndBatch: state.EndBatch(); break;
                    case Op.Read: if (!state.IsFailed) state.BeforeStatement(false); break;
                    case Op.Write: if (!state.IsFailed) state.BeforeStatement(true); break;
                    case Op.Begin: if (!state.IsFailed) state.Begin(); break;
                    case Op.Commit: state.Commit(out _); break;
                    case Op.Rollback: state.Rollback(); break;
                    case Op.Error: state.OnError(); break;
                }
            }
            catch (TenantDbException)
            {
                state.OnError();
            }
            if (state.Phase is TransactionPhase.Block or TransactionPhase.Implicit) Assert.True(engine.InTransaction, $"{state.Phase} without an engine transaction after {op}");
            Assert.Equal(state.IsFailed, state.ReadyStatus == (byte)'E');
            if (state.Phase == TransactionPhase.Implicit) Assert.True(state.InBatch);
            if (op == Op.Rollback)
            {
                Assert.Equal(TransactionPhase.Idle, state.Phase);
                Assert.False(engine.InTransaction);
            }
        }
    }
}
