// SAFETY-CRITICAL for the trust boundary: the text built here from the tenant's own schema is run by
// trusted statements during a table rebuild. Every edit is made at token boundaries found by the one
// lexer (with SQLite's extra quoting), so tenant text can never move an edit into a string or comment.
using System.Text;
using TenantDb.Engine.Errors;
using TenantDb.Engine.SqlText;
using TenantDb.Engine.Values;

namespace TenantDb.Engine.Ddl;

/// <summary>
/// Edits of the CREATE statements SQLite keeps in <c>sqlite_schema</c>: renaming the table of a CREATE
/// TABLE, adding or removing a table constraint, marking columns NOT NULL, and schema-qualifying the
/// name of a CREATE INDEX or CREATE TRIGGER so that re-running it cannot land on a TEMP object.
/// </summary>
internal sealed class SchemaSql
{
    private readonly string _text;
    private readonly List<SqlToken> _tokens = [];

    private SchemaSql(string text)
    {
        _text = text;
        var lexer = new SqlLexer(text, 0, sqliteQuoting: true);
        while (true)
        {
            var token = lexer.Next();
            if (token.Kind == SqlTokenKind.End) break;
            if (token.Kind == SqlTokenKind.Unterminated) throw Malformed();
            _tokens.Add(token);
        }
    }

    /// <summary>Parses <paramref name="createSql"/>, a statement SQLite stored.</summary>
    public static SchemaSql Parse(string createSql) => new(createSql);

    /// <summary>The name of an identifier token (quotes of any SQLite kind removed).</summary>
    public string NameAt(int index)
    {
        var token = _tokens[index];
        var text = token.TextIn(_text);
        if (token.Kind != SqlTokenKind.QuotedIdentifier) return text.ToString();
        char close = text[0] == '[' ? ']' : text[0];
        var inner = text[1..^1].ToString();
        return close == ']' ? inner : inner.Replace(new string(close, 2), new string(close, 1), StringComparison.Ordinal);
    }

    /// <summary>
    /// The CREATE TABLE renamed to <paramref name="newName"/> (written as given), with
    /// <paramref name="addItem"/> appended to its column and constraint list, the table constraint named
    /// <paramref name="dropConstraint"/> removed, NOT NULL added to <paramref name="notNullColumns"/>, a column
    /// retyped (<paramref name="retype"/>) and a column's default replaced or removed (<paramref name="redefault"/>).
    /// </summary>
    /// <exception cref="TenantDbException">The text is not a plain CREATE TABLE with a column list, or the constraint to drop is not there.</exception>
    public string RebuildTable(string newName, string? addItem, string? dropConstraint, IReadOnlyCollection<string> notNullColumns,
        (string Column, string TypeSql)? retype = null, (string Column, string? DefaultSql)? redefault = null)
    {
        // CREATE TABLE name ( ... ) [options]; SQLite stores it without IF NOT EXISTS or a schema.
        if (_tokens.Count < 5 || !IsWord(0, "CREATE") || !IsWord(1, "TABLE")) throw Malformed();
        int nameEnd = 3;
        if (IsPunctuation(3, '.')) nameEnd = 5;
        if (nameEnd >= _tokens.Count || !IsPunctuation(nameEnd, '(')) throw Malformed();
        int open = nameEnd;
        int close = MatchingClose(open);
        var items = Items(open, close);
        var edits = new List<(int Start, int End, string Text)>
        {
            (_tokens[2].Start, _tokens[nameEnd - 1].End, newName),
        };

        if (dropConstraint is not null)
        {
            int found = -1;
            for (int i = 0; i < items.Count; i++)
            {
                var (first, _) = items[i];
                if (IsWord(first, "CONSTRAINT") && first + 1 < close && string.Equals(NameAt(first + 1), dropConstraint, StringComparison.OrdinalIgnoreCase))
                {
                    found = i;
                    break;
                }
            }

            if (found < 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42704", $"constraint \"{dropConstraint}\" does not exist");
            if (items.Count == 1) throw new TenantDbException(TenantDbErrorKind.NotSupported, "0A000", "cannot drop the only item of a table definition");
            var (start, last) = items[found];
            // Remove the item with the comma before it (or after it, for the first item).
            int from = found == 0 ? _tokens[start].Start : _tokens[items[found - 1].Last].End;
            int to = found == 0 ? _tokens[items[1].First].Start : _tokens[last].End;
            edits.Add((from, to, string.Empty));
        }

        foreach (string column in notNullColumns)
        {
            var item = items.FindIndex(it => IsColumnItem(it.First) && string.Equals(NameAt(it.First), column, StringComparison.OrdinalIgnoreCase));
            if (item < 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42703", $"column \"{column}\" does not exist");
            var (first, last) = items[item];
            if (!HasNotNull(first, last)) edits.Add((_tokens[last].End, _tokens[last].End, " NOT NULL"));
        }

        if (retype is { } change) edits.AddRange(Retype(items, change.Column, change.TypeSql));
        if (redefault is { } newDefault) edits.AddRange(Redefault(items, newDefault.Column, newDefault.DefaultSql));
        if (addItem is not null) edits.Add((_tokens[close].Start, _tokens[close].Start, ", " + addItem));
        return Apply(edits);
    }

