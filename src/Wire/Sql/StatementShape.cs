namespace TenantDb.Wire.Sql;

/// <summary>
/// Where the parts that decide types sit in a statement's tokens: its output list (the outermost
/// SELECT's items or a RETURNING list) and the scope its column names resolve in (the FROM clause,
/// or the table an INSERT, UPDATE or DELETE writes). Ranges are token indexes, end exclusive.
/// </summary>
internal sealed class StatementShape
{
    private StatementShape(ClientStatement statement) => Statement = statement;

    /// <summary>The statement.</summary>
    public ClientStatement Statement { get; }

    /// <summary>Token ranges of the output items, each without its alias; empty when the list could not be read.</summary>
    public List<(int Start, int End)> Items { get; } = [];

    /// <summary>The SELECT keyword of the output list, or -1.</summary>
    public int SelectToken { get; private set; } = -1;

    /// <summary>First token of the output list (after SELECT [DISTINCT]), or -1.</summary>
    public int ListStart { get; private set; } = -1;

    /// <summary>The FROM clause (from the FROM keyword to the next clause), or (-1, -1).</summary>
    public (int Start, int End) From { get; private set; } = (-1, -1);

    /// <summary>The table an INSERT/UPDATE/DELETE writes (name and alias), or (-1, -1).</summary>
    public (int Start, int End) Target { get; private set; } = (-1, -1);

    /// <summary>For INSERT: the target column list's names in order, empty when the statement names none.</summary>
    public List<(int Start, int End)> InsertColumns { get; } = [];

    /// <summary>For INSERT ... VALUES: the first token after VALUES, or -1.</summary>
    public int ValuesStart { get; private set; } = -1;

    /// <summary>Reads the shape of <paramref name="statement"/>.</summary>
    public static StatementShape Read(ClientStatement statement)
    {
        var shape = new StatementShape(statement);
        int i = 0;
        if (statement.IsWord(0, "WITH")) i = SkipWith(statement);
        if (statement.IsWord(i, "SELECT")) shape.ReadSelect(i);
        else if (statement.IsWord(i, "INSERT") || statement.IsWord(i, "UPDATE") || statement.IsWord(i, "DELETE")) shape.ReadDml(i);
        return shape;
    }

    /// <summary>The output list of the SELECT whose keyword is token <paramref name="select"/> (a subquery or a CTE's body).</summary>
    public static StatementShape ReadSelectAt(ClientStatement statement, int select)
    {
        var shape = new StatementShape(statement);
        if (statement.IsWord(select, "SELECT")) shape.ReadSelect(select);
        return shape;
    }

    /// <summary>
    /// For a name the statement's WITH clause defines as a CTE column (<c>WITH r(i) AS (SELECT 1 ...)</c>),
    /// the branches of the CTE's query and the column's position in them (whose expressions give it its
    /// type); null otherwise.
    /// </summary>
    public static (List<QueryBranches.Branch> Branches, int Column)? CteColumnSource(ClientStatement s, string column) => CteColumnSource(s, column, null);

    // As above, in the CTE named cte only when that is given.
    private static (List<QueryBranches.Branch> Branches, int Column)? CteColumnSource(ClientStatement s, string column, string? cte)
    {
        if (!s.IsWord(0, "WITH")) return null;
        int i = s.IsWord(1, "RECURSIVE") ? 2 : 1;
        while (i < s.Tokens.Length)
        {
            // name [(columns)] AS [NOT] [MATERIALIZED] ( body )
            int names = i + 1;
            List<string>? columns = null;
            if (s.IsPunctuation(names, '('))
            {
                columns = [];
                int close = SkipParens(s, names) - 1;
                for (int k = names + 1; k < close; k++) if (!s.IsPunctuation(k, ',')) columns.Add(NameOf(s, k));
                names = close + 1;
            }
            int body = names;
            while (body < s.Tokens.Length && !s.IsPunctuation(body, '(')) body++;
            if (body >= s.Tokens.Length || !(s.IsWord(body + 1, "SELECT") || s.IsWord(body + 1, "VALUES"))) return null;
            if ((cte is null || string.Equals(NameOf(s, i), cte, StringComparison.OrdinalIgnoreCase)) && QueryColumn(s, body + 1, columns, column) is { } found) return found;
            int after = SkipParens(s, body);
            if (!s.IsPunctuation(after, ',')) return null;
            i = after + 1;
        }
        return null;
    }

