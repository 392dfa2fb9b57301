using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// Simple query protocol: one Query message, possibly several statements, each answered with
// RowDescription/DataRows/CommandComplete; the first error stops the rest; then ReadyForQuery.
internal sealed partial class PgConnection
{
    /// <summary>Parameterized simple-query statements kept per connection (cleared when full).</summary>
    private const int TemplateCacheSize = 64;
    /// <summary>
    /// Longest template kept in that cache: statements sent over and over with new literals are short,
    /// and 64 long ones (up to the engine's SQL limit each) would pin tens of MiB per connection.
    /// </summary>
    private const int MaxCachedTemplateLength = 16 * 1024;

    private readonly Dictionary<string, PreparedStatement> _templateCache = new(StringComparer.Ordinal);

    private void RunSimpleQuery(string sql)
    {
        // After a wait for the write lock the Query goes on at the statement that waited.
        var pos = _queryResumeAt;
        _queryResumeAt = -1;
        if (pos < 0)
        {
            if (SqlScanner.IsBlank(sql, 0))
            {
                _writer.WriteEmptyQueryResponse();
                _writer.WriteReadyForQuery(TransactionStatus);
                return;
            }
            pos = 0;
            if (HasSeveralStatements(sql))
            {
                _transactions.StartBatch();
                _inMultiStatementQuery = true;
            }
        }
        var failed = false;
        while (true)
        {
            while (true)
            {
                pos = SqlScanner.SkipTrivia(sql, pos);
                if (pos < sql.Length && sql[pos] == ';') pos++;
                else break;
            }
            if (pos >= sql.Length) break;
            MarkOutput();
            var statementStart = pos;
            var client = ClientStatement.Read(sql, pos);
            var kind = StatementClassifier.Classify(client);
            if (_transactions.IsFailed && kind is not (StatementKind.Commit or StatementKind.Rollback)
                && !(StatementClassifier.IsRollbackToSavepoint(client) && _transactions.ResumeForSavepointRollback()))
            {
                WriteError(new PgError(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block"));
                failed = true;
                break;
            }
            bool ok;
            try
            {
                if (kind != StatementKind.Engine)
                {
                    var statement = new PreparedStatement(client.Sql, kind, null, []);
                    ok = TryRun(() => RunSimplePortal(new Portal(statement, [], [], ownsStatement: true)), new SqlPositionMap(client, null));
                }
                else
                {
                    var rewritten = StatementRewriter.Rewrite(client, parameterize: true, Probe, this);
                    if (rewritten.Refusal is { } refusal)
                    {
                        ok = TryRun(() => throw new PgStatementException(refusal.State, refusal.Message), rewritten.Positions);
                    }
                    else if (rewritten.UsesCatalog && !TryRun(() => EnsureCatalog(rewritten), rewritten.Positions))
                    {
                        ok = false;
                    }
                    else if (rewritten.Values.Length > 0 && CachedTemplate(rewritten.Sql, client) is { } cached)
                    {
                        ok = TryRun(() => RunSimplePortal(new Portal(cached, rewritten.Values, [], ownsStatement: false)), rewritten.Positions);
                    }
                    else
                    {
                        // The template did not prepare: run the statement with its literals, so errors quote them.
                        if (rewritten.Values.Length > 0) rewritten = StatementRewriter.Rewrite(client, parameterize: false, Probe, this);
                        ok = TryRun(() => RunEngineText(rewritten, client), rewritten.Positions);
                    }
                }
            }
            catch (WriteLockWaitException)
            {
                _queryResumeAt = statementStart;
                throw;
            }
            pos = client.End;
            if (!ok)
            {
                failed = true;
                break;
            }
            if (_copyIn is { } copy)
            {
                // COPY FROM STDIN now reads CopyData; the rest of this Query runs after CopyDone.
                copy.ResumeSimpleQuery(sql, pos);
                return;
            }
            // Thousands of small statements in one Query must not pile up their answers either.
            FlushIfLarge();
        }
        EndBatch(failed);
        _inMultiStatementQuery = false;
        _writer.WriteReadyForQuery(TransactionStatus);
    }

    /// <summary>
    /// Runs one statement's SQL. SQLite may still find more than one statement in it (its own
    /// lexical rules differ from PostgreSQL's at the edges); each then runs in turn.
    /// </summary>
    private void RunEngineText(RewrittenStatement rewritten, ClientStatement client)
    {
        if (rewritten.Definition?.Problem is { } problem) throw new PgStatementException(rewritten.Definition.ProblemState, problem);
        var sql = rewritten.Sql;
        var next = 0;
        var first = true;
        while (Session.Prepare(sql, next, out next) is { } engineStatement)
        {
            // SQLite may split what PostgreSQL reads as one statement: the client's text then types none of them.
            var statement = new PreparedStatement(sql, StatementKind.Engine, engineStatement, []) { Client = first && sql.AsSpan(next).Trim(" \t\r\n;").IsEmpty ? client : null, Definition = first ? rewritten.Definition : null };
            first = false;
            if (statement.ParameterTypes.Length > 0)
            {
                statement.Dispose();
                throw new PgStatementException("42P02", "there is no parameter $1");
            }
            RunSimplePortal(new Portal(statement, [], [], ownsStatement: true));
        }
    }

    /// <summary>True when the text holds more than one statement (and so runs as one implicit transaction).</summary>
    private static bool HasSeveralStatements(string sql)
    {
        var pos = SqlScanner.SkipTrivia(sql, 0);
        var end = SqlScanner.FindStatementEnd(sql, pos);
        while (true)
        {
            end = SqlScanner.SkipTrivia(sql, end);
            if (end < sql.Length && sql[end] == ';') end++;
            else break;
        }
        return end < sql.Length;
    }

    /// <summary>
    /// The prepared statement for a parameterized simple query, from the per-connection cache or newly
    /// prepared; null when the template is too long to keep or does not prepare (the original text is
    /// then run as sent, so errors quote what the client wrote).
    /// </summary>
    private PreparedStatement? CachedTemplate(string template, ClientStatement client)
    {
        if (template.Length > MaxCachedTemplateLength) return null;
        if (_templateCache.TryGetValue(template, out var cached)) return cached;
        TenantStatement engineStatement;
        try
        {
            engineStatement = Session.Prepare(template);
        }
        catch (TenantDbException)
        {
            return null;
        }
        if (_templateCache.Count >= TemplateCacheSize) ClearTemplateCache();
        var statement = new PreparedStatement(template, StatementKind.Engine, engineStatement, []) { Client = client };
        _templateCache[template] = statement;
        return statement;
    }

    private void ClearTemplateCache()
    {
        foreach (var statement in _templateCache.Values) statement.Dispose();
        _templateCache.Clear();
    }

    private void RunSimplePortal(Portal portal)
    {
        using (portal)
        {
            // Before anything of the statement is written: a wait for the write lock runs it again.
            if (portal.Statement.Writes) EnsureWriteLock();
            var columns = DescribePortal(portal);
            if (columns.Length > 0) _writer.WriteRowDescription(columns);
            ExecutePortal(portal, 0);
        }
    }
}