    /// <summary>Name of the CHECK constraints the wire layer adds to enforce a declared length (varchar(n)).</summary>
    private const string LengthConstraintPrefix = "tenantdb_length ";

    // The edits that give column `column` the type `typeSql`: its type (with the exact-numeric collation that
    // is part of it) and its length constraint are replaced; NOT NULL, DEFAULT and its other constraints stay.
    private List<(int Start, int End, string Text)> Retype(List<(int First, int Last)> items, string column, string typeSql)
    {
        var item = items.FindIndex(it => IsColumnItem(it.First) && string.Equals(NameAt(it.First), column, StringComparison.OrdinalIgnoreCase));
        if (item < 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42703", $"column \"{column}\" does not exist");
        var (first, last) = items[item];
        int typeEnd = first + 1;
        while (typeEnd <= last && !StartsColumnConstraint(typeEnd)) typeEnd++;
        if (IsWord(typeEnd, "COLLATE") && typeEnd + 1 <= last && NameAt(typeEnd + 1).Equals(Values.PgNumeric.CollationName, StringComparison.OrdinalIgnoreCase)) typeEnd += 2;
        var edits = new List<(int Start, int End, string Text)>();
        int typeStartChar = _tokens[first].End;
        int typeEndChar = typeEnd <= last ? _tokens[typeEnd].Start : _tokens[last].End;
        edits.Add((typeStartChar, typeEndChar, " " + typeSql + (typeEnd <= last ? " " : string.Empty)));
        for (int i = typeEnd; i <= last; i++)
        {
            // CONSTRAINT "tenantdb_length ..." CHECK ( ... )
            if (!(IsWord(i, "CONSTRAINT") && i + 3 <= last && NameAt(i + 1).StartsWith(LengthConstraintPrefix, StringComparison.Ordinal) && IsWord(i + 2, "CHECK") && IsPunctuation(i + 3, '('))) continue;
            int end = MatchingClose(i + 3);
            edits.Add((_tokens[i].Start, _tokens[end].End, string.Empty));
            i = end;
        }

        return edits;
    }

    // The edits that remove column `column`'s DEFAULT clause and, when `defaultSql` is given, add DEFAULT defaultSql.
    private List<(int Start, int End, string Text)> Redefault(List<(int First, int Last)> items, string column, string? defaultSql)
    {
        var item = items.FindIndex(it => IsColumnItem(it.First) && string.Equals(NameAt(it.First), column, StringComparison.OrdinalIgnoreCase));
        if (item < 0) throw new TenantDbException(TenantDbErrorKind.UndefinedObject, "42703", $"column \"{column}\" does not exist");
        var (first, last) = items[item];
        var edits = new List<(int Start, int End, string Text)>();
        for (int i = first + 1; i <= last; i++)
        {
            if (IsPunctuation(i, '('))
            {
                i = MatchingClose(i);
                continue;
            }

            if (!IsWord(i, "DEFAULT") || i == last) continue;

            // DEFAULT (expr) | DEFAULT [+|-] literal | DEFAULT literal-or-keyword
            int end = i + 1;
            if (IsPunctuation(end, '(')) end = MatchingClose(end);
            else if (end < last && _tokens[end].TextIn(_text) is "+" or "-") end++;
            edits.Add((_tokens[i].Start, _tokens[end].End, string.Empty));
            i = end;
        }

        if (defaultSql is not null) edits.Add((_tokens[last].End, _tokens[last].End, " DEFAULT " + defaultSql));
        return edits;
    }

