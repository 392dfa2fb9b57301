namespace TenantDb.Engine.Ddl;

/// <summary>
/// One column of a table as an INSERT sees it: its name and the SQLite expression that PostgreSQL's
/// <c>DEFAULT</c> stands for in it (<c>nextval</c> of the sequence that generates the column, <c>NULL</c>
/// for the row id, which then generates its value, the column's own default, or <c>NULL</c>).
/// </summary>
/// <param name="Name">The column's name as stored.</param>
/// <param name="Sql">The expression, in SQLite's syntax.</param>
public sealed record ColumnDefault(string Name, string Sql);
