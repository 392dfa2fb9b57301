using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// Declared types of the columns an expression names, for result and parameter types.
internal sealed partial class PgConnection
{
    private Func<string, PgDeclaredType[]?>? _probe;
    private Func<string, Engine.Ddl.TableGeneratedColumns>? _generatedColumns;

    /// <summary>Prepares (never runs) a probe statement and returns its columns' declared types; null when it does not prepare.</summary>
    private Func<string, PgDeclaredType[]?> Probe => _probe ??= ProbeColumnTypes;

    /// <summary>The generated columns of the session's tenant's tables, for INSERT and UPDATE.</summary>
    private Func<string, Engine.Ddl.TableGeneratedColumns> GeneratedColumns => _generatedColumns ??= table => Session.GeneratedColumnsOf(table);

    private PgDeclaredType[]? ProbeColumnTypes(string sql)
    {
        var rewritten = StatementRewriter.Rewrite(ClientStatement.ReadFirst(sql), parameterize: false);
        try
        {
            using var statement = Session.Prepare(rewritten.Sql);
            var types = new PgDeclaredType[statement.ColumnCount];
            for (var i = 0; i < types.Length; i++) types[i] = statement.GetColumnPgType(i);
            return types;
        }
        catch (TenantDbException)
        {
            // Not a statement SQLite accepts in this scope: the caller types what it can without it.
            return null;
        }
    }
}