    private bool StartsColumnConstraint(int i) =>
        IsWord(i, "CONSTRAINT") || IsWord(i, "PRIMARY") || IsWord(i, "NOT") || IsWord(i, "NULL") || IsWord(i, "UNIQUE") || IsWord(i, "CHECK")
        || IsWord(i, "DEFAULT") || IsWord(i, "REFERENCES") || IsWord(i, "GENERATED") || IsWord(i, "COLLATE") || IsWord(i, "AS");

    /// <summary>The names of the named table constraints of a CREATE TABLE.</summary>
    public IReadOnlyList<string> ConstraintNames()
    {
        int open = IsPunctuation(3, '.') ? 5 : 3;
        if (!IsPunctuation(open, '(')) return [];
        var names = new List<string>();
        foreach (var (first, _) in Items(open, MatchingClose(open)))
        {
            if (IsWord(first, "CONSTRAINT")) names.Add(NameAt(first + 1));
        }

        return names;
    }

    /// <summary>
    /// The CREATE INDEX or CREATE TRIGGER with <c>main.</c> before its object's name, so that running
    /// it again puts the object on the main schema's table even when a TEMP table has the same name.
    /// </summary>
    public string QualifiedInMain()
    {
        int i = 1;
        if (IsWord(i, "UNIQUE")) i++;
        if (!IsWord(i, "INDEX") && !IsWord(i, "TRIGGER")) throw Malformed();
        i++;
        if (IsWord(i, "IF")) i += 3; // IF NOT EXISTS
        if (i >= _tokens.Count) throw Malformed();
        int nameEnd = IsPunctuation(i + 1, '.') ? i + 2 : i;
        if (nameEnd >= _tokens.Count) throw Malformed();
        string name = NameAt(nameEnd);
        return Apply([(_tokens[i].Start, _tokens[nameEnd].End, "main." + Quote(name))]);
    }

    /// <summary><paramref name="name"/> as a double-quoted SQLite identifier.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private bool IsColumnItem(int first) =>
        !(IsWord(first, "CONSTRAINT") || IsWord(first, "PRIMARY") || IsWord(first, "UNIQUE") || IsWord(first, "CHECK") || IsWord(first, "FOREIGN"));

    private bool HasNotNull(int first, int last)
    {
        int depth = 0;
        for (int i = first; i < last; i++)
        {
            if (IsPunctuation(i, '(')) depth++;
            else if (IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && IsWord(i, "NOT") && IsWord(i + 1, "NULL")) return true;
        }

        return false;
    }

    // The comma-separated items between open and close: (first token, last token) of each.
    private List<(int First, int Last)> Items(int open, int close)
    {
        var items = new List<(int, int)>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i <= close; i++)
        {
            if (i == close || (depth == 0 && IsPunctuation(i, ',')))
            {
                if (i == start) throw Malformed();
                items.Add((start, i - 1));
                start = i + 1;
            }
            else if (IsPunctuation(i, '(')) depth++;
            else if (IsPunctuation(i, ')')) depth--;
        }

        return items;
    }

    private int MatchingClose(int open)
    {
        int depth = 0;
        for (int i = open; i < _tokens.Count; i++)
        {
            if (IsPunctuation(i, '(')) depth++;
            else if (IsPunctuation(i, ')') && --depth == 0) return i;
        }

        throw Malformed();
    }

    private string Apply(List<(int Start, int End, string Text)> edits)
    {
        edits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var result = new StringBuilder(_text.Length + 64);
        int position = 0;
        foreach (var (start, end, text) in edits)
        {
            if (start < position) throw Malformed();
            result.Append(_text, position, start - position).Append(text);
            position = end;
        }

        return result.Append(_text, position, _text.Length - position).ToString();
    }

    private bool IsWord(int index, string word) => index < _tokens.Count && _tokens[index].IsWord(_text, word);

    private bool IsPunctuation(int index, char c) => index < _tokens.Count && _tokens[index].IsPunctuation(_text, c);

    private static TenantDbException Malformed() =>
        new(TenantDbErrorKind.NotSupported, "0A000", "the table's stored definition has a form ALTER TABLE cannot rebuild");
}
