using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Server.Cursors;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// SQL-level cursors: DECLARE, FETCH, MOVE and CLOSE, and the ends of transactions that end cursors.
internal sealed partial class PgConnection
{
    private readonly CursorTable _cursors = new();
    // True while a simple Query of several statements runs: PostgreSQL's implicit transaction block,
    // in which a cursor without HOLD may be declared (it ends with the Query).
    private bool _inMultiStatementQuery;

    private void RunCursorStatement(Portal p)
    {
        var s = ClientStatement.ReadFirst(p.Statement.Sql);
        if (s.IsWord(0, "DECLARE"))
        {
            Declare(CursorCommandParser.ParseDeclare(s), p);
        }
        else if (s.IsWord(0, "CLOSE"))
        {
            var close = CursorCommandParser.ParseClose(s);
            if (close.Name is { } name) _cursors.Close(name);
            else _cursors.CloseAll();
            _writer.WriteCommandComplete(close.Name is null ? "CLOSE CURSOR ALL" : "CLOSE CURSOR");
        }
        else
        {
            Fetch(CursorCommandParser.ParseFetch(s), p);
        }
    }

    private void Declare(CursorDeclaration declaration, Portal p)
    {
        if (!declaration.Hold && !_transactions.InBlock && !_inMultiStatementQuery)
            throw new PgStatementException(SqlState.NoActiveSqlTransaction, "DECLARE CURSOR can only be used in transaction blocks");
        _cursors.CheckCanDeclare(declaration.Name);
        // The query goes the way of any SELECT: the same rewrites, and the engine's authorizer refuses what it refuses there.
        var rewritten = StatementRewriter.Rewrite(declaration.Query, parameterize: false);
        EnsureCatalog(rewritten);
        if (rewritten.Definition?.Problem is { } problem) throw new PgStatementException(rewritten.Definition.ProblemState, problem);
        var statement = new PreparedStatement(rewritten.Sql, StatementKind.Engine, Session.Prepare(rewritten.Sql), p.Statement.ParameterTypes) { Client = declaration.Query, UsesCatalog = rewritten.UsesCatalog };
        try
        {
            var engine = statement.Engine!;
            if (!engine.IsReadOnly || engine.ColumnCount == 0)
                throw new PgStatementException(SqlState.FeatureNotSupported, "DECLARE CURSOR must not contain data-modifying statements");
            if (engine.ParameterCount > 0)
            {
                if (statement.ParameterTypes.Length > p.Parameters.Length)
                    throw new PgStatementException("42P02", $"there is no parameter ${p.Parameters.Length + 1}");
                engine.ClearBindings();
                for (var i = 0; i < p.Parameters.Length; i++)
                {
                    var slot = statement.SlotOf(i);
                    if (slot >= 0) engine.Bind(slot, p.Parameters[i]);
                }
            }
            var types = statement.ColumnTypes(Probe);
            var names = statement.ColumnNames;
            // Stays set until TryRun ends: see CancelRunningStatement.
            BeginExecuting();
            var reader = engine.ExecuteReader();
            _cursors.Add(new SqlCursor(declaration, statement, reader, types, names, _cursors.Budget));
        }
        catch
        {
            statement.Dispose();
            throw;
        }
        _writer.WriteCommandComplete("DECLARE CURSOR");
    }

    private void Fetch(CursorFetch fetch, Portal p)
    {
        var cursor = _cursors.Get(fetch.Name);
        var columns = fetch.IsMove ? [] : CursorColumns(cursor, p);
        cursor.BeforeFetch();
        // Stays set until TryRun ends: see CancelRunningStatement.
        BeginExecuting();
        Action<long> emit = fetch.IsMove ? static _ => { } : row =>
        {
            cursor.WriteRow(row, _writer, columns);
            // A FETCH ALL of many rows streams them in bounded memory.
            FlushIfLarge();
        };
        var rows = CursorMotion.Run(cursor, ref cursor.Position, fetch.Motion, cursor.Scroll, fetch.IsMove, emit);
        _writer.WriteCommandComplete(fetch.IsMove ? "MOVE"u8 : "FETCH"u8, rows);
    }

    // The FETCH portal's columns: described from the cursor's query, in Bind's result formats, else
    // binary for a BINARY cursor.
    private PgColumn[] CursorColumns(SqlCursor cursor, Portal p)
    {
        if (p.Columns is { } described && described.Length == cursor.Types.Length && described.Length > 0) return described;
        return p.Columns = Columns(cursor.Names, cursor.Types, p.ResultFormats.Length > 0 ? p.ResultFormats : cursor.Binary ? [1] : []);
    }

    /// <summary>
    /// The columns a FETCH or SQL-level EXECUTE will send, as Describe reports them (a FETCH from a cursor
    /// that does not exist, a MOVE, or an EXECUTE of a statement without rows: none).
    /// </summary>
    private PgColumn[] DescribeUtility(PreparedStatement statement, short[] formats)
    {
        var s = ClientStatement.ReadFirst(statement.Sql);
        if (statement.Kind == StatementKind.Cursor)
        {
            if (!s.IsWord(0, "FETCH")) return [];
            var fetch = CursorCommandParser.ParseFetch(s);
            if (_cursors.Find(fetch.Name) is not { } cursor) return [];
            return Columns(cursor.Names, cursor.Types, formats.Length > 0 ? formats : cursor.Binary ? [1] : []);
        }
        if (statement.Kind == StatementKind.ExecutePrepared)
        {
            var i = 1;
            if (!_statements.TryGet(SqlName(s, ref i), out var target) || target.Kind != StatementKind.Engine || target.Engine!.ColumnCount == 0) return [];
            return Columns(target.ColumnNames, target.ColumnTypes(Probe), formats);
        }
        return [];
    }

    private static PgColumn[] Columns(string[] names, PgDeclaredType[] types, short[] formats)
    {
        var columns = new PgColumn[types.Length];
        for (var i = 0; i < columns.Length; i++) columns[i] = ResultColumns.Column(names[i], types[i], formats, i, columns.Length);
        return columns;
    }

    /// <summary>
    /// Ends the batch's implicit transaction (a Query's statements, or extended messages up to Sync) and,
    /// when no transaction block goes on, the cursors of that transaction: WITH HOLD ones are
    /// materialised first unless the batch failed, the others close.
    /// </summary>
    private void EndBatch(bool failed)
    {
        var ending = !_transactions.InBlock && _cursors.Count > 0;
        if (ending && !failed) TryRun(_cursors.BeforeCommit);
        TryRun(static (c, _) => c._transactions.EndBatch(), 0);
        if (ending && !_transactions.InBlock && _session is not { InTransaction: true }) _cursors.EndTransaction();
    }
}
