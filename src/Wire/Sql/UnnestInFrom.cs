using System.Text;
using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// <c>unnest(a [, b ...]) [WITH ORDINALITY] [AS] alias [(c1, c2, ...)]</c> in a FROM list (Django's
/// constraint and index introspection, and <c>FROM unnest($1::int[])</c> in applications), as a
/// subquery over <c>json_each</c>: the arrays stay where the client wrote them (so the rewrites inside
/// them still apply), wrapped as <c>(SELECT json_extract(a1, '$[i]') AS c1, ..., i + 1 AS ordinality
/// FROM (SELECT tenantdb_array_json(a) AS a1, ...), json_each(longest))</c>. Like PostgreSQL, several
/// arrays are read in step and the shorter ones padded with NULL.
/// <para>
/// SQLite has no LATERAL: a subquery in FROM may read the columns of an enclosing query but not of the
/// relations before it in the same FROM list. When the arrays name such a relation
/// (<c>FROM pg_index i, unnest(i.indkey, i.indoption) ...</c>) the subquery reads that relation itself
/// and is joined back on its rowid, which adds a <c>_tenantdb_row</c> column to <c>SELECT *</c>. Any
/// other form (a subquery before it, arrays of two relations) is left alone and fails with a syntax
/// error, never with different rows.
/// </para>
/// </summary>
internal static class UnnestInFrom
{
    /// <summary>How far ahead the end of the call and its alias is looked for.</summary>
    private const int MaxScan = 4096;

    private const string ArraysAlias = "_tenantdb_a";
    private const string KeysAlias = "_tenantdb_k";
    private const string RowColumn = "_tenantdb_row";

    /// <summary>What replaces the call: the text for <c>unnest(</c>, for each top-level comma between the
    /// arrays, and for <c>) ... alias (columns)</c> up to token <see cref="End"/>; <see cref="JoinComma"/>
    /// is a comma before the call that becomes JOIN (-1 when none), <see cref="Lateral"/> a LATERAL to drop.</summary>
    public sealed record Plan(string Prefix, int End, string Suffix, int JoinComma, int Lateral)
    {
        /// <summary>The text replacing the <paramref name="index"/>th top-level comma (1-based).</summary>
        public static string Separator(int index) => $") AS {ArraysAlias}{index}, tenantdb_array_json(";
    }

    /// <summary>The rewrite of the call at token <paramref name="call"/> (the word <c>unnest</c>), or null to leave it.</summary>
    public static Plan? Make(ClientStatement statement, int call)
    {
        if (ReadCall(statement, call) is not { } parts || parts.ColumnTokens.Count > parts.Outputs) return null;
        int arrays = parts.Arrays.Count, outputs = parts.Outputs;
        int close = parts.Arrays[^1].End;
        int at = parts.End;
        string? alias = parts.Alias < 0 ? null : statement.TextOf(parts.Alias).ToString();
        var columns = OutputNames(parts, k => statement.TextOf(k).ToString());

        string name = alias ?? "unnest";
        int previous = call - 1;
        if (statement.IsPunctuation(previous, '.')) previous -= 2; // pg_catalog.unnest
        int lateral = -1;
        if (statement.IsWord(previous, "LATERAL"))
        {
            lateral = previous;
            previous--;
        }

        var select = new StringBuilder("(SELECT ");
        var sibling = SiblingRelation(statement, call, close, previous);
        if (sibling is { Failed: true }) return null;
        if (sibling is not null)
        {
            select.Append(ArraysAlias).Append('.').Append(RowColumn).Append(" AS ").Append(RowColumn).Append(", ");
        }

        for (int k = 0; k < outputs; k++)
        {
            if (k > 0) select.Append(", ");
            if (k < arrays) select.Append($"json_extract({ArraysAlias}.{ArraysAlias}{k + 1}, '$[' || {KeysAlias}.key || ']')");
            else select.Append($"{KeysAlias}.key + 1");
            select.Append(" AS ").Append(columns[k]);
        }

        select.Append(" FROM (SELECT ");
        if (sibling is { } relation) select.Append(relation.Alias).Append(".rowid AS ").Append(RowColumn).Append(", ");
        select.Append("tenantdb_array_json(");

        var suffix = new StringBuilder(") AS ").Append(ArraysAlias).Append(arrays);
        if (sibling is { } from) suffix.Append(" FROM ").Append(from.Relation).Append(" AS ").Append(from.Alias);
        suffix.Append(") AS ").Append(ArraysAlias).Append(", json_each(").Append(Longest(arrays)).Append(") AS ").Append(KeysAlias).Append(") AS ").Append(name);
        int joinComma = -1;
        if (sibling is { } joined)
        {
            if (statement.IsPunctuation(previous, ',')) joinComma = previous;
            else if (!statement.IsWord(previous, "JOIN")) return null;
            suffix.Append(" ON ").Append(name).Append('.').Append(RowColumn).Append(" = ").Append(joined.Alias).Append(".rowid");
            if (statement.IsWord(at, "ON"))
            {
                suffix.Append(" AND");
                at++;
            }
        }

        return new Plan(select.ToString(), at, suffix.ToString(), joinComma, lateral);
    }

