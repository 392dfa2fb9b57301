using TenantDb.Engine;
using TenantDb.Engine.Procedures;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server;

// Extended query protocol: Parse/Bind/Describe/Execute/Close/Flush/Sync with named and unnamed
// statements and portals. After an error every message up to Sync is skipped.
internal sealed partial class PgConnection
{
    /// <summary>Named prepared statements one connection may keep (each holds a compiled SQLite statement).</summary>
    internal const int MaxNamedStatements = 2000;
    /// <summary>Characters of SQL text the kept statements may hold together (the compiled form grows with it).</summary>
    internal const long MaxStatementChars = 16 << 20;
    /// <summary>Named portals one connection may keep open (inside a transaction block they outlive Sync).</summary>
    internal const int MaxNamedPortals = 2000;
    /// <summary>
    /// Bytes of parameter values the open portals may hold together (as sent in Bind): without it,
    /// 2,000 portals of one 16 MiB parameter each would hold 32 GiB.
    /// </summary>
    internal const long MaxPortalParameterBytes = 64 << 20;

    private readonly Dictionary<string, PreparedStatement> _statements = new(StringComparer.Ordinal);
    private long _statementChars;
    private readonly Dictionary<string, Portal> _portals = new(StringComparer.Ordinal);
    private long _portalParameterBytes;
    private bool _skipUntilSync;

    private void HandleExtended(FrontendMessageType type, ReadOnlySpan<byte> payload)
    {
        if (type == FrontendMessageType.Sync)
        {
            _skipUntilSync = false;
            _implicitScope = false;
            CommitImplicit();
            // Outside a transaction block, Sync ends the implicit transaction and with it every portal.
            if (!_inBlock && !Session.InTransaction) CloseAllPortals();
            _writer.WriteReadyForQuery(TransactionStatus);
            return;
        }
        if (type == FrontendMessageType.Flush || _skipUntilSync) return;
        _implicitScope = true;
        bool ok;
        switch (type)
        {
            case FrontendMessageType.Parse:
            {
                var m = FrontendMessageDecoder.DecodeParse(payload);
                var client = ClientStatement.ReadFirst(m.Sql);
                var kind = StatementClassifier.Classify(client);
                var rewritten = kind == StatementKind.Engine ? StatementRewriter.Rewrite(client, parameterize: false) : null;
                ok = TryRun(() => Parse(m, client, kind, rewritten), rewritten?.Positions ?? new SqlPositionMap(client, null));
                break;
            }
            case FrontendMessageType.Bind:
            {
                var m = FrontendMessageDecoder.DecodeBind(payload);
                ok = TryRun(() => Bind(m));
                break;
            }
            case FrontendMessageType.Describe:
            {
                var m = FrontendMessageDecoder.DecodeDescribe(payload);
                ok = TryRun(() => Describe(m));
                break;
            }
            case FrontendMessageType.Execute:
            {
                var m = FrontendMessageDecoder.DecodeExecute(payload);
                ok = TryRun(() => Execute(m));
                break;
            }
            case FrontendMessageType.Close:
            {
                var m = FrontendMessageDecoder.DecodeClose(payload);
                if (m.Kind == (byte)'S') CloseStatement(m.Name, null);
                else ClosePortal(m.Name);
                _writer.WriteCloseComplete();
                ok = true;
                break;
            }
            default:
                throw new PgProtocolException($"unexpected message {(char)type}");
        }
        if (!ok) _skipUntilSync = true;
    }

