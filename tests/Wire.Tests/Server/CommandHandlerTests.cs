using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server;
using TenantDb.Wire.Server.Commands;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Tests.Protocol;

namespace TenantDb.Wire.Tests.Server;

/// <summary>The statement families the wire layer answers itself, run against a message writer: no socket, no engine.</summary>
public class CommandHandlerTests : IDisposable
{
    private readonly PgMessageWriter _writer = new(256);
    private readonly FakeTransactionControl _engine = new();
    private readonly TransactionState _state;
    private readonly SessionContext _context = new("t1", "alice", 1, new SessionParameters(ServerParameters.Create("alice", "app")));

    public CommandHandlerTests() => _state = new TransactionState(_engine, () => { }, NullLogger.Instance);

    public void Dispose() => _writer.Dispose();

    private List<(char Type, string Text)> Sent()
    {
        var frames = BackendWriterTests.Frames(_writer.Written.Span).Select(f => (f.Type, Encoding.UTF8.GetString(f.Payload))).ToList();
        _writer.Reset();
        return frames;
    }

    [Fact]
    public void Begin_twice_warns_with_25001_as_a_notice()
    {
        var commands = new TransactionCommands(_state, _writer);
        commands.Execute(StatementKind.Begin);
        Assert.Equal([('C', "BEGIN\0")], Sent());
        commands.Execute(StatementKind.Begin);
        var frames = Sent();
        Assert.Equal("NC", new string(frames.Select(f => f.Type).ToArray()));
        Assert.Contains("25001", frames[0].Text);
    }

    [Fact]
    public void Commit_of_failed_block_answers_ROLLBACK()
    {
        var commands = new TransactionCommands(_state, _writer);
        commands.Execute(StatementKind.Begin);
        _state.OnError();
        Sent();
        commands.Execute(StatementKind.Commit);
        Assert.Equal([('C', "ROLLBACK\0")], Sent());
        Assert.Equal(1, _engine.Rollbacks);
    }

    [Fact]
    public void Rollback_outside_a_transaction_warns_with_25P01()
    {
        new TransactionCommands(_state, _writer).Execute(StatementKind.Rollback);
        var frames = Sent();
        Assert.Equal("NC", new string(frames.Select(f => f.Type).ToArray()));
        Assert.Contains("25P01", frames[0].Text);
    }

    [Fact]
    public void Set_of_a_reported_parameter_sends_ParameterStatus_with_canonical_name()
    {
        new SettingCommands(_writer).Apply("SET datestyle TO 'ISO', MDY", _context);
        var frames = Sent();
        Assert.Equal("SC", new string(frames.Select(f => f.Type).ToArray()));
        Assert.Equal("DateStyle\0ISO, MDY\0", frames[0].Text);
        Assert.Equal("ISO, MDY", SettingCommands.Show("SHOW DateStyle", _context).Rows[0][0]);
    }

    [Fact]
    public void Set_of_a_custom_parameter_is_shown_but_not_reported()
    {
        new SettingCommands(_writer).Apply("SET myapp.tenant.mode = 'fast'", _context);
        Assert.Equal([('C', "SET\0")], Sent());
        Assert.Equal("fast", SettingCommands.Show("SHOW myapp.tenant.mode", _context).Rows[0][0]);
    }

    [Fact]
    public void Set_refuses_read_only_parameters_and_role_switches()
    {
        var set = new SettingCommands(_writer);
        Assert.Equal("55P02", Assert.Throws<PgStatementException>(() => set.Apply("SET server_version = '1'", _context)).SqlState);
        Assert.Equal(SqlState.InsufficientPrivilege, Assert.Throws<PgStatementException>(() => set.Apply("SET ROLE admin", _context)).SqlState);
        set.Apply("SET ROLE DEFAULT", _context);
        Assert.Equal(SqlState.UndefinedObject, Assert.Throws<PgStatementException>(() => SettingCommands.Show("SHOW nope", _context)).SqlState);
    }

    [Fact]
    public void Reset_restores_the_default()
    {
        var set = new SettingCommands(_writer);
        set.Apply("SET search_path = x", _context);
        set.Apply("RESET search_path", _context);
        Assert.Equal("\"$user\", public", SettingCommands.Show("SHOW search_path", _context).Rows[0][0]);
    }