    /// <summary>
    /// Where the output column <paramref name="column"/> (of the FROM item named <paramref name="qualifier"/>
    /// when given) of an <c>unnest(...)</c> in a FROM list comes from: the tokens of its array argument, or
    /// (-1, -1) for the ordinality column; null when no unnest in the statement outputs that name. The
    /// result columns are then typed as PostgreSQL types them: each by its array's element type, the
    /// ordinality as bigint.
    /// </summary>
    public static (int Start, int End)? ColumnSource(ClientStatement statement, string column, string? qualifier)
    {
        for (int call = 1; call + 1 < statement.Tokens.Length; call++)
        {
            if (!statement.IsWord(call, "unnest") || !statement.IsPunctuation(call + 1, '(')) continue;
            int previous = call - 1;
            if (statement.IsPunctuation(previous, '.')) previous -= 2;
            if (statement.IsWord(previous, "LATERAL")) previous--;
            if (!(statement.IsWord(previous, "FROM") || statement.IsWord(previous, "JOIN") || statement.IsPunctuation(previous, ','))) continue;
            if (ReadCall(statement, call) is not { } parts) continue;
            string name = parts.Alias < 0 ? "unnest" : Unquoted(statement, parts.Alias);
            if (qualifier is not null && !string.Equals(qualifier, name, StringComparison.OrdinalIgnoreCase)) continue;
            var names = OutputNames(parts, k => Unquoted(statement, k));
            for (int k = 0; k < Math.Min(parts.Outputs, names.Count); k++)
            {
                if (string.Equals(names[k], column, StringComparison.OrdinalIgnoreCase)) return k < parts.Arrays.Count ? parts.Arrays[k] : (-1, -1);
            }
        }

        return null;
    }

    /// <summary>
    /// One <c>unnest(a [, b ...]) [WITH ORDINALITY] [AS] alias [(c1, c2, ...)]</c>: the token ranges of its
    /// arrays, the alias token (-1 for none), the column-name tokens and the token after it all.
    /// </summary>
    private sealed record Call(List<(int Start, int End)> Arrays, bool Ordinality, int Alias, List<int> ColumnTokens, int End)
    {
        /// <summary>The columns it outputs: one per array, and the ordinality.</summary>
        public int Outputs => Arrays.Count + (Ordinality ? 1 : 0);
    }

