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
    private readonly CopyCommand _command;
    private readonly Func<string, bool, PreparedStatement> _prepare;
    private readonly Dictionary<int, PreparedStatement> _inserts = [];

    private CopyTarget(CopyCommand command, Func<string, bool, PreparedStatement> prepare, PreparedStatement select, uint[] types)
    {
        _command = command;
        _prepare = prepare;
        Select = select;
        ColumnTypes = types;
    }

    /// <summary>The query whose rows COPY TO writes; for COPY FROM, it only describes the columns.</summary>
    public PreparedStatement Select { get; }

    /// <summary>The PostgreSQL type of each column, as the engine reports it (text when it cannot tell).</summary>
    public uint[] ColumnTypes { get; }

    /// <summary>The column names.</summary>
    public string[] ColumnNames => Select.ColumnNames;

    /// <summary>Prepares the statements of <paramref name="command"/>.</summary>
    /// <param name="command">The COPY.</param>
    /// <param name="prepare">Turns client SQL into an engine statement (rewriting it as any client statement; it throws on errors); true for a statement that writes.</param>
    public static CopyTarget Open(CopyCommand command, Func<string, bool, PreparedStatement> prepare)
    {
        var selectSql = command.Query
            ?? $"SELECT {(command.Columns.Length > 0 ? string.Join(", ", command.Columns) : "*")} FROM {command.Table}";
        var select = prepare(selectSql, false);
        var target = (CopyTarget?)null;
        try
        {
            var count = select.Engine!.ColumnCount;
            var columnTypes = select.ColumnTypes(static _ => null);
            var types = new uint[count];
            for (var i = 0; i < count; i++) types[i] = columnTypes[i].TypeOid;
            target = new CopyTarget(command, prepare, select, types);
            // COPY FROM: prepare the one-row INSERT now, so a table that cannot be written fails before CopyInResponse.
            if (command.IsFrom) target.Insert(1);
            return target;
        }
        catch
        {
            if (target is not null) target.Dispose();
            else select.Dispose();
            throw;
        }
    }

    /// <summary>The INSERT of <paramref name="rows"/> rows (COPY FROM only): parameters $1..$n row after row, in column order.</summary>
    public PreparedStatement Insert(int rows)
    {
        if (_inserts.TryGetValue(rows, out var insert)) return insert;
        var count = ColumnTypes.Length;
        var sql = new StringBuilder("INSERT INTO ").Append(_command.Table).Append(" (");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sql.Append(", ");
            if (_command.Columns.Length > 0) sql.Append(_command.Columns[i]);
            else sql.Append('"').Append(Select.ColumnNames[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        // COPY writes the values it is given, also into a GENERATED ALWAYS identity column, as PostgreSQL's
        // does; columns it does not name get their defaults and sequence values through the rewrite.
        sql.Append(") OVERRIDING SYSTEM VALUE VALUES ");
        var parameter = 1;
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r > 0 ? ", (" : "(");
            for (var i = 0; i < count; i++) sql.Append(i > 0 ? ", $" : "$").Append(parameter++);
            sql.Append(')');
        }
        insert = _prepare(sql.ToString(), true);
        if (insert.Engine!.IsReadOnly)
        {
            insert.Dispose();
            throw new PgStatementException(SqlState.InsufficientPrivilege, $"cannot copy to relation \"{_command.TableName}\"");
        }
        _inserts[rows] = insert;
        return insert;
    }

    /// <summary>Frees the engine statements.</summary>
    public void Dispose()
    {
        Select.Dispose();
        foreach (var insert in _inserts.Values) insert.Dispose();
        _inserts.Clear();
    }
}