    [Fact]
    public void Deallocate_closes_the_statement_and_its_portals_but_not_the_running_one()
    {
        var statements = new StatementTable();
        var portals = new PortalTable();
        var target = new PreparedStatement("SHOW x", StatementKind.Show, null, []);
        statements.Add("s1", target);
        portals.Open("p1", new Portal(target, [], [], ownsStatement: false) { ParameterBytes = 10 });
        var running = new Portal(new PreparedStatement("DEALLOCATE s1", StatementKind.Discard, null, []), [], [], ownsStatement: true);
        var deallocate = new DeallocateCommands(statements, portals, _writer);

        deallocate.Execute("DEALLOCATE s1", running, _context);

        Assert.Equal([('C', "DEALLOCATE\0")], Sent());
        Assert.Equal(0, statements.Count);
        Assert.Equal(0, portals.Count);
        Assert.Equal(0, portals.ParameterBytes);
        Assert.Equal(SqlState.InvalidSqlStatementName,
            Assert.Throws<PgStatementException>(() => deallocate.Execute("DEALLOCATE s1", running, _context)).SqlState);
    }

    [Fact]
    public void Discard_all_drops_named_statements_keeps_unnamed_and_resets_parameters()
    {
        var statements = new StatementTable();
        statements.Add("", new PreparedStatement("SHOW a", StatementKind.Show, null, []));
        statements.Add("named", new PreparedStatement("SHOW b", StatementKind.Show, null, []));
        new SettingCommands(_writer).Apply("SET search_path = x", _context);
        Sent();
        var running = new Portal(new PreparedStatement("DISCARD ALL", StatementKind.Discard, null, []), [], [], ownsStatement: true);

        new DeallocateCommands(statements, new PortalTable(), _writer).Execute("DISCARD ALL", running, _context);

        Assert.Equal([('C', "DISCARD ALL\0")], Sent());
        Assert.Equal(1, statements.Count);
        Assert.Equal("\"$user\", public", SettingCommands.Show("SHOW search_path", _context).Rows[0][0]);
    }

    [Fact]
    public void Statement_table_refuses_duplicates_and_counts_characters()
    {
        var statements = new StatementTable();
        statements.CheckCanAdd("a", 5);
        statements.Add("a", new PreparedStatement("SHOW a", StatementKind.Show, null, []));
        Assert.Equal("42P05", Assert.Throws<PgStatementException>(() => statements.CheckCanAdd("a", 5)).SqlState);
        Assert.Equal(SqlState.ProgramLimitExceeded,
            Assert.Throws<PgStatementException>(() => statements.CheckCanAdd("b", (int)StatementTable.MaxChars)).SqlState);
        statements.CheckCanAdd("", (int)StatementTable.MaxChars); // the unnamed statement replaces, it does not accumulate
    }

    [Fact]
    public void Portal_table_bounds_parameter_bytes_and_replaces_the_unnamed_portal()
    {
        var portals = new PortalTable();
        var statement = new PreparedStatement("SHOW a", StatementKind.Show, null, []);
        portals.Open("", new Portal(statement, [], [], ownsStatement: false) { ParameterBytes = PortalTable.MaxParameterBytes });
        portals.CheckParameterBytes("", PortalTable.MaxParameterBytes); // replaces the unnamed one
        Assert.Equal(SqlState.ProgramLimitExceeded,
            Assert.Throws<PgStatementException>(() => portals.CheckParameterBytes("named", 1)).SqlState);
        portals.Open("", new Portal(statement, [], [], ownsStatement: false) { ParameterBytes = 3 });
        Assert.Equal(1, portals.Count);
        Assert.Equal(3, portals.ParameterBytes);
        portals.Open("c", new Portal(statement, [], [], ownsStatement: false));
        Assert.Equal("42P03", Assert.Throws<PgStatementException>(() => portals.CheckCanOpen("c")).SqlState);
        Assert.Equal(SqlState.InvalidCursorName, Assert.Throws<PgStatementException>(() => portals.Get("zz")).SqlState);
    }
}
