using System.Text;
using TenantDb.Engine;
using TenantDb.Wire.Protocol;
using TenantDb.Wire.Sql;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Server.Copy;

/// <summary>
/// What a COPY reads or writes, prepared through the same front end and engine checks as the
/// client's own SQL (so reserved tables and the read-only catalog stay out of reach): the SELECT that
/// names the columns and their types, and for COPY FROM the one INSERT every row runs through.
/// </summary>
internal sealed class CopyTarget : IDisposable
{
    private CopyTarget(PreparedStatement select, PreparedStatement? insert, uint[] types)
    {
        Select = select;
        Insert = insert;
        ColumnTypes = types;
    }

    /// <summary>The query whose rows COPY TO writes; for COPY FROM, it only describes the columns.</summary>
    public PreparedStatement Select { get; }

    /// <summary>The INSERT of one row (COPY FROM only), parameters $1..$n in column order.</summary>
    public PreparedStatement? Insert { get; }

    /// <summary>The PostgreSQL type of each column, as the engine reports it (text when it cannot tell).</summary>
    public uint[] ColumnTypes { get; }

    /// <summary>The column names.</summary>
    public string[] ColumnNames => Select.ColumnNames;

    /// <summary>Prepares the statements of <paramref name="command"/>.</summary>
    /// <param name="command">The COPY.</param>
    /// <param name="prepare">Turns client SQL into an engine statement (rewriting it as any client statement; it throws on errors).</param>
    public static CopyTarget Open(CopyCommand command, Func<string, bool, PreparedStatement> prepare)
    {
        var selectSql = command.Query
            ?? $"SELECT {(command.Columns.Length > 0 ? string.Join(", ", command.Columns) : "*")} FROM {command.Table}";
        var select = prepare(selectSql, false);
        try
        {
            var count = select.Engine!.ColumnCount;
            var declared = select.DeclaredColumnTypes;
            var guessed = select.GuessColumnTypes();
            var types = new uint[count];
            for (var i = 0; i < count; i++) types[i] = declared[i] != PgTypeOid.Unspecified ? declared[i] : guessed[i];
            PreparedStatement? insert = null;
            if (command.IsFrom)
            {
                var sql = new StringBuilder("INSERT INTO ").Append(command.Table).Append(" (");
                for (var i = 0; i < count; i++)
                {
                    if (i > 0) sql.Append(", ");
                    if (command.Columns.Length > 0) sql.Append(command.Columns[i]);
                    else sql.Append('"').Append(select.ColumnNames[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                sql.Append(") VALUES (");
                for (var i = 0; i < count; i++) sql.Append(i > 0 ? ", $" : "$").Append(i + 1);
                sql.Append(')');
                insert = prepare(sql.ToString(), true);
                if (insert.Engine!.IsReadOnly)
                    throw new PgStatementException(SqlState.InsufficientPrivilege, $"cannot copy to relation \"{command.TableName}\"");
            }
            return new CopyTarget(select, insert, types);
        }
        catch
        {
            select.Dispose();
            throw;
        }
    }

    /// <summary>Frees the engine statements.</summary>
    public void Dispose()
    {
        Select.Dispose();
        Insert?.Dispose();
    }
}