    /// <summary>
    /// For <paramref name="column"/> of a subquery or VALUES list in FROM, <c>(SELECT ...) [AS] alias</c> or
    /// <c>(VALUES ...) [AS] alias(a, b)</c>, whose alias is <paramref name="qualifier"/> (any alias when null):
    /// the branches of its query and the column's position in them; null when no such query names that column.
    /// </summary>
    public static (List<QueryBranches.Branch> Branches, int Column)? DerivedColumnSource(ClientStatement s, string? qualifier, string column) =>
        DerivedColumnSource(s, qualifier, column, 1) is { } found ? found.Source : null;

    /// <summary>
    /// For a result column SQLite names <paramref name="column"/> that a <c>*</c> brought in: its source, when exactly
    /// one CTE or query in FROM of the statement defines a column of that name; null otherwise.
    /// </summary>
    public static (List<QueryBranches.Branch> Branches, int Column)? UniqueColumnSource(ClientStatement s, string column)
    {
        var cte = CteColumnSource(s, column);
        var derived = DerivedColumnSource(s, null, column, 1);
        if (cte is not null) return derived is null ? cte : null;
        if (derived is not { } first) return null;
        return DerivedColumnSource(s, null, column, first.Open + 1) is null ? first.Source : null;
    }

    // The first query in FROM from token from on that defines the column, with its opening parenthesis.
    private static ((List<QueryBranches.Branch> Branches, int Column) Source, int Open)? DerivedColumnSource(ClientStatement s, string? qualifier, string column, int from)
    {
        for (int open = Math.Max(from, 1); open + 1 < s.Tokens.Length; open++)
        {
            if (!s.IsPunctuation(open, '(') || !(s.IsWord(open + 1, "SELECT") || s.IsWord(open + 1, "VALUES"))) continue;
            if (!(s.IsWord(open - 1, "FROM") || s.IsWord(open - 1, "JOIN") || s.IsWord(open - 1, "LATERAL") || s.IsPunctuation(open - 1, ','))) continue;
            int after = SkipParens(s, open);
            int alias = s.IsWord(after, "AS") ? after + 1 : after;
            if (alias >= s.Tokens.Length || s.Tokens[alias].Kind is not (Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.QuotedIdentifier)) continue;
            if (qualifier is not null && !string.Equals(NameOf(s, alias), qualifier, StringComparison.OrdinalIgnoreCase)) continue;
            List<string>? columns = null;
            if (s.IsPunctuation(alias + 1, '('))
            {
                columns = [];
                int close = SkipParens(s, alias + 1) - 1;
                for (int k = alias + 2; k < close; k++) if (!s.IsPunctuation(k, ',')) columns.Add(NameOf(s, k));
            }
            if (QueryColumn(s, open + 1, columns, column) is { } found) return (found, open);
        }
        return null;
    }

