namespace TenantDb.Engine.PgCatalog;

/// <summary>PostgreSQL's identifier quoting (<c>quote_ident</c>): bare when lower-case and plain, else double-quoted.</summary>
internal static class PgIdentifier
{
    /// <summary>The identifier as PostgreSQL would print it in a definition.</summary>
    public static string Quote(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_');
        foreach (char c in name)
        {
            plain &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_';
        }

        return plain && !IsReservedWord(name) ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    // The reserved key words that must be quoted even when lower-case (a subset: the common ones).
    private static bool IsReservedWord(string name) => name is "all" or "and" or "any" or "array" or "as" or "asc"
        or "both" or "case" or "cast" or "check" or "collate" or "column" or "constraint" or "create" or "default" or "desc"
        or "distinct" or "do" or "else" or "end" or "except" or "false" or "for" or "foreign" or "from" or "grant" or "group"
        or "having" or "in" or "into" or "leading" or "limit" or "not" or "null" or "offset" or "on" or "only" or "or"
        or "order" or "primary" or "references" or "select" or "table" or "then" or "to" or "true" or "union" or "unique"
        or "user" or "using" or "when" or "where" or "with";
}
