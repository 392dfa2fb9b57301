using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The CHECK constraints of a CREATE TABLE as SQLite stores it: on a column (<c>a int CHECK (a &gt; 0)</c>)
/// or on the table (<c>CONSTRAINT c CHECK (a &lt; b)</c>). SQLite's pragmas do not report them, so the text
/// is read. The length checks TenantDb adds for <c>varchar(n)</c> and <c>char(n)</c> are not the
/// client's constraints and are left out (the declared type already says them).
/// </summary>
internal static class PgCheckConstraints
{
    /// <summary>How the wire layer names a length check it added (the rest names the type).</summary>
    private const string LengthCheckPrefix = "tenantdb_length ";

    /// <summary>A check: its name (given, or PostgreSQL's <c>t_col_check</c> / <c>t_check</c>), its expression text and the attnums it reads.</summary>
    public readonly record struct Check(string Name, string Expression, IReadOnlyList<short> Columns);

    /// <summary>The checks of <paramref name="table"/>, in the order the statement declares them; none for unreadable text.</summary>
    public static List<Check> Read(PgRelation table, ICollection<string> takenNames)
    {
        var checks = new List<Check>();
        string? text = table.Sql;
        if (text is null) return checks;
        foreach (var (first, end) in CreateTableItems.Split(text, out var tokens))
        {
            ReadItem(table, text, tokens, first, end, checks, takenNames);
        }

        return checks;
    }

    // One item of the column and constraint list, tokens [first, end): each CHECK (...) at its top level.
    private static void ReadItem(PgRelation table, string text, List<SqlToken> tokens, int first, int end, List<Check> checks, ICollection<string> takenNames)
    {
        if (first >= end) return;
        string? column = CreateTableItems.ColumnOf(text, tokens, first);
        int depth = 0;
        for (int i = first; i + 1 < end; i++)
        {
            if (tokens[i].IsPunctuation(text, '(')) depth++;
            else if (tokens[i].IsPunctuation(text, ')')) depth--;
            if (depth != 0 || !tokens[i].IsWord(text, "CHECK") || !tokens[i + 1].IsPunctuation(text, '(')) continue;
            int close = Close(text, tokens, i + 1, end);
            if (close < 0) return;
            string? given = i >= first + 2 && tokens[i - 2].IsWord(text, "CONSTRAINT") ? CreateTableItems.Name(text, tokens[i - 1]) : null;
            if (given is not null && given.StartsWith(LengthCheckPrefix, StringComparison.Ordinal))
            {
                i = close;
                continue;
            }

            string expression = text[tokens[i + 2].Start..tokens[close].Start].Trim();
            var columns = ReferencedColumns(table, text, tokens, i + 2, close);
            string name = given ?? DefaultName(table.Name, column ?? (columns.Count == 1 ? table.Columns[columns[0] - 1].Name : null), takenNames);
            takenNames.Add(name);
            checks.Add(new Check(name, expression, columns));
            i = close;
        }
    }

    // PostgreSQL's choice: t_col_check when the check reads one column (or sits on one), else t_check; numbered when taken.
    private static string DefaultName(string table, string? column, ICollection<string> taken)
    {
        string baseName = column is null ? $"{table}_check" : $"{table}_{column}_check";
        string name = baseName;
        for (int n = 1; taken.Contains(name); n++) name = baseName + n;
        return name;
    }

    // The attnums of the table's columns named in tokens [first, end), ascending, each once.
    private static List<short> ReferencedColumns(PgRelation table, string text, List<SqlToken> tokens, int first, int end)
    {
        var found = new SortedSet<short>();
        for (int i = first; i < end; i++)
        {
            if (tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) continue;
            if (i + 1 < end && tokens[i + 1].IsPunctuation(text, '(')) continue; // a function name
            string word = CreateTableItems.Name(text, tokens[i]);
            for (int c = 0; c < table.Columns.Count; c++)
            {
                if (string.Equals(table.Columns[c].Name, word, StringComparison.OrdinalIgnoreCase)) found.Add((short)(c + 1));
            }
        }

        return [.. found];
    }

    // The token closing the parenthesis at open, or -1.
    private static int Close(string text, List<SqlToken> tokens, int open, int end)
    {
        int depth = 0;
        for (int i = open; i < end; i++)
        {
            if (tokens[i].IsPunctuation(text, '(')) depth++;
            else if (tokens[i].IsPunctuation(text, ')') && --depth == 0) return i;
        }

        return -1;
    }
}
