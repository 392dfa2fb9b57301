using TenantDb.Engine;
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
        sql = CastRewriter.Rewrite(sql);
        if (SqlScanner.IsBlank(sql, 0))
        {
            _writer.WriteEmptyQueryResponse();
            _writer.WriteReadyForQuery(TransactionStatus);
            return;
        }
        var pos = 0;
        if (HasSeveralStatements(sql)) _transactions.StartBatch();
        while (true)
        {
            while (true)
            {
                pos = SqlScanner.SkipTrivia(sql, pos);
                if (pos < sql.Length && sql[pos] == ';') pos++;
                else break;
            }
            if (pos >= sql.Length) break;
            var end = SqlScanner.FindStatementEnd(sql, pos);
            var kind = StatementClassifier.Classify(sql, pos, end);
            if (_transactions.IsFailed && kind is not (StatementKind.Commit or StatementKind.Rollback))
            {
                WriteError(new PgError(SqlState.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block"));
                break;
            }
            bool ok;
            if (kind != StatementKind.Engine)
            {
                var statement = new PreparedStatement(sql[pos..end], kind, null, []);
                ok = TryRun(() => RunSimplePortal(new Portal(statement, [], [], ownsStatement: true)));
                pos = end;
            }
            else if (LiteralParameterizer.TryParameterize(sql, pos, end, out var template, out var values)
                && CachedTemplate(template) is { } cached)
            {
                ok = TryRun(() => RunSimplePortal(new Portal(cached, values, [], ownsStatement: false)), sql, pos);
                pos = end;
            }
            else
            {
                var start = pos;
                var next = sql.Length;
                ok = TryRun(() =>
                {
                    // Prepare from an index: no copy of the rest of the text per statement, so a query of
                    // many statements costs linear, not quadratic, time.
                    var engineStatement = Session.Prepare(sql, start, out next);
                    if (engineStatement is null) return;
                    var statement = new PreparedStatement(sql[start..next], kind, engineStatement, []);
                    if (statement.ParameterTypes.Length > 0)
                    {
                        statement.Dispose();
                        throw new PgStatementException("42P02", "there is no parameter $1");
                    }
                    RunSimplePortal(new Portal(statement, [], [], ownsStatement: true));
                }, sql, 0); // the engine reports error offsets relative to the whole text here
                pos = next;
            }
            if (!ok) break;
            // Thousands of small statements in one Query must not pile up their answers either.
            FlushIfLarge();
        }
        TryRun(_transactions.EndBatch);
        _writer.WriteReadyForQuery(TransactionStatus);
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
    private PreparedStatement? CachedTemplate(string template)
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
        var statement = new PreparedStatement(template, StatementKind.Engine, engineStatement, []);
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
            var columns = DescribePortal(portal);
            if (columns.Length > 0) _writer.WriteRowDescription(columns);
            ExecutePortal(portal, 0);
        }
    }
}
