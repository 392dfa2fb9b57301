using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Sql;

namespace TenantDb.Wire.Server;

// Declared types of the columns an expression names, for result and parameter types; generated
// columns and defaults of the tables INSERTs and UPDATEs name.
internal sealed partial class PgConnection : ITableDefaults
{
    private Func<string, PgDeclaredType[]?>? _probe;

    /// <summary>Prepares (never runs) a probe statement and returns its columns' declared types; null when it does not prepare.</summary>
    private Func<string, PgDeclaredType[]?> Probe => _probe ??= ProbeColumnTypes;

    Engine.Ddl.TableGeneratedColumns ITableDefaults.GeneratedColumnsOf(string table) => Session.GeneratedColumnsOf(table);

    IReadOnlyList<Engine.Ddl.ColumnDefault>? ITableDefaults.ColumnDefaultsOf(string table)
    {
        try
        {
            return Session.ColumnDefaultsOf(table);
        }
        catch (TenantDbException)
        {
            // The rewrite runs before the statement: left as the client wrote it, the statement then
            // fails (or not) on its own, with its own error.
            return null;
        }
    }

    int ITableDefaults.InsertableColumnCountOf(string table)
    {
        try
        {
            return Session.InsertableColumnCountOf(table);
        }
        catch (TenantDbException)
        {
            return 0; // as for ColumnDefaultsOf: the statement then fails (or not) on its own
        }
    }

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
