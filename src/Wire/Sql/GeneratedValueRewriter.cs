using System.Text;
using TenantDb.Engine.Ddl;
using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Column values SQLite does not make itself, and PostgreSQL's rules for explicit values in identity
/// columns, which SQLite's row id (the storage of most identity columns) does not know:
/// <list type="bullet">
/// <item>An INSERT that omits a column a sequence generates (a serial or identity column that is not the
/// row id, or a column whose default is <c>nextval</c>) gets the column, with <c>nextval</c> of the
/// sequence as each row's value; so does <c>DEFAULT VALUES</c>. RETURNING then shows the values. Without a
/// column list, VALUES rows shorter than the table get the list of the columns they fill.</item>
/// <item><c>DEFAULT</c> as a value in VALUES or in UPDATE's SET becomes what it stands for in that column
/// (<see cref="ColumnDefault"/>): <c>nextval</c>, NULL for the row id (which generates it), or the column's default.</item>
/// <item>An INSERT that gives a <c>GENERATED ALWAYS</c> identity column a value other than DEFAULT fails with
/// 428C9 unless it says <c>OVERRIDING SYSTEM VALUE</c>; an UPDATE that sets one fails with 428C9.</item>
/// <item><c>OVERRIDING USER VALUE</c> ignores the values given for an identity column: each becomes the
/// generated value (supported for <c>INSERT ... VALUES</c>).</item>
/// <item>The <c>OVERRIDING ... VALUE</c> clause itself is removed: SQLite's grammar has none.</item>
/// </list>
/// </summary>
internal static class GeneratedValueRewriter
{
    /// <summary>
    /// Records the edits for <paramref name="s"/> and returns why it must be refused (SQLSTATE and message),
    /// or null. <paramref name="tables"/> tells the tables' generated columns and defaults; without it only
    /// the OVERRIDING clause is removed.
    /// </summary>
    public static (string State, string Message)? AddEdits(ClientStatement s, SqlEdits edits, ITableDefaults? tables)
    {
        if (s.IsWord(0, "INSERT") && s.IsWord(1, "INTO")) return Insert(s, edits, tables);
        if (s.IsWord(0, "UPDATE") && tables is not null) return Update(s, edits, tables);
        return null;
    }