    // The parts of the call at token call (the word unnest); null when it has no arrays, does not close
    // within MaxScan tokens, or its column list is not a list of names.
    private static Call? ReadCall(ClientStatement statement, int call)
    {
        var tokens = statement.Tokens;
        var arrays = new List<(int Start, int End)>();
        int level = 0, itemStart = call + 2, close = -1;
        int limit = Math.Min(tokens.Length, call + MaxScan);
        for (int j = call + 1; j < limit; j++)
        {
            if (statement.IsPunctuation(j, '(') || statement.IsPunctuation(j, '[')) level++;
            else if (statement.IsPunctuation(j, ')') || statement.IsPunctuation(j, ']'))
            {
                if (--level == 0)
                {
                    close = j;
                    break;
                }
            }
            else if (level == 1 && statement.IsPunctuation(j, ','))
            {
                arrays.Add((itemStart, j));
                itemStart = j + 1;
            }
        }

        if (close < 0 || close == itemStart) return null;
        arrays.Add((itemStart, close));
        int at = close + 1;
        bool ordinality = statement.IsWord(at, "WITH") && statement.IsWord(at + 1, "ORDINALITY");
        if (ordinality) at += 2;
        if (statement.IsWord(at, "AS")) at++;
        int alias = -1;
        if (at < tokens.Length && (tokens[at].Kind == SqlTokenKind.QuotedIdentifier || tokens[at].Kind == SqlTokenKind.Word && !EndsFromItem(statement, at)))
        {
            alias = at++;
        }

        var columns = new List<int>();
        if (alias >= 0 && statement.IsPunctuation(at, '('))
        {
            for (at++; at < tokens.Length; at++)
            {
                if (tokens[at].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return null;
                columns.Add(at);
                at++;
                if (statement.IsPunctuation(at, ')')) break;
                if (!statement.IsPunctuation(at, ',')) return null;
            }

            if (!statement.IsPunctuation(at, ')')) return null;
            at++;
        }

        return new Call(arrays, ordinality, alias, columns, at);
    }

    // The names of the call's output columns as PostgreSQL gives them: the listed ones, then the alias for a
    // single array (else "unnest") and "ordinality"; each token's text as text(token) reads it.
    private static List<string> OutputNames(Call parts, Func<int, string> text)
    {
        var names = new List<string>(parts.Outputs);
        foreach (int token in parts.ColumnTokens) names.Add(text(token));
        for (int k = names.Count; k < parts.Outputs; k++)
        {
            names.Add(k == parts.Arrays.Count ? "ordinality" : parts.Arrays.Count == 1 && parts.Alias >= 0 ? text(parts.Alias) : "unnest");
        }

        return names;
    }

    // The JSON array with the most elements (json_each over it gives one row per position).
    private static string Longest(int arrays)
    {
        if (arrays == 1) return $"coalesce({ArraysAlias}.{ArraysAlias}1, '[]')";
        var lengths = string.Join(", ", Enumerable.Range(1, arrays).Select(k => $"coalesce(json_array_length({ArraysAlias}.{ArraysAlias}{k}), 0)"));
        var text = new StringBuilder("CASE");
        for (int k = 1; k <= arrays; k++)
        {
            text.Append($" WHEN coalesce(json_array_length({ArraysAlias}.{ArraysAlias}{k}), 0) = max({lengths}) THEN {ArraysAlias}.{ArraysAlias}{k}");
        }

        return text.Append(" ELSE '[]' END").ToString();
    }

    private readonly record struct Sibling(string Relation, string Alias, bool Failed);

    // The relation before the call in the same FROM list that the arrays read (by alias or name), null when
    // they read none (an enclosing query's columns, parameters, literals); Failed when it cannot be rewritten.
    private static Sibling? SiblingRelation(ClientStatement statement, int call, int close, int previous)
    {
        var tokens = statement.Tokens;
        var qualifiers = new List<string>();
        for (int j = call + 2; j + 2 < close; j++)
        {
            if (tokens[j].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && statement.IsPunctuation(j + 1, '.') && statement.Touches(j + 1)
                && !(j > 0 && statement.IsPunctuation(j - 1, '.') && statement.Touches(j)))
            {
                qualifiers.Add(Unquoted(statement, j));
            }
        }

        if (qualifiers.Count == 0) return null;
        Sibling? found = null;
        int level = 0;
        for (int j = previous; j >= 0 && j > call - MaxScan; j--)
        {
            if (statement.IsPunctuation(j, ')')) { level++; continue; }
            if (statement.IsPunctuation(j, '('))
            {
                if (level == 0) break;
                level--;
                continue;
            }

            if (level != 0) continue;
            if (statement.IsWord(j, "FROM")) break;
            if (tokens[j].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) continue;
            string word = Unquoted(statement, j);
            if (!qualifiers.Contains(word, StringComparer.OrdinalIgnoreCase)) continue;
            if (statement.IsPunctuation(j - 1, '.')) continue;
            // "relation alias", "relation AS alias", or the relation itself right after FROM, JOIN or a comma.
            int relation = statement.IsWord(j - 1, "AS") ? j - 2 : j - 1;
            bool itself = statement.IsPunctuation(j - 1, ',') || statement.IsWord(j - 1, "FROM") || statement.IsWord(j - 1, "JOIN");
            if (itself) relation = j;
            if (relation < 0 || tokens[relation].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return new Sibling("", "", true);
            if (found is not null) return new Sibling("", "", true); // two relations
            found = new Sibling(RelationText(statement, relation), statement.TextOf(j).ToString(), false);
        }

        return found;
    }

    // [schema.]name ending at token last, as a trusted rewrite may name it (pg_catalog's relations are temp tables).
    private static string RelationText(ClientStatement statement, int last)
    {
        string name = statement.TextOf(last).ToString();
        if (last >= 2 && statement.IsPunctuation(last - 1, '.') && statement.Touches(last - 1))
        {
            string schema = Unquoted(statement, last - 2);
            if (schema.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase)) return "temp." + name;
            if (schema.Equals("information_schema", StringComparison.OrdinalIgnoreCase))
            {
                return "temp.\"information_schema." + Unquoted(statement, last).ToLowerInvariant().Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            }

            return statement.TextOf(last - 2).ToString() + "." + name;
        }

        return name;
    }

    private static string Unquoted(ClientStatement statement, int i) =>
        statement.Tokens[i].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(statement.Text, statement.Tokens[i]) : statement.TextOf(i).ToString();

    // A word that cannot be an alias: it ends the FROM item.
    private static bool EndsFromItem(ClientStatement statement, int i)
    {
        foreach (var keyword in NotAliases)
        {
            if (statement.IsWord(i, keyword)) return true;
        }

        return false;
    }

    private static readonly string[] NotAliases =
    [
        "WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "FETCH", "FOR", "JOIN",
        "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL", "ON", "USING", "WITH", "RETURNING",
    ];
}