    private void Parse(ParseMessage m, ClientStatement client, StatementKind kind, RewrittenStatement? rewritten)
    {
        if (m.Name.Length > 0 && _statements.ContainsKey(m.Name))
            throw new PgStatementException("42P05", $"prepared statement \"{m.Name}\" already exists");
        if (m.Name.Length == 0) CloseStatement("", null);
        else if (_statements.Count >= MaxNamedStatements || _statementChars + m.Sql.Length > MaxStatementChars)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"too many prepared statements on this connection (at most {MaxNamedStatements}, with {MaxStatementChars >> 20} Mi characters of SQL together); deallocate some");
        PreparedStatement statement;
        if (rewritten is not null)
        {
            if (client.Tokens.Length == 0)
                statement = new PreparedStatement("", StatementKind.NoOp, null, m.ParameterTypes);
            else if (!client.IsLast)
                throw new PgStatementException(SqlState.SyntaxError, "cannot insert multiple commands into a prepared statement");
            else
                statement = new PreparedStatement(rewritten.Sql, kind, Session.Prepare(rewritten.Sql), m.ParameterTypes);
        }
        else
        {
            var text = client.Sql;
            ProcedureCommand? procedure = null;
            var parameterTypes = kind == StatementKind.Procedure ? ProcedureParameterTypes(text, m.ParameterTypes, out procedure) : m.ParameterTypes;
            statement = new PreparedStatement(text, kind, null, parameterTypes) { Procedure = procedure };
        }
        _statements[m.Name] = statement;
        _statementChars += statement.Sql.Length;
        _writer.WriteParseComplete();
    }

    private void Bind(BindMessage m)
    {
        if (!_statements.TryGetValue(m.Statement, out var statement))
            throw new PgStatementException(SqlState.InvalidSqlStatementName, $"prepared statement \"{m.Statement}\" does not exist");
        if (m.Portal.Length > 0 && _portals.ContainsKey(m.Portal))
            throw new PgStatementException("42P03", $"cursor \"{m.Portal}\" already exists");
        if (m.Portal.Length > 0 && _portals.Count >= MaxNamedPortals)
            throw new PgStatementException(SqlState.ProgramLimitExceeded, $"too many open portals on this connection (at most {MaxNamedPortals}); close some");
        var expected = statement.ParameterTypes.Length;
        if (m.Parameters.Length != expected)
            throw new PgStatementException(SqlState.ProtocolViolation, $"bind message supplies {m.Parameters.Length} parameters, but prepared statement \"{m.Statement}\" requires {expected}");
        if (_failed && statement.Kind is not (StatementKind.Commit or StatementKind.Rollback))
            throw new PgStatementException(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        long bytes = 0;
        foreach (var parameter in m.Parameters) bytes += parameter?.Length ?? 0;
        var replaced = m.Portal.Length == 0 && _portals.TryGetValue("", out var unnamed) ? unnamed.ParameterBytes : 0;
        if (_portalParameterBytes - replaced + bytes > MaxPortalParameterBytes)
            throw new PgStatementException(SqlState.ProgramLimitExceeded,
                $"open portals would hold more than {MaxPortalParameterBytes >> 20} MiB of parameter values on this connection; close some");
        var values = expected == 0 ? [] : new SqlValue[expected];
        for (var i = 0; i < expected; i++)
        {
            var binary = m.ParameterFormats.Length switch
            {
                0 => false,
                1 => m.ParameterFormats[0] == 1,
                _ => m.ParameterFormats[i] == 1,
            };
            values[i] = PgParameterDecoder.Decode(m.Parameters[i], statement.ParameterTypes[i], binary);
        }
        if (m.Portal.Length == 0) ClosePortal("");
        _portals[m.Portal] = new Portal(statement, values, m.ResultFormats, ownsStatement: false) { ParameterBytes = bytes };
        _portalParameterBytes += bytes;
        _writer.WriteBindComplete();
    }

    private void Describe(DescribeMessage m)
    {
        if (m.Kind == (byte)'S')
        {
            if (!_statements.TryGetValue(m.Name, out var statement))
                throw new PgStatementException(SqlState.InvalidSqlStatementName, $"prepared statement \"{m.Name}\" does not exist");
            _writer.WriteParameterDescription(statement.ParameterTypes);
            if (statement.Kind == StatementKind.Engine && statement.Engine!.ColumnCount > 0)
            {
                var types = statement.GuessColumnTypes();
                statement.DescribedColumnTypes = types;
                var columns = new PgColumn[types.Length];
                for (var i = 0; i < types.Length; i++)
                    columns[i] = new PgColumn(statement.Engine.GetColumnName(i), types[i], PgTypeOid.SizeOf(types[i]), 0);
                _writer.WriteRowDescription(columns);
            }
            else if (statement.Kind == StatementKind.Procedure && ProcedureResultColumns(statement, []) is { Length: > 0 } procedureColumns)
            {
                _writer.WriteRowDescription(procedureColumns);
            }
            else if (statement.Kind is StatementKind.Show or StatementKind.Catalog && SyntheticFor(statement) is { } synthetic)
            {
                var columns = new PgColumn[synthetic.ColumnNames.Length];
                for (var i = 0; i < columns.Length; i++)
                    columns[i] = new PgColumn(synthetic.ColumnNames[i], synthetic.ColumnTypes[i], PgTypeOid.SizeOf(synthetic.ColumnTypes[i]), 0);
                _writer.WriteRowDescription(columns);
            }
            else
            {
                _writer.WriteNoData();
            }
            return;
        }
        if (!_portals.TryGetValue(m.Name, out var portal))
            throw new PgStatementException(SqlState.InvalidCursorName, $"portal \"{m.Name}\" does not exist");
        var described = DescribePortal(portal);
        if (described.Length > 0) _writer.WriteRowDescription(described);
        else _writer.WriteNoData();
    }

    private void Execute(ExecuteMessage m)
    {
        if (!_portals.TryGetValue(m.Portal, out var portal))
            throw new PgStatementException(SqlState.InvalidCursorName, $"portal \"{m.Portal}\" does not exist");
        if (_failed && portal.Statement.Kind is not (StatementKind.Commit or StatementKind.Rollback))
            throw new PgStatementException(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        if (portal.Statement.Kind == StatementKind.NoOp && portal.Statement.Sql.Length == 0)
        {
            _writer.WriteEmptyQueryResponse();
            return;
        }
        try
        {
            ExecutePortal(portal, m.MaxRows);
        }
        catch
        {
            // A failed portal cannot be resumed; release its reader so the statement can run again.
            FinishPortalQuietly(portal);
            throw;
        }
    }

    private static void FinishPortalQuietly(Portal p)
    {
        p.Completed = true;
        p.PendingRow = false;
        p.Reader?.Dispose();
        p.Reader = null;
        p.Statement.InUse = false;
    }

    /// <summary>Closes a prepared statement (and portals using it); false if it did not exist.</summary>
    private bool CloseStatement(string name, Portal? keep)
    {
        if (!_statements.Remove(name, out var statement)) return false;
        _statementChars -= statement.Sql.Length;
        foreach (var (portalName, portal) in _portals.ToArray())
        {
            if (ReferenceEquals(portal.Statement, statement) && !ReferenceEquals(portal, keep))
            {
                portal.Dispose();
                _portals.Remove(portalName);
                _portalParameterBytes -= portal.ParameterBytes;
            }
        }
        if (keep is null || !ReferenceEquals(keep.Statement, statement)) statement.Dispose();
        return true;
    }

    private void ClosePortal(string name)
    {
        if (!_portals.Remove(name, out var portal)) return;
        portal.Dispose();
        _portalParameterBytes -= portal.ParameterBytes;
    }

    private void CloseAllPortals()
    {
        foreach (var portal in _portals.Values) portal.Dispose();
        _portals.Clear();
        _portalParameterBytes = 0;
    }

    private void CloseAllNamed(Portal current)
    {
        foreach (var name in _statements.Keys.ToArray())
            if (name.Length > 0) CloseStatement(name, current);
    }

    private void CloseAllPortalsAndStatements()
    {
        CloseAllPortals();
        ClearTemplateCache();
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        _statementChars = 0;
    }
}