    private static (string State, string Message)? Insert(ClientStatement s, SqlEdits edits, ITableDefaults? tables)
    {
        int i = 2;
        if (!TryReadTableName(s, ref i, out string table)) return null;
        if (s.IsWord(i, "AS")) i += 2;
        var columns = new List<string>();
        int listClose = -1;
        if (s.IsPunctuation(i, '('))
        {
            i++;
            while (i < s.Tokens.Length && !s.IsPunctuation(i, ')'))
            {
                if (s.Tokens[i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) columns.Add(Name(s, i));
                i++;
                if (s.IsPunctuation(i, ',')) i++;
            }
            listClose = i;
            i++;
        }

        char overriding = '\0';
        if (s.IsWord(i, "OVERRIDING") && (s.IsWord(i + 1, "SYSTEM") || s.IsWord(i + 1, "USER")) && s.IsWord(i + 2, "VALUE"))
        {
            overriding = s.IsWord(i + 1, "SYSTEM") ? 's' : 'u';
            edits.Replace(i, i + 3, "");
            i += 3;
        }

        if (tables is null) return null;
        var generated = tables.GeneratedColumnsOf(table);
        if (s.IsWord(i, "DEFAULT") && s.IsWord(i + 1, "VALUES"))
        {
            SupplyDefaultValues(edits, i, generated.SerialSequences);
            return null;
        }

        int body = i;
        var rows = s.IsWord(body, "VALUES") ? ValuesRows(s, body + 1) : null;
        bool saysDefault = rows is not null && rows.Exists(row => row.Exists(item => IsDefault(s, item)));
        // Without a column list, PostgreSQL fills the columns a VALUES row leaves out with their defaults
        // (SQLite refuses a short row), and sequences fill generated ones.
        bool shortRows = listClose < 0 && rows is [var firstRow, ..] && tables.InsertableColumnCountOf(table) > firstRow.Count;
        IReadOnlyList<ColumnDefault>? all = saysDefault || (listClose < 0 && rows is not null && (generated.SerialSequences.Count > 0 || shortRows))
            ? tables.ColumnDefaultsOf(table)
            : null;

        // No column list: the VALUES rows fill the table's first columns, and the rest are omitted.
        bool listed = listClose >= 0;
        if (!listed && all is not null && rows is [var first, ..] && first.Count <= all.Count && rows.TrueForAll(row => row.Count == first.Count))
        {
            for (int k = 0; k < first.Count; k++) columns.Add(all[k].Name);
            listed = true;
        }

        if (saysDefault && all is not null) ReplaceDefaults(s, edits, rows!, listed ? columns : null, all);
        if (listed)
        {
            string added = SupplySequenceValues(s, edits, body, columns, generated.SerialSequences);
            if (listClose >= 0)
            {
                if (added.Length > 0) edits.InsertBefore(listClose, added);
            }
            else
            {
                var list = new StringBuilder("(");
                foreach (string column in columns) list.Append(list.Length > 1 ? ", " : "").Append(QuotedIdentifier(column));
                edits.InsertBefore(body, list.Append(added).Append(") ").ToString());
            }
        }

        foreach (var (identityColumn, identity) in generated.Identities)
        {
            if (IdentityValue(s, edits, generated, identityColumn, identity, columns, listed, rows, overriding) is { } refusal) return refusal;
        }
        return null;
    }

    // PostgreSQL's rules for a value the INSERT gives one identity column: OVERRIDING USER VALUE drops it, GENERATED
    // ALWAYS refuses it without OVERRIDING SYSTEM VALUE; DEFAULT (in every row) is no value.
    private static (string State, string Message)? IdentityValue(ClientStatement s, SqlEdits edits, TableGeneratedColumns generated, string identityColumn, char identity,
        List<string> columns, bool listed, List<List<(int Start, int End)>>? rows, char overriding)
    {
        int position = columns.FindIndex(c => string.Equals(c, identityColumn, StringComparison.OrdinalIgnoreCase));
        bool explicitValue = !listed || position >= 0;
        if (explicitValue && rows is not null && position >= 0 && rows.TrueForAll(row => position < row.Count && IsDefault(s, row[position]))) explicitValue = false;
        if (!explicitValue) return null;
        if (overriding == 'u')
        {
            if (position < 0 || rows is null)
            {
                return ("0A000", "OVERRIDING USER VALUE is supported only in INSERT ... VALUES naming the identity column");
            }

            var sequence = generated.SerialSequences.FirstOrDefault(c => string.Equals(c.Column, identityColumn, StringComparison.OrdinalIgnoreCase));
            foreach (var row in rows)
            {
                if (position >= row.Count) continue;
                var (start, end) = row[position];
                // Still evaluated for its parameters' sake; the row id generates a value for NULL.
                edits.InsertBefore(start, "CASE WHEN 0 THEN (");
                edits.CloseAfter(end - 1, sequence is null ? ") END" : ") ELSE " + sequence.NextValueSql + " END");
            }

            return null;
        }

        if (identity == 'a' && overriding != 's')
        {
            return ("428C9", $"cannot insert a non-DEFAULT value into column \"{identityColumn}\": column \"{identityColumn}\" is an identity column defined as GENERATED ALWAYS (use OVERRIDING SYSTEM VALUE to override)");
        }

        return null;
    }

    // SET a = ..., b = ...: DEFAULT becomes what it stands for; any other value for a GENERATED ALWAYS identity column is refused.
    private static (string State, string Message)? Update(ClientStatement s, SqlEdits edits, ITableDefaults tables)
    {
        int i = s.IsWord(1, "ONLY") ? 2 : 1;
        if (!TryReadTableName(s, ref i, out string table)) return null;
        var generated = tables.GeneratedColumnsOf(table);
        while (i < s.Tokens.Length && !s.IsWord(i, "SET")) i++;
        IReadOnlyList<ColumnDefault>? all = null;
        int depth = 0;
        for (int k = i + 1; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '(')) depth++;
            else if (s.IsPunctuation(k, ')')) depth--;
            else if (depth == 0 && (s.IsWord(k, "WHERE") || s.IsWord(k, "FROM") || s.IsWord(k, "RETURNING"))) break;
            else if (depth == 0 && (s.IsWord(k - 1, "SET") || s.IsPunctuation(k - 1, ','))
                && s.Tokens[k].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && IsAssignment(s, k + 1))
            {
                string column = Name(s, k);
                bool isDefault = s.IsWord(k + 2, "DEFAULT") && (k + 3 >= s.Tokens.Length || s.IsPunctuation(k + 3, ',')
                    || s.IsWord(k + 3, "WHERE") || s.IsWord(k + 3, "FROM") || s.IsWord(k + 3, "RETURNING"));
                if (isDefault)
                {
                    all ??= tables.ColumnDefaultsOf(table);
                    if (all?.FirstOrDefault(c => string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)) is { } found) edits.Replace(k + 2, k + 3, found.Sql);
                }
                else if (generated.Identities.FirstOrDefault(c => c.Identity == 'a' && string.Equals(column, c.Column, StringComparison.OrdinalIgnoreCase)) is { Column: { } identityColumn })
                {
                    return ("428C9", $"column \"{identityColumn}\" can only be updated to DEFAULT: it is an identity column defined as GENERATED ALWAYS");
                }
            }
        }

        return null;
    }

    // DEFAULT VALUES, with columns that sequences generate: (c) VALUES (nextval('t_c_seq')).
    private static void SupplyDefaultValues(SqlEdits edits, int defaultToken, IReadOnlyList<SerialSequence> sequences)
    {
        if (sequences.Count == 0) return;
        var names = new StringBuilder("(");
        var values = new StringBuilder(" VALUES (");
        foreach (var serial in sequences)
        {
            if (names.Length > 1) { names.Append(", "); values.Append(", "); }
            names.Append(QuotedIdentifier(serial.Column));
            values.Append(serial.NextValueSql);
        }
        edits.Replace(defaultToken, defaultToken + 2, names.Append(')').Append(values).Append(')').ToString());
    }

    // INSERT INTO t (a) VALUES (1), (2) gets ", nextval('t_c_seq')" in each row, and returns ", c" for its
    // column list; INSERT INTO t (a) <query> becomes INSERT INTO t (a, c) SELECT *, nextval('t_c_seq') FROM
    // (<query>) WHERE true (the WHERE keeps an ON CONFLICT after it from reading as a join's ON).
    private static string SupplySequenceValues(ClientStatement s, SqlEdits edits, int body, List<string> columns, IReadOnlyList<SerialSequence> sequences)
    {
        var addColumns = new StringBuilder();
        var addValues = new StringBuilder();
        foreach (var serial in sequences)
        {
            if (columns.Exists(c => string.Equals(c, serial.Column, StringComparison.OrdinalIgnoreCase))) continue;
            addColumns.Append(", ").Append(QuotedIdentifier(serial.Column));
            addValues.Append(", ").Append(serial.NextValueSql);
        }
        if (addColumns.Length == 0) return "";
        int end = BodyEnd(s, body);
        if (end <= body) return "";
        if (s.IsWord(body, "VALUES"))
        {
            int depth = 0;
            for (int k = body + 1; k < end; k++)
            {
                if (s.IsPunctuation(k, '(')) depth++;
                else if (s.IsPunctuation(k, ')') && --depth == 0) edits.InsertBefore(k, addValues.ToString());
            }
        }
        else
        {
            edits.InsertBefore(body, "SELECT *" + addValues + " FROM (");
            edits.CloseAfter(end - 1, ") WHERE true");
        }
        return addColumns.ToString();
    }

    // Each DEFAULT item of the VALUES rows becomes its column's expression: the column named at its
    // position in the list, or the table's column at that position without one.
    private static void ReplaceDefaults(ClientStatement s, SqlEdits edits, List<List<(int Start, int End)>> rows, List<string>? columns, IReadOnlyList<ColumnDefault> all)
    {
        foreach (var row in rows)
        {
            for (int k = 0; k < row.Count; k++)
            {
                if (!IsDefault(s, row[k])) continue;
                string? name = columns is null ? (k < all.Count ? all[k].Name : null) : (k < columns.Count ? columns[k] : null);
                if (name is null) continue;
                foreach (var column in all)
                {
                    if (!string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase)) continue;
                    edits.Replace(row[k].Start, row[k].End, column.Sql);
                    break;
                }
            }
        }
    }

    private static bool IsAssignment(ClientStatement s, int i) => i < s.Tokens.Length && s.Tokens[i].Kind == SqlTokenKind.Operator && s.TextOf(i) is "=";

    private static bool IsDefault(ClientStatement s, (int Start, int End) item) => item.End == item.Start + 1 && s.IsWord(item.Start, "DEFAULT");

    // VALUES (a, b), (c, d): the token range of each item of each row, up to the end of the VALUES list.
    private static List<List<(int Start, int End)>> ValuesRows(ClientStatement s, int start)
    {
        var rows = new List<List<(int Start, int End)>>();
        List<(int Start, int End)>? row = null;
        int depth = 0, itemStart = start;
        for (int k = start; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '('))
            {
                if (++depth == 1)
                {
                    row = [];
                    itemStart = k + 1;
                }
            }
            else if (s.IsPunctuation(k, ')'))
            {
                if (--depth == 0 && row is not null)
                {
                    if (k > itemStart) row.Add((itemStart, k));
                    rows.Add(row);
                    row = null;
                }
            }
            else if (depth == 1 && s.IsPunctuation(k, ','))
            {
                row?.Add((itemStart, k));
                itemStart = k + 1;
            }
            else if (depth == 0 && !s.IsPunctuation(k, ','))
            {
                break; // ON CONFLICT, RETURNING, ...
            }
        }

        return rows;
    }

    // The end of an INSERT's VALUES or query: the first top-level RETURNING or ON CONFLICT, or the statement's end.
    private static int BodyEnd(ClientStatement s, int body)
    {
        int depth = 0;
        for (int k = body; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '(')) depth++;
            else if (s.IsPunctuation(k, ')')) depth--;
            else if (depth == 0 && (s.IsWord(k, "RETURNING") || (s.IsWord(k, "ON") && s.IsWord(k + 1, "CONFLICT")) || s.IsPunctuation(k, ';'))) return k;
        }
        return s.Tokens.Length;
    }

    private static string QuotedIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // [schema.]name, leaving i after it.
    private static bool TryReadTableName(ClientStatement s, ref int i, out string table)
    {
        table = "";
        if (i >= s.Tokens.Length || s.Tokens[i].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return false;
        table = Name(s, i++);
        while (s.IsPunctuation(i, '.') && i + 1 < s.Tokens.Length && s.Tokens[i + 1].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            table = Name(s, i + 1);
            i += 2;
        }

        return true;
    }

    private static string Name(ClientStatement s, int i) =>
        s.Tokens[i].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(s.Text, s.Tokens[i]) : s.TextOf(i).ToString();
}
