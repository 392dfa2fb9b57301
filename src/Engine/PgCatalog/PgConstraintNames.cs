using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The names a CREATE TABLE gave its primary key, unique and foreign key constraints
/// (<c>CONSTRAINT name UNIQUE (a, b)</c>, or <c>a int CONSTRAINT name REFERENCES t</c> on a column).
/// SQLite keeps them only in the statement's text; its pragmas report the constraints unnamed. The
/// catalog shows these names, so a migration tool that reads a name back can drop the constraint by it.
/// </summary>
internal sealed class PgConstraintNames
{
    private readonly List<(char Kind, string Name, List<string> Columns)> _named = [];

    private PgConstraintNames()
    {
    }

    /// <summary>An empty set, for a table whose text is not available.</summary>
    public static PgConstraintNames None { get; } = new();

    /// <summary>Reads the named constraints of <paramref name="createTable"/>; unreadable text names none.</summary>
    public static PgConstraintNames Read(string? createTable)
    {
        var names = new PgConstraintNames();
        if (createTable is null) return names;
        foreach (var (first, end) in CreateTableItems.Split(createTable, out var tokens))
        {
            names.ReadItem(createTable, tokens, first, end);
        }

        return names;
    }

    /// <summary>The name given to the constraint of <paramref name="kind"/> ('p', 'u', 'f') over <paramref name="columns"/>, or null.</summary>
    public string? Find(char kind, IEnumerable<string> columns)
    {
        var wanted = columns.ToList();
        foreach (var (k, name, named) in _named)
        {
            if (k == kind && named.SequenceEqual(wanted, StringComparer.OrdinalIgnoreCase)) return name;
        }

        return null;
    }

    // One item of the column and constraint list, tokens [first, end).
    private void ReadItem(string text, List<SqlToken> tokens, int first, int end)
    {
        if (first >= end) return;
        string? column = CreateTableItems.ColumnOf(text, tokens, first);
        int depth = 0;
        for (int i = first; i + 2 < end; i++)
        {
            if (tokens[i].IsPunctuation(text, '(')) depth++;
            else if (tokens[i].IsPunctuation(text, ')')) depth--;
            if (depth != 0 || !tokens[i].IsWord(text, "CONSTRAINT")) continue;
            string name = CreateTableItems.Name(text, tokens[i + 1]);
            int kindToken = i + 2;
            char kind;
            if (tokens[kindToken].IsWord(text, "PRIMARY")) kind = 'p';
            else if (tokens[kindToken].IsWord(text, "UNIQUE")) kind = 'u';
            else if (tokens[kindToken].IsWord(text, "FOREIGN") || tokens[kindToken].IsWord(text, "REFERENCES")) kind = 'f';
            else continue;
            List<string> columns;
            if (column is not null) columns = [column];
            else
            {
                int open = kindToken + 1;
                while (open < end && !tokens[open].IsPunctuation(text, '(')) open++;
                columns = [];
                for (int j = open + 1; j < end && !tokens[j].IsPunctuation(text, ')'); j++)
                {
                    if (tokens[j].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && (j == open + 1 || tokens[j - 1].IsPunctuation(text, ',')))
                    {
                        columns.Add(CreateTableItems.Name(text, tokens[j]));
                    }
                }
            }

            _named.Add((kind, name, columns));
        }
    }
}
