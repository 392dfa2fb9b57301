using Microsoft.Extensions.Logging.Abstractions;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Tests.Server;

/// <summary>BEGIN's transaction modes, and how the access mode follows blocks and defaults.</summary>
public class TransactionModesTests
{
    [Theory]
    [InlineData("BEGIN", null)]
    [InlineData("BEGIN WORK", null)]
    [InlineData("begin transaction isolation level read committed", null)]
    [InlineData("BEGIN READ ONLY", true)]
    [InlineData("BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE", true)]
    [InlineData("START TRANSACTION READ WRITE ISOLATION LEVEL REPEATABLE READ", false)]
    [InlineData("START TRANSACTION READ ONLY NOT DEFERRABLE READ WRITE", false)]
    [InlineData("BEGIN IMMEDIATE", null)]
    [InlineData("BEGIN DEFERRED TRANSACTION", null)]
    [InlineData("BEGIN ISOLATION LEVEL READ UNCOMMITTED", null)]
    public void Begin_modes_are_read_as_PostgreSQL_writes_them(string sql, bool? readOnly)
    {
        var statement = ClientStatement.ReadFirst(sql);
        Assert.Equal(readOnly, TransactionModes.Parse(statement, TransactionModes.AfterBeginKeywords(statement)).ReadOnly);
    }

    [Theory]
    [InlineData("BEGIN READ")]
    [InlineData("BEGIN ISOLATION LEVEL")]
    [InlineData("BEGIN ISOLATION LEVEL SNAPSHOT")]
    [InlineData("BEGIN nonsense")]
    [InlineData("START READ ONLY")]
    public void Anything_else_is_a_syntax_error(string sql)
    {
        var statement = ClientStatement.ReadFirst(sql);
        var error = Assert.Throws<PgStatementException>(() => TransactionModes.Parse(statement, TransactionModes.AfterBeginKeywords(statement)));
        Assert.Equal(SqlState.SyntaxError, error.SqlState);
    }

    [Fact]
    public void The_access_mode_follows_the_block_and_returns_to_the_default_when_it_ends()
    {
        var engine = new FakeTransactionControl();
        var defaultReadOnly = false;
        var state = new TransactionState(engine, () => { }, NullLogger.Instance, () => defaultReadOnly);

        Assert.True(state.Begin(readOnly: true));
        Assert.True(state.ReadOnly && engine.ReadOnly);
        state.Commit(out _);
        Assert.False(state.ReadOnly || engine.ReadOnly);

        // SET TRANSACTION works inside a block only.
        Assert.False(state.SetTransactionReadOnly(true));
        Assert.False(engine.ReadOnly);
        state.Begin();
        Assert.True(state.SetTransactionReadOnly(true));
        Assert.True(engine.ReadOnly);
        state.Rollback();
        Assert.False(engine.ReadOnly);

        // default_transaction_read_only: autocommit statements at once, blocks unless they say READ WRITE.
        defaultReadOnly = true;
        state.RefreshDefaults();
        Assert.True(engine.ReadOnly);
        state.Begin(readOnly: false);
        Assert.False(engine.ReadOnly);
        state.OnError();
        state.Rollback();
        Assert.True(engine.ReadOnly);
        state.Begin();
        Assert.True(engine.ReadOnly);
    }
}
