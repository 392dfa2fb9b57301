namespace TenantDb.Engine.Errors;

/// <summary>
/// PostgreSQL's system columns (<c>xmin</c>, <c>ctid</c>, ...), which no TenantDb table has. A query
/// naming one (Npgsql EF Core's <c>UseXminAsConcurrencyToken</c> reads and compares <c>xmin</c>) fails
/// with 0A000 naming the column, not with 42703 as if the application had misspelt a column of its own.
/// </summary>
/// <remarks>
/// xmin is not emulated: the only sound emulation is a version the engine bumps on every write of a
/// row, which needs a hidden column in every table that no tenant statement, trigger, COPY, table
/// rebuild or restored file could change or see, and SQLite tables have no hidden columns. A value
/// derived from the row's contents would miss an update that writes a row back to an earlier state.
/// </remarks>
internal static class SystemColumn
{
    private static readonly string[] Names = ["xmin", "xmax", "cmin", "cmax", "ctid", "tableoid"];

    /// <summary>The system column SQLite's "no such column: [t.]name" names, or null.</summary>
    public static string? NamedIn(string message)
    {
        const string prefix = "no such column: ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        string column = message[prefix.Length..];
        int dot = column.LastIndexOf('.');
        if (dot >= 0)
        {
            column = column[(dot + 1)..];
        }

        foreach (string name in Names)
        {
            if (string.Equals(column, name, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The error text for a query naming system column <paramref name="name"/>.</summary>
    public static string NotSupportedMessage(string name) => name == "xmin"
        ? "system column \"xmin\" is not supported: TenantDb rows carry no transaction id; use a version column the application updates as the concurrency token"
        : $"system column \"{name}\" is not supported: TenantDb tables have no system columns";
}
