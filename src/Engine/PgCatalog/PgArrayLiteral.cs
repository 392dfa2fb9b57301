using System.Text;

namespace TenantDb.Engine.PgCatalog;

/// <summary>Reads one-dimensional PostgreSQL array literals (<c>{a,"b c",NULL}</c>) and the space-separated vector form (<c>1 2</c>).</summary>
internal static class PgArrayLiteral
{
    /// <summary>The elements, null for an unquoted NULL. Text that is not an array is one element.</summary>
    public static List<string?> Parse(string text)
    {
        var items = new List<string?>();
        var span = text.AsSpan().Trim();
        if (span.Length < 2 || span[0] != '{' || span[^1] != '}')
        {
            foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) items.Add(part);
            return items;
        }

        span = span[1..^1];
        var current = new StringBuilder();
        bool quoted = false, wasQuoted = false, any = false;
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < span.Length) current.Append(span[++i]);
                else if (c == '"') quoted = false;
                else current.Append(c);
                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = wasQuoted = any = true;
                    break;
                case ',':
                    items.Add(Finish(current, wasQuoted));
                    wasQuoted = false;
                    break;
                default:
                    if (!char.IsWhiteSpace(c) || current.Length > 0) current.Append(c);
                    any = true;
                    break;
            }
        }

        if (any || items.Count > 0) items.Add(Finish(current, wasQuoted));
        return items;
    }

    private static string? Finish(StringBuilder current, bool wasQuoted)
    {
        string value = current.ToString().TrimEnd();
        current.Clear();
        return !wasQuoted && value.Equals("NULL", StringComparison.OrdinalIgnoreCase) ? null : value;
    }
}