    /// <summary>
    /// When this SELECT's FROM clause is one CTE or one query (<c>FROM c [AS k]</c>, <c>FROM (SELECT ...) u</c>), the
    /// source of its column <paramref name="column"/> referenced with <paramref name="qualifier"/> (or unqualified);
    /// null otherwise. With nothing else in FROM, the reference cannot mean another table's column.
    /// </summary>
    public (List<QueryBranches.Branch> Branches, int Column)? SoleSourceColumn(string? qualifier, string column)
    {
        var s = Statement;
        if (From.Start < 0) return null;
        int first = From.Start + 1, end = From.End;
        for (int i = first, depth = 0; i < end; i++)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && (s.IsPunctuation(i, ',') || s.IsWord(i, "JOIN"))) return null;
        }
        if (s.IsPunctuation(first, '('))
        {
            int after = SkipParens(s, first);
            int alias = s.IsWord(after, "AS") ? after + 1 : after;
            if (alias >= end || qualifier is not null && !string.Equals(NameOf(s, alias), qualifier, StringComparison.OrdinalIgnoreCase)) return null;
            return DerivedColumnSource(s, NameOf(s, alias), column);
        }
        if (s.Tokens[first].Kind is not (Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.QuotedIdentifier) || s.IsPunctuation(first + 1, '.')) return null;
        int aliasToken = s.IsWord(first + 1, "AS") ? first + 2 : first + 1;
        string name = NameOf(s, first);
        string aliasName = aliasToken < end ? NameOf(s, aliasToken) : name;
        if (qualifier is not null && !string.Equals(qualifier, aliasName, StringComparison.OrdinalIgnoreCase)) return null;
        return CteColumnSource(s, column, name);
    }

    // The branches of the query at token query and the position of the output column named column: by the alias
    // list when there is one (names it leaves out keep the query's own), else by the query's output names
    // (a VALUES list's are column1, column2, ...).
    private static (List<QueryBranches.Branch> Branches, int Column)? QueryColumn(ClientStatement s, int query, List<string>? aliases, string column)
    {
        var branches = QueryBranches.Read(s, query);
        if (branches is null) return null;
        var first = branches[0];
        for (int k = 0; k < first.Items.Count; k++)
        {
            string name = aliases is not null && k < aliases.Count ? aliases[k]
                : first.Select is { } shape ? OutputName(s, first.Items[k], shape) : "column" + (k + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (string.Equals(name, column, StringComparison.OrdinalIgnoreCase)) return (branches, k);
        }
        return null;
    }

    // The name an output item gets: its alias, else its (last) column name.
    private static string OutputName(ClientStatement s, (int Start, int End) item, StatementShape shape)
    {
        _ = shape;
        int end = item.End;
        if (end < s.Tokens.Length && s.IsWord(end, "AS")) return NameOf(s, end + 1);
        if (end < s.Tokens.Length && (s.Tokens[end].Kind == Engine.SqlText.SqlTokenKind.QuotedIdentifier
            || s.Tokens[end].Kind == Engine.SqlText.SqlTokenKind.Word && !IsSelectListEnd(s, end))) return NameOf(s, end);
        // No alias: the name PostgreSQL gives the expression (a column reference's own name).
        return ExpressionColumnName.Of(s, item.Start, item.End);
    }

    private static string NameOf(ClientStatement s, int i) =>
        i >= s.Tokens.Length ? "" : s.Tokens[i].Kind == Engine.SqlText.SqlTokenKind.QuotedIdentifier ? Engine.SqlText.SqlIdentifier.Unquote(s.Text, s.Tokens[i]) : s.TextOf(i).ToString();

    /// <summary>The SQL of a statement that selects <paramref name="expressions"/> in this statement's scope, or null without one.</summary>
    public string? ProbeSql(IEnumerable<string> expressions)
    {
        var list = string.Join(", ", expressions);
        if (list.Length == 0) return null;
        var s = Statement;
        if (From.Start >= 0)
        {
            // The WITH clause, the SELECT [DISTINCT ...] and the FROM clause; never WHERE, GROUP BY or ORDER BY, which
            // may name output aliases the probe does not have, nor the branches before this one in a compound.
            int main = s.IsWord(0, "WITH") ? SkipWith(s) : 0;
            if (main >= s.Tokens.Length) return null;
            var with = SelectToken >= main ? s.Text.AsSpan(s.Start, s.Tokens[main].Start - s.Start) : default;
            var select = s.Text.AsSpan(s.Tokens[SelectToken].Start, s.Tokens[ListStart].Start - s.Tokens[SelectToken].Start);
            return string.Concat(string.Concat(with, select), list, " ", s.Text.AsSpan(s.Tokens[From.Start].Start, s.Tokens[From.End - 1].End - s.Tokens[From.Start].Start));
        }
        if (Target.Start >= 0)
            return string.Concat("SELECT ", list, " FROM ", s.Text.AsSpan(s.Tokens[Target.Start].Start, s.Tokens[Target.End - 1].End - s.Tokens[Target.Start].Start));
        return null;
    }

    private void ReadSelect(int select)
    {
        var s = Statement;
        SelectToken = select;
        int i = select + 1;
        if (s.IsWord(i, "ALL")) i++;
        else if (s.IsWord(i, "DISTINCT"))
        {
            i++;
            if (s.IsWord(i, "ON") && s.IsPunctuation(i + 1, '(')) i = SkipParens(s, i + 1);
        }
        ListStart = i;
        int end = ReadList(i, IsSelectListEnd);
        if (end < s.Tokens.Length && s.IsWord(end, "FROM"))
        {
            int fromEnd = end + 1;
            int depth = 0;
            for (; fromEnd < s.Tokens.Length; fromEnd++)
            {
                if (s.IsPunctuation(fromEnd, '(')) depth++;
                else if (s.IsPunctuation(fromEnd, ')') && --depth < 0) break; // the end of a subquery's FROM
                else if (depth == 0 && IsFromEnd(s, fromEnd)) break;
            }
            From = (end, fromEnd);
        }
    }

    private void ReadDml(int i)
    {
        var s = Statement;
        int tableStart;
        if (s.IsWord(i, "INSERT"))
        {
            if (!s.IsWord(i + 1, "INTO")) return;
            tableStart = i + 2;
        }
        else if (s.IsWord(i, "UPDATE"))
        {
            tableStart = s.IsWord(i + 1, "ONLY") ? i + 2 : i + 1;
        }
        else
        {
            if (!s.IsWord(i + 1, "FROM")) return;
            tableStart = s.IsWord(i + 2, "ONLY") ? i + 3 : i + 2;
        }
        int tableEnd = tableStart;
        while (tableEnd < s.Tokens.Length && !s.IsPunctuation(tableEnd, '(') && !IsDmlClause(s, tableEnd)) tableEnd++;
        if (tableEnd == tableStart) return;
        Target = (tableStart, tableEnd);
        if (s.IsPunctuation(tableEnd, '(') && s.IsWord(i, "INSERT"))
        {
            int close = SkipParens(s, tableEnd) - 1;
            int start = tableEnd + 1;
            for (int k = start; k <= close; k++)
            {
                if (k == close || s.IsPunctuation(k, ','))
                {
                    if (k > start) InsertColumns.Add((start, k));
                    start = k + 1;
                }
            }
            tableEnd = close + 1;
        }
        if (s.IsWord(tableEnd, "OVERRIDING") && s.IsWord(tableEnd + 2, "VALUE")) tableEnd += 3;
        if (s.IsWord(tableEnd, "VALUES")) ValuesStart = tableEnd + 1;
        int depth = 0;
        for (int k = tableEnd; k < s.Tokens.Length; k++)
        {
            if (s.IsPunctuation(k, '(')) depth++;
            else if (s.IsPunctuation(k, ')')) depth--;
            else if (depth == 0 && s.IsWord(k, "RETURNING"))
            {
                ListStart = k + 1;
                ReadList(k + 1, static (_, _) => false);
                return;
            }
        }
    }

    // Reads comma-separated items from token start to the first top-level token where isEnd holds; returns that token.
    private int ReadList(int start, Func<ClientStatement, int, bool> isEnd)
    {
        var s = Statement;
        int depth = 0;
        int itemStart = start;
        for (int i = start; i <= s.Tokens.Length; i++)
        {
            bool end = i == s.Tokens.Length;
            if (!end)
            {
                if (s.IsPunctuation(i, '(') || s.IsPunctuation(i, '[') || s.IsWord(i, "CASE")) { depth++; continue; }
                if (s.IsPunctuation(i, ')') || s.IsPunctuation(i, ']') || (s.IsWord(i, "END") && depth > 0))
                {
                    // A subquery's list ends at the parenthesis that closes the subquery.
                    if (--depth < 0) end = true;
                    else continue;
                }
                if (depth > 0) continue;
                end = end || isEnd(s, i);
                if (!end && !s.IsPunctuation(i, ',')) continue;
            }
            if (i > itemStart) Items.Add((itemStart, WithoutAlias(s, itemStart, i)));
            else if (!end || Items.Count > 0) { Items.Clear(); return i; }
            if (end) return i;
            itemStart = i + 1;
        }
        return s.Tokens.Length;
    }

    /// <summary>The end of the expression of the output item at tokens [<paramref name="start"/>, <paramref name="end"/>), before <c>AS name</c> or a bare trailing alias.</summary>
    public static int WithoutAlias(ClientStatement s, int start, int end)
    {
        if (end - start >= 3 && s.IsWord(end - 2, "AS")) return end - 2;
        if (end - start < 2) return end;
        var last = s.Tokens[end - 1];
        if (last.Kind is not (Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.QuotedIdentifier)) return end;
        if (s.IsPunctuation(end - 2, '.')) return end;
        var before = s.Tokens[end - 2];
        bool operandBefore = before.Kind is Engine.SqlText.SqlTokenKind.Word or Engine.SqlText.SqlTokenKind.QuotedIdentifier or Engine.SqlText.SqlTokenKind.Number
            or Engine.SqlText.SqlTokenKind.String or Engine.SqlText.SqlTokenKind.Parameter
            || s.IsPunctuation(end - 2, ')') || s.IsPunctuation(end - 2, ']');
        if (!operandBefore || last.Kind == Engine.SqlText.SqlTokenKind.Word && IsExpressionEndWord(s.TextOf(end - 1))) return end;
        // "DATE 'x'" style typed literals and type names of two words end in a word that is not an alias.
        if (before.Kind == Engine.SqlText.SqlTokenKind.Word && IsOperatorWord(s.TextOf(end - 2))) return end;
        return end - 1;
    }

    private static bool IsExpressionEndWord(ReadOnlySpan<char> word) =>
        Is(word, "END") || Is(word, "NULL") || Is(word, "TRUE") || Is(word, "FALSE") || Is(word, "UNKNOWN") || Is(word, "PRECISION")
        || Is(word, "VARYING") || Is(word, "ZONE") || Is(word, "DISTINCT") || Is(word, "CURRENT_TIMESTAMP") || Is(word, "CURRENT_DATE");

    private static bool IsOperatorWord(ReadOnlySpan<char> word) =>
        Is(word, "AND") || Is(word, "OR") || Is(word, "NOT") || Is(word, "IS") || Is(word, "IN") || Is(word, "LIKE") || Is(word, "ILIKE")
        || Is(word, "THEN") || Is(word, "ELSE") || Is(word, "WHEN") || Is(word, "BETWEEN") || Is(word, "CASE") || Is(word, "EXISTS");

    // FROM after DISTINCT is IS [NOT] DISTINCT FROM, an operator.
    private static bool IsSelectListEnd(ClientStatement s, int i) =>
        s.IsWord(i, "FROM") && !s.IsWord(i - 1, "DISTINCT") || s.IsWord(i, "WHERE") || s.IsWord(i, "GROUP") || s.IsWord(i, "ORDER") || s.IsWord(i, "LIMIT") || s.IsWord(i, "OFFSET")
        || s.IsWord(i, "UNION") || s.IsWord(i, "INTERSECT") || s.IsWord(i, "EXCEPT") || s.IsWord(i, "HAVING") || s.IsWord(i, "WINDOW")
        || s.IsWord(i, "INTO") || s.IsWord(i, "FETCH") || s.IsWord(i, "FOR");

    private static bool IsFromEnd(ClientStatement s, int i) =>
        s.IsWord(i, "WHERE") || s.IsWord(i, "GROUP") || s.IsWord(i, "ORDER") || s.IsWord(i, "LIMIT") || s.IsWord(i, "OFFSET")
        || s.IsWord(i, "UNION") || s.IsWord(i, "INTERSECT") || s.IsWord(i, "EXCEPT") || s.IsWord(i, "HAVING") || s.IsWord(i, "WINDOW")
        || s.IsWord(i, "FETCH") || s.IsWord(i, "FOR") || s.IsWord(i, "RETURNING");

    private static bool IsDmlClause(ClientStatement s, int i) =>
        s.IsWord(i, "VALUES") || s.IsWord(i, "SELECT") || s.IsWord(i, "DEFAULT") || s.IsWord(i, "SET") || s.IsWord(i, "WHERE")
        || s.IsWord(i, "USING") || s.IsWord(i, "RETURNING") || s.IsWord(i, "FROM") || s.IsWord(i, "ON") || s.IsWord(i, "WITH")
        || s.IsWord(i, "OVERRIDING");

    private static int SkipParens(ClientStatement s, int open)
    {
        int depth = 0;
        for (int i = open; i < s.Tokens.Length; i++)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')') && --depth == 0) return i + 1;
        }
        return s.Tokens.Length;
    }

    // WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (...) [, ...]: the index of the main statement's first token.
    private static int SkipWith(ClientStatement s)
    {
        int depth = 0;
        for (int i = 1; i < s.Tokens.Length; i++)
        {
            if (s.IsPunctuation(i, '(')) depth++;
            else if (s.IsPunctuation(i, ')')) depth--;
            else if (depth == 0 && (s.IsWord(i, "SELECT") || s.IsWord(i, "INSERT") || s.IsWord(i, "UPDATE") || s.IsWord(i, "DELETE"))) return i;
        }
        return s.Tokens.Length;
    }

    private static bool Is(ReadOnlySpan<char> word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);
}
