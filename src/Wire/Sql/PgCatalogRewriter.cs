using System.Collections.Frozen;
using TenantDb.Engine.SqlText;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Rewrites what catalog queries use and SQLite lacks, so the text psql, JDBC and the ORMs send runs
/// against the session's emulated catalog (see <c>TenantSession.EnsurePgCatalog</c>):
/// <list type="bullet">
/// <item><c>pg_catalog.pg_class</c> → <c>temp.pg_class</c>; <c>pg_catalog.f(</c> → <c>f(</c>;
/// <c>information_schema.tables</c> → <c>temp."information_schema.tables"</c>.</item>
/// <item>The regular-expression operators (<c>~ !~ ~* !~*</c>, also spelled <c>OPERATOR(pg_catalog.~)</c>)
/// → <c>REGEXP</c>; <c>~~</c> → <c>LIKE</c>; <c>COLLATE pg_catalog.default</c> dropped.</item>
/// <item><c>x = ANY (array)</c> → <c>x IN (SELECT value FROM json_each(...))</c>; <c>ARRAY(SELECT e FROM ...)</c>
/// → an aggregate; <c>ARRAY[a, b]</c> and subscripts <c>a[i]</c> → functions over array literals;
/// <c>generate_series(a, b)</c> in FROM → a recursive CTE.</item>
/// <item>The bare SQL-standard functions <c>current_user</c>, <c>session_user</c>, <c>current_catalog</c>,
/// <c>current_schema</c> → calls.</item>
/// </list>
/// Tells the caller whether the statement reads the catalog, so the session's catalog is brought up
/// to date first. One walk over the statement's tokens; edits are recorded, not applied.
/// </summary>
internal static class PgCatalogRewriter
{
    private const string SeriesName = "_tenantdb_series";
    private const string UnnestName = "_tenantdb_unnest";

    /// <summary>The one column of the subquery an <c>ARRAY(SELECT ...)</c> aggregates.</summary>
    private const string ArrayElementName = "_tenantdb_v";

    /// <summary>How far ahead the end of a FROM list is looked for (keeps the walk linear).</summary>
    private const int MaxFromScan = 4096;

    /// <summary>Set-returning calls in a select list looked at per statement (each looks around it once).</summary>
    private const int MaxSetReturningCalls = 8;

    private enum Group : byte
    {
        Plain,
        AnyArray,
        ArraySubquery,
        ArraySubqueryWithFrom,
        Series,
        Constructor,
        Subscript,
        Ancestors,
        Trim,
        Unnest,
    }

    /// <summary>Relations of the emulated catalog that may be named without <c>pg_catalog.</c>.</summary>
    private static readonly FrozenSet<string> CatalogRelations = new[]
    {
        "pg_namespace", "pg_class", "pg_attribute", "pg_attrdef", "pg_type", "pg_index", "pg_constraint", "pg_database",
        "pg_roles", "pg_user", "pg_auth_members", "pg_proc", "pg_language", "pg_description", "pg_settings", "pg_am",
        "pg_collation", "pg_tablespace", "pg_trigger", "pg_sequence", "pg_stat_activity", "pg_extension", "pg_inherits",
        "pg_policy", "pg_statistic_ext", "pg_publication", "pg_publication_namespace", "pg_publication_rel", "pg_rewrite",
        "pg_enum", "pg_range", "pg_depend", "pg_foreign_table", "pg_partitioned_table", "pg_event_trigger", "pg_cast",
        "pg_operator", "pg_opclass", "pg_matviews",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Functions registered with the catalog: a statement calling one needs it.</summary>
    private static readonly FrozenSet<string> CatalogFunctions = new[]
    {
        "version", "current_database", "current_catalog", "current_schema", "current_schemas", "current_user", "session_user",
        "pg_backend_pid", "pg_advisory_unlock_all", "current_setting", "pg_encoding_to_char", "pg_postmaster_start_time", "pg_get_userbyid",
        "pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible", "format_type", "pg_get_expr", "pg_get_indexdef",
        "pg_get_constraintdef", "pg_get_triggerdef", "pg_get_viewdef", "pg_get_function_arguments",
        "pg_get_function_identity_arguments", "pg_get_function_result", "pg_get_statisticsobjdef_columns",
        "pg_relation_is_publishable", "pg_partition_ancestors", "obj_description", "col_description", "shobj_description",
        "pg_table_size", "pg_relation_size", "pg_total_relation_size", "pg_size_pretty", "to_regclass", "has_table_privilege",
        "has_schema_privilege", "has_database_privilege", "has_function_privilege", "has_sequence_privilege",
        "has_any_column_privilege", "has_column_privilege", "pg_has_role", "quote_ident", "array_to_string", "array_length",
        "array_upper", "array_lower", "pg_get_serial_sequence", "json_build_object", "json_build_array",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> BareFunctions = new[] { "current_user", "session_user", "current_catalog", "current_schema" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CatalogRelationLookup = CatalogRelations.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CatalogFunctionLookup = CatalogFunctions.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> BareFunctionLookup = BareFunctions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>True for the SQL-standard functions written without parentheses (<c>current_user</c>).</summary>
    public static bool IsBareFunction(ReadOnlySpan<char> word) => BareFunctionLookup.Contains(word);

    /// <summary>Records the edits for <paramref name="statement"/>; true when it reads the catalog.</summary>
    public static bool AddEdits(ClientStatement statement, SqlEdits edits)
    {
        var tokens = statement.Tokens;
        var text = statement.Text;
        bool usesCatalog = false;
        var groups = new Stack<(Group Kind, int Depth, int OperandStart)>();
        int depth = 0;
        int operandStart = -1;
        (string Array, int Depth)? unnest = null;
        int setReturningCalls = 0;
        bool expandArraySeen = false;
        var trims = new Stack<(int Depth, string Characters)>();
        var unnests = new Stack<(UnnestInFrom.Plan Plan, int Arrays)>();
        for (int i = 0; i < tokens.Length;)
        {
            var token = tokens[i];
            int next = i + 1;
            switch (token.Kind)
            {
                case SqlTokenKind.Word:
                {
                    var word = statement.TextOf(i);
                    if (IsQualified(statement, i, "pg_catalog"))
                    {
                        usesCatalog = true;
                        if (statement.IsPunctuation(i + 3, '('))
                        {
                            edits.Replace(i, i + 2, ""); // a function: drop the qualifier
                            i += 2;
                            continue;
                        }

                        edits.Replace(i, i + 2, "temp.");
                        operandStart = i;
                        next = i + 3;
                        break;
                    }

                    if (IsQualified(statement, i, "information_schema") && statement.IsWord(i + 2, "_pg_expandarray") && statement.IsPunctuation(i + 3, '(')
                        && setReturningCalls++ < MaxSetReturningCalls && ExpandArray(statement, edits, i, depth, ref unnest) is > 0 and var expanded)
                    {
                        // (information_schema._pg_expandarray(a)).n / .x, or the bare call: one element per row.
                        usesCatalog = true;
                        expandArraySeen = true;
                        operandStart = -1;
                        if (edits.IsReplaced(expanded - 3) && groups.TryPop(out _)) depth--; // the field form consumed the group's ')'
                        i = expanded;
                        continue;
                    }

                    if (IsQualified(statement, i, "information_schema"))
                    {
                        usesCatalog = true;
                        var name = tokens[i + 2].Kind == SqlTokenKind.QuotedIdentifier
                            ? SqlIdentifier.Unquote(text, tokens[i + 2])
                            : statement.TextOf(i + 2).ToString().ToLowerInvariant();
                        edits.Replace(i, i + 3, "temp.\"information_schema." + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
                        operandStart = i;
                        next = i + 3;
                        break;
                    }

                    if (word.Equals("OPERATOR", StringComparison.OrdinalIgnoreCase) && statement.IsPunctuation(i + 1, '('))
                    {
                        int op = i + 2;
                        if (IsQualifiedPrefix(statement, op, "pg_catalog")) op += 2;
                        if (op < tokens.Length && tokens[op].Kind == SqlTokenKind.Operator && statement.IsPunctuation(op + 1, ')'))
                        {
                            var replacement = OperatorReplacement(statement.TextOf(op)) ?? statement.TextOf(op).ToString();
                            usesCatalog |= replacement.Contains("REGEXP", StringComparison.Ordinal);
                            edits.Replace(i, op + 2, replacement);
                            operandStart = -1;
                            i = op + 2;
                            continue;
                        }
                    }

                    if (word.Equals("COLLATE", StringComparison.OrdinalIgnoreCase))
                    {
                        int name = i + 1;
                        if (IsQualifiedPrefix(statement, name, "pg_catalog")) name += 2;
                        if (name < tokens.Length)
                        {
                            var collation = tokens[name].Kind == SqlTokenKind.QuotedIdentifier ? SqlIdentifier.Unquote(text, tokens[name]) : statement.TextOf(name).ToString();
                            if (collation.Equals("default", StringComparison.OrdinalIgnoreCase))
                            {
                                edits.Replace(i, name + 1, "");
                            }
                            else if (collation is "C" or "POSIX" or "c" or "posix" or "ucs_basic")
                            {
                                edits.Replace(i, name + 1, "COLLATE BINARY");
                            }

                            i = name + 1;
                            continue;
                        }
                    }

                    if (word.Equals("ANY", StringComparison.OrdinalIgnoreCase) || word.Equals("SOME", StringComparison.OrdinalIgnoreCase) || word.Equals("ALL", StringComparison.OrdinalIgnoreCase))
                    {
                        // x = ANY (...), x <> ALL (...)
                        bool all = word.Equals("ALL", StringComparison.OrdinalIgnoreCase);
                        if (i > 0 && tokens[i - 1].Kind == SqlTokenKind.Operator && statement.IsPunctuation(i + 1, '('))
                        {
                            var op = statement.TextOf(i - 1);
                            bool matches = all ? op is "<>" or "!=" : op is "=";
                            if (matches)
                            {
                                string keyword = all ? "NOT IN" : "IN";
                                if (statement.IsWord(i + 2, "SELECT") || statement.IsWord(i + 2, "VALUES") || statement.IsWord(i + 2, "WITH"))
                                {
                                    edits.Replace(i - 1, i + 1, keyword);
                                    i++;
                                    continue;
                                }

                                edits.Replace(i - 1, i + 2, keyword + " (SELECT value FROM json_each(tenantdb_array_json(");
                                groups.Push((Group.AnyArray, ++depth, -1));
                                usesCatalog = true;
                                operandStart = -1;
                                i += 2;
                                continue;
                            }
                        }
                    }

                    if (word.Equals("ARRAY", StringComparison.OrdinalIgnoreCase))
                    {
                        if (statement.IsPunctuation(i + 1, '(') && statement.IsWord(i + 2, "SELECT"))
                        {
                            // The subquery keeps its ORDER BY and LIMIT: SQLite keeps a FROM subquery's order
                            // for an aggregate other than count/min/max over it.
                            edits.Replace(i, i + 3, $"(SELECT tenantdb_array_agg({ArrayElementName}) FROM (SELECT ");
                            groups.Push((Group.ArraySubquery, ++depth, i));
                            usesCatalog = true;
                            operandStart = -1;
                            i += 3;
                            continue;
                        }

                        if (statement.IsPunctuation(i + 1, '['))
                        {
                            edits.Replace(i, i + 2, "tenantdb_array(");
                            groups.Push((Group.Constructor, ++depth, i));
                            usesCatalog = true;
                            operandStart = -1;
                            i += 2;
                            continue;
                        }
                    }

                    if (word.Equals("FROM", StringComparison.OrdinalIgnoreCase) && groups.TryPeek(out var open) && open.Kind == Group.ArraySubquery && open.Depth == depth)
                    {
                        groups.Pop();
                        groups.Push((Group.ArraySubqueryWithFrom, depth, open.OperandStart));
                        if (statement.IsWord(i - 2, "AS") && !edits.IsReplaced(i - 1)) edits.Replace(i - 1, i + 1, ArrayElementName + " FROM");
                        else edits.Replace(i, i + 1, $"AS {ArrayElementName} FROM");
                        operandStart = -1;
                        break;
                    }

                    if (word.Equals("pg_partition_ancestors", StringComparison.OrdinalIgnoreCase) && statement.IsPunctuation(i + 1, '(') && IsInFromClause(statement, i))
                    {
                        // No table is partitioned: a relation's only ancestor is itself.
                        edits.Replace(i, i + 2, "(SELECT ");
                        groups.Push((Group.Ancestors, ++depth, -1));
                        usesCatalog = true;
                        operandStart = -1;
                        i += 2;
                        continue;
                    }

                    if ((word.Equals("unnest", StringComparison.OrdinalIgnoreCase) || word.Equals("generate_subscripts", StringComparison.OrdinalIgnoreCase))
                        && statement.IsPunctuation(i + 1, '(') && setReturningCalls++ < MaxSetReturningCalls && IsInSelectList(statement, i)
                        && RewriteSetReturningCall(statement, edits, i, depth, ref unnest) is > 0 and var after)
                    {
                        usesCatalog = true;
                        operandStart = i;
                        i = after;
                        continue;
                    }

                    if (word.Equals("unnest", StringComparison.OrdinalIgnoreCase) && statement.IsPunctuation(i + 1, '(')
                        && (IsInFromClause(statement, i) || statement.IsWord(i - 1, "LATERAL") && IsInFromClause(statement, i - 1)) && !IsInSelectList(statement, i)
                        && UnnestInFrom.Make(statement, i) is { } plan)
                    {
                        if (plan.Lateral >= 0) edits.Replace(plan.Lateral, plan.Lateral + 1, "");
                        if (plan.JoinComma >= 0) edits.Replace(plan.JoinComma, plan.JoinComma + 1, " JOIN");
                        edits.Replace(i, i + 2, plan.Prefix);
                        groups.Push((Group.Unnest, ++depth, -1));
                        unnests.Push((plan, 1));
                        usesCatalog = true;
                        operandStart = -1;
                        i += 2;
                        continue;
                    }

                    if (word.Equals("array_agg", StringComparison.OrdinalIgnoreCase) && statement.IsPunctuation(i + 1, '(') && !(i > 0 && statement.IsPunctuation(i - 1, '.')))
                    {
                        // SQLite takes ORDER BY (and DISTINCT) inside an aggregate's parentheses, as PostgreSQL does.
                        edits.Replace(i, i + 1, "tenantdb_array_agg");
                        usesCatalog = true;
                        operandStart = i;
                        break;
                    }

                    if (word.Equals("generate_series", StringComparison.OrdinalIgnoreCase) && statement.IsPunctuation(i + 1, '(') && IsInFromClause(statement, i))
                    {
                        edits.Replace(i, i + 2, $"(WITH RECURSIVE {SeriesName}(v) AS (SELECT ");
                        groups.Push((Group.Series, ++depth, -1));
                        operandStart = -1;
                        i += 2;
                        continue;
                    }

                    if (IsBareFunction(word) && !statement.IsPunctuation(i + 1, '(') && !(i > 0 && statement.IsPunctuation(i - 1, '.')))
                    {
                        edits.Replace(i, i + 1, word.ToString().ToLowerInvariant() + "()");
                        usesCatalog = true;
                        operandStart = i;
                        break;
                    }

                    if (CatalogRelationLookup.Contains(word) || (CatalogFunctionLookup.Contains(word) && statement.IsPunctuation(i + 1, '(')))
                    {
                        usesCatalog = true;
                    }

                    if (!(operandStart >= 0 && statement.IsPunctuation(i - 1, '.') && statement.Touches(i))) operandStart = i;
                    break;
                }

                case SqlTokenKind.String when BooleanLiteralCompared(statement, i) is { } boolean:
                    edits.Replace(i, i + 1, boolean);
                    operandStart = i;
                    break;

                case SqlTokenKind.QuotedIdentifier or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString
                    or SqlTokenKind.BitString or SqlTokenKind.Number or SqlTokenKind.Parameter:
                    if (!(operandStart >= 0 && statement.IsPunctuation(i - 1, '.') && statement.Touches(i))) operandStart = i;
                    break;

                case SqlTokenKind.TypeCast:
                    // The cast's type name is not an operand or a subscript (int2[]); the cast rewriter handles it.
                    i = SkipTypeName(statement, i + 1, ref usesCatalog);
                    continue;

                case SqlTokenKind.Operator:
                {
                    bool binary = i > 0 && EndsOperand(statement, i - 1);
                    if (binary && OperatorReplacement(statement.TextOf(i)) is { } replacement)
                    {
                        edits.Replace(i, i + 1, replacement);
                        usesCatalog |= replacement.Contains("REGEXP", StringComparison.Ordinal);
                    }

                    operandStart = -1;
                    break;
                }

                case SqlTokenKind.Punctuation:
                {
                    char c = text[token.Start];
                    if (c == '(' && expandArraySeen && IsCompositeFieldX(statement, i))
                    {
                        // (result.KEYS).x of an expanded array: the element itself.
                        edits.Replace(i, i + 7, statement.Text[tokens[i + 1].Start..tokens[i + 3].End]);
                        operandStart = i;
                        i += 7;
                        continue;
                    }

                    if (c == '(' && i > 0 && statement.IsWord(i - 1, "trim") && statement.Touches(i) && TrimSpecification(statement, i) is { } trim)
                    {
                        // trim(both 'x' from e) → trim(e, 'x'); leading → ltrim, trailing → rtrim.
                        edits.Replace(i - 1, i + 4, trim.Function + "(");
                        groups.Push((Group.Trim, ++depth, i - 1));
                        trims.Push((depth, statement.TextOf(i + 2).ToString()));
                        operandStart = -1;
                        i += 4;
                        continue;
                    }

                    if (c == '(')
                    {
                        // A function call's operand starts at its name.
                        bool call = i > 0 && tokens[i - 1].Kind == SqlTokenKind.Word && statement.Touches(i) && operandStart >= 0;
                        groups.Push((Group.Plain, ++depth, call ? operandStart : i));
                        operandStart = -1;
                    }
                    else if (c == ')' && groups.TryPop(out var group))
                    {
                        depth--;
                        switch (group.Kind)
                        {
                            case Group.AnyArray:
                                edits.Replace(i, i + 1, ")))");
                                break;
                            case Group.ArraySubquery:
                                edits.Replace(i, i + 1, $" AS {ArrayElementName}))");
                                break;
                            case Group.ArraySubqueryWithFrom:
                                edits.Replace(i, i + 1, "))");
                                break;
                            case Group.Unnest when unnests.TryPop(out var unnested):
                                edits.Replace(i, unnested.Plan.End, unnested.Plan.Suffix);
                                next = unnested.Plan.End;
                                break;
                            case Group.Ancestors:
                                CloseAncestors(statement, edits, i);
                                break;
                            case Group.Trim when trims.TryPop(out var trimmed):
                                edits.Replace(i, i + 1, ", " + trimmed.Characters + ")");
                                break;
                            case Group.Series:
                                // PostgreSQL names the column after the alias (FROM generate_series(1, 3) s: column s).
                                int alias = statement.IsWord(i + 1, "AS") ? i + 2 : i + 1;
                                bool aliased = alias < tokens.Length && tokens[alias].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
                                    && !IsKeyword(statement.TextOf(alias)) && !statement.IsWord(alias, "JOIN") && !statement.IsWord(alias, "LEFT");
                                string column = aliased ? statement.TextOf(alias).ToString() : "generate_series";
                                if (aliased && statement.IsPunctuation(alias + 1, '(') && alias + 3 < tokens.Length
                                    && tokens[alias + 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier && statement.IsPunctuation(alias + 3, ')'))
                                {
                                    // generate_series(1, 32) pos(n): the column list names the column.
                                    column = statement.TextOf(alias + 2).ToString();
                                    edits.Replace(alias + 1, alias + 4, "");
                                    next = alias + 4;
                                }

                                edits.Replace(i, i + 1, $") SELECT v AS {column} FROM {SeriesName})");
                                break;
                        }

                        operandStart = group.OperandStart;
                    }
                    else if (c == ',' && groups.TryPeek(out var arrays) && arrays.Kind == Group.Unnest && arrays.Depth == depth && unnests.TryPop(out var counted))
                    {
                        edits.Replace(i, i + 1, UnnestInFrom.Plan.Separator(counted.Arrays));
                        unnests.Push((counted.Plan, counted.Arrays + 1));
                        operandStart = -1;
                    }
                    else if (c == ',' && groups.TryPeek(out var series) && series.Kind == Group.Series && series.Depth == depth)
                    {
                        edits.Replace(i, i + 1, $" UNION ALL SELECT v + 1 FROM {SeriesName} WHERE v <");
                        operandStart = -1;
                    }
                    else if (c == '[')
                    {
                        if (i > 0 && operandStart >= 0 && EndsOperand(statement, i - 1))
                        {
                            edits.InsertBefore(operandStart, "tenantdb_array_get(");
                            edits.Replace(i, i + 1, ", ");
                            groups.Push((Group.Subscript, ++depth, operandStart));
                            usesCatalog = true;
                        }
                        else
                        {
                            groups.Push((Group.Plain, ++depth, -1));
                        }

                        operandStart = -1;
                    }
                    else if (c == ']' && groups.TryPop(out var bracket))
                    {
                        depth--;
                        if (bracket.Kind is Group.Subscript or Group.Constructor) edits.Replace(i, i + 1, ")");
                        operandStart = bracket.OperandStart;
                    }
                    else if (!(c == '.' && statement.Touches(i)))
                    {
                        operandStart = -1;
                    }

                    break;
                }

                default:
                    operandStart = -1;
                    break;
            }

            i = next;
        }

        return usesCatalog;
    }

    /// <summary>
    /// <c>unnest(t.arr)</c> and <c>generate_subscripts(t.arr, 1)</c> in a select list (SQLAlchemy's primary
    /// key query) become the value and position of one <c>json_each</c> over the array, joined to the
    /// select's FROM list: SQLite's table-valued functions may read the tables before them, so each row
    /// of <c>t</c> yields one row per element, as PostgreSQL's set-returning functions in the select list
    /// do. Only one array (a column reference) per statement is supported; any other call is left as it
    /// is and fails with "no such function", never with a silently different row count.
    /// Returns the token after the call, or 0 when the call is not rewritten.
    /// </summary>
    private static int RewriteSetReturningCall(ClientStatement statement, SqlEdits edits, int call, int depth, ref (string Array, int Depth)? unnest)
    {
        var tokens = statement.Tokens;
        int first = call + 2, end = first;
        while (true)
        {
            if (end >= tokens.Length || tokens[end].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return 0;
            end++;
            if (!(statement.IsPunctuation(end, '.') && statement.Touches(end))) break;
            end++;
        }
        bool subscripts = statement.IsWord(call, "generate_subscripts");
        int close = end;
        if (subscripts)
        {
            if (!statement.IsPunctuation(end, ',') || !(end + 1 < tokens.Length && statement.TextOf(end + 1) is "1")) return 0;
            close = end + 2;
        }

        if (!statement.IsPunctuation(close, ')')) return 0;
        if (!JoinArrayElements(statement, edits, first, end, close, depth, ref unnest)) return 0;
        edits.Replace(call, close + 1, subscripts ? $"({UnnestName}.key + 1)" : $"{UnnestName}.value");
        return close + 1;
    }

    // Joins one json_each over the array named by tokens [first, end) to the FROM list of the select
    // the call (ending at close) is in; false when another array or level already has it, or no FROM.
    private static bool JoinArrayElements(ClientStatement statement, SqlEdits edits, int first, int end, int close, int depth, ref (string Array, int Depth)? unnest)
    {
        var tokens = statement.Tokens;
        string array = statement.Text[tokens[first].Start..tokens[end - 1].End];
        if (unnest is { } known) return known.Depth == depth && known.Array == array;
        int at = EndOfFromList(statement, close + 1);
        unnest = (at < 0 ? string.Empty : array, depth); // one look-ahead per statement, found or not
        if (at < 0) return false;
        string join = $", json_each(tenantdb_array_json({array})) AS {UnnestName} ";
        if (at < tokens.Length) edits.InsertBefore(at, join);
        else edits.CloseAfter(tokens.Length - 1, " " + join);
        return true;
    }

    // A dotted column reference starting at token first: the token after it, or 0.
    private static int DottedNameEnd(ClientStatement statement, int first)
    {
        var tokens = statement.Tokens;
        int end = first;
        while (true)
        {
            if (end >= tokens.Length || tokens[end].Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)) return 0;
            end++;
            if (!(statement.IsPunctuation(end, '.') && statement.Touches(end))) return end;
            end++;
        }
    }

    /// <summary>
    /// pgJDBC's <c>information_schema._pg_expandarray(a)</c> (a set of (x, n) pairs: element and position)
    /// in a select list: <c>(..._pg_expandarray(a)).n</c> becomes the position, <c>.x</c> and the bare call
    /// the element, over the same json_each join as <c>unnest</c>. Returns the token after what was
    /// replaced, or 0.
    /// </summary>
    private static int ExpandArray(ClientStatement statement, SqlEdits edits, int qualifier, int depth, ref (string Array, int Depth)? unnest)
    {
        int first = qualifier + 4;
        int end = DottedNameEnd(statement, first);
        if (end == 0 || !statement.IsPunctuation(end, ')')) return 0;
        int close = end;
        bool field = qualifier > 0 && statement.IsPunctuation(qualifier - 1, '(') && statement.IsPunctuation(close + 1, ')')
            && statement.IsPunctuation(close + 2, '.') && (statement.IsWord(close + 3, "n") || statement.IsWord(close + 3, "x"));
        if (!IsInSelectList(statement, field ? qualifier - 1 : qualifier)) return 0;
        // The field form's '(' already opened a group in the walk: the select's own level is one out.
        if (!JoinArrayElements(statement, edits, first, end, field ? close + 3 : close, field ? depth - 1 : depth, ref unnest)) return 0;
        if (!field)
        {
            edits.Replace(qualifier, close + 1, $"{UnnestName}.value");
            return close + 1;
        }

        // The '(' before the call stays; the ')' . n after it is replaced here (the caller closes its group).
        edits.Replace(close + 1, close + 4, statement.IsWord(close + 3, "n") ? $"{UnnestName}.key + 1)" : $"{UnnestName}.value)");
        edits.Replace(qualifier, close + 1, string.Empty);
        return close + 4;
    }

    // ( a . b ) . x
    private static bool IsCompositeFieldX(ClientStatement statement, int open) =>
        open + 6 < statement.Tokens.Length
        && statement.Tokens[open + 1].Kind == SqlTokenKind.Word && statement.IsPunctuation(open + 2, '.')
        && statement.Tokens[open + 3].Kind == SqlTokenKind.Word && statement.IsPunctuation(open + 4, ')')
        && statement.IsPunctuation(open + 5, '.') && statement.IsWord(open + 6, "x");

    // trim( BOTH|LEADING|TRAILING 'chars' FROM: the SQLite function that trims that side.
    private static (string Function, int Unused)? TrimSpecification(ClientStatement statement, int open)
    {
        if (!(open + 3 < statement.Tokens.Length && statement.Tokens[open + 2].Kind == SqlTokenKind.String && statement.IsWord(open + 3, "FROM"))) return null;
        if (statement.IsWord(open + 1, "BOTH")) return ("trim", 0);
        if (statement.IsWord(open + 1, "LEADING")) return ("ltrim", 0);
        if (statement.IsWord(open + 1, "TRAILING")) return ("rtrim", 0);
        return null;
    }

    // 't' / 'f' (or 'true', 'false') compared with a catalog bool column (ix.indisprimary = 'f'): 1 or 0,
    // what the catalog stores. Null for any other literal.
    private static string? BooleanLiteralCompared(ClientStatement statement, int i)
    {
        if (i < 2 || statement.Tokens[i - 1].Kind != SqlTokenKind.Operator) return null;
        var op = statement.TextOf(i - 1);
        if (op is not ("=" or "<>" or "!=")) return null;
        if (statement.Tokens[i - 2].Kind != SqlTokenKind.Word || !TenantDb.Engine.PgCatalog.PgCatalogBooleanColumns.Contains(statement.TextOf(i - 2))) return null;
        var literal = statement.TextOf(i);
        return literal switch
        {
            "'t'" or "'true'" or "'y'" or "'yes'" or "'on'" or "'1'" => "1",
            "'f'" or "'false'" or "'n'" or "'no'" or "'off'" or "'0'" => "0",
            _ => null,
        };
    }

    // True when the nearest SELECT or FROM before token i at its own level is a SELECT.
    private static bool IsInSelectList(ClientStatement statement, int i)
    {
        int level = 0;
        for (int j = i - 1; j >= 0 && j >= i - MaxFromScan; j--)
        {
            if (statement.IsPunctuation(j, ')')) level++;
            else if (statement.IsPunctuation(j, '('))
            {
                if (level == 0) return false;
                level--;
            }
            else if (level == 0 && statement.IsWord(j, "FROM")) return false;
            else if (level == 0 && statement.IsWord(j, "SELECT")) return true;
        }

        return false;
    }

    // The token that ends the FROM list of the select the walk is in (WHERE, GROUP, ..., the closing
    // parenthesis or the end), or -1 when that select has no FROM. Looks at most MaxFromScan tokens ahead.
    private static int EndOfFromList(ClientStatement statement, int start)
    {
        var tokens = statement.Tokens;
        int level = 0;
        bool inFrom = false;
        int limit = Math.Min(tokens.Length, start + MaxFromScan);
        for (int i = start; i < limit; i++)
        {
            if (statement.IsPunctuation(i, '(')) { level++; continue; }
            if (statement.IsPunctuation(i, ')'))
            {
                if (level == 0) return inFrom ? i : -1;
                level--;
                continue;
            }

            if (level != 0) continue;
            if (statement.IsPunctuation(i, ';')) return inFrom ? i : -1;
            if (!inFrom)
            {
                if (statement.IsWord(i, "FROM")) inFrom = true;
                else if (statement.IsWord(i, "UNION") || statement.IsWord(i, "EXCEPT") || statement.IsWord(i, "INTERSECT")) return -1;
                continue;
            }

            foreach (var keyword in FromListEnds)
            {
                if (statement.IsWord(i, keyword)) return i;
            }
        }

        return inFrom && limit == tokens.Length ? tokens.Length : -1;
    }

    private static readonly string[] FromListEnds = ["WHERE", "GROUP", "HAVING", "WINDOW", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "FETCH", "FOR"];

    // ) [WITH ORDINALITY] [AS] alias [(relid, depth)]: the value and ordinality become named columns.
    private static void CloseAncestors(ClientStatement statement, SqlEdits edits, int close)
    {
        int at = close + 1;
        bool ordinality = statement.IsWord(at, "WITH") && statement.IsWord(at + 1, "ORDINALITY");
        if (ordinality)
        {
            edits.Replace(at, at + 2, "");
            at += 2;
        }

        if (statement.IsWord(at, "AS")) at++;
        string value = "pg_partition_ancestors", position = "ordinality";
        if (at < statement.Tokens.Length && statement.Tokens[at].Kind == SqlTokenKind.Word && statement.IsPunctuation(at + 1, '('))
        {
            int first = at + 2;
            int end = first;
            while (end < statement.Tokens.Length && !statement.IsPunctuation(end, ')')) end++;
            if (first < end) value = statement.TextOf(first).ToString();
            if (first + 2 < end) position = statement.TextOf(first + 2).ToString();
            if (end < statement.Tokens.Length) edits.Replace(at + 1, end + 1, "");
        }

        edits.Replace(close, close + 1, ordinality ? $" AS {value}, 1 AS {position})" : $" AS {value})");
    }

    // Skips a cast's type name ([schema.]name, a second word, a modifier, [] suffixes) without allocating.
    private static int SkipTypeName(ClientStatement statement, int i, ref bool usesCatalog)
    {
        if (IsQualifiedPrefix(statement, i, "pg_catalog")) i += 2;
        if (i >= statement.Tokens.Length) return i;
        usesCatalog |= statement.Tokens[i].Kind == SqlTokenKind.Word && statement.TextOf(i).StartsWith("reg", StringComparison.OrdinalIgnoreCase);
        i++;
        if (statement.IsWord(i, "precision") || statement.IsWord(i, "varying")) i++;
        if (statement.IsPunctuation(i, '(') && statement.Touches(i))
        {
            for (int j = i + 1; j < statement.Tokens.Length && j < i + 16; j++)
            {
                if (statement.IsPunctuation(j, ')'))
                {
                    i = j + 1;
                    break;
                }
            }
        }

        while (statement.IsPunctuation(i, '[') && statement.IsPunctuation(i + 1, ']')) i += 2;
        return i;
    }

    // word . X, touching: a schema-qualified name.
    private static bool IsQualified(ClientStatement statement, int i, string schema) =>
        IsQualifiedPrefix(statement, i, schema)
        && i + 2 < statement.Tokens.Length
        && statement.Tokens[i + 2].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier;

    private static bool IsQualifiedPrefix(ClientStatement statement, int i, string schema) =>
        statement.IsWord(i, schema) && statement.IsPunctuation(i + 1, '.') && statement.Touches(i + 1);

    // True when token i ends an operand, so an operator after it is binary and '[' after it is a subscript.
    private static bool EndsOperand(ClientStatement statement, int i)
    {
        var token = statement.Tokens[i];
        return token.Kind switch
        {
            SqlTokenKind.Word => !IsKeyword(statement.TextOf(i)),
            SqlTokenKind.QuotedIdentifier or SqlTokenKind.String or SqlTokenKind.EscapeString or SqlTokenKind.DollarString
                or SqlTokenKind.BitString or SqlTokenKind.Number or SqlTokenKind.Parameter => true,
            SqlTokenKind.Punctuation => statement.Text[token.Start] is ')' or ']',
            _ => false,
        };
    }

    private static bool IsKeyword(ReadOnlySpan<char> word) =>
        word.Equals("SELECT", StringComparison.OrdinalIgnoreCase) || word.Equals("WHERE", StringComparison.OrdinalIgnoreCase)
        || word.Equals("AND", StringComparison.OrdinalIgnoreCase) || word.Equals("OR", StringComparison.OrdinalIgnoreCase)
        || word.Equals("NOT", StringComparison.OrdinalIgnoreCase) || word.Equals("ON", StringComparison.OrdinalIgnoreCase)
        || word.Equals("WHEN", StringComparison.OrdinalIgnoreCase) || word.Equals("THEN", StringComparison.OrdinalIgnoreCase)
        || word.Equals("ELSE", StringComparison.OrdinalIgnoreCase) || word.Equals("CASE", StringComparison.OrdinalIgnoreCase)
        || word.Equals("RETURNING", StringComparison.OrdinalIgnoreCase) || word.Equals("HAVING", StringComparison.OrdinalIgnoreCase)
        || word.Equals("BY", StringComparison.OrdinalIgnoreCase) || word.Equals("IN", StringComparison.OrdinalIgnoreCase);

    // The SQLite spelling of a PostgreSQL pattern operator; null when the operator needs none.
    // '(?i)' glued to the pattern makes ~* case-insensitive: || binds tighter than REGEXP in SQLite.
    private static string? OperatorReplacement(ReadOnlySpan<char> op) => op switch
    {
        "~" => "REGEXP",
        "!~" => "NOT REGEXP",
        "~*" => "REGEXP '(?i)' ||",
        "!~*" => "NOT REGEXP '(?i)' ||",
        "~~" or "~~*" => "LIKE",
        "!~~" or "!~~*" => "NOT LIKE",
        _ => null,
    };

    // generate_series( right after FROM, JOIN or a comma of a FROM list: a table function call.
    private static bool IsInFromClause(ClientStatement statement, int i)
    {
        int previous = i - 1;
        if (previous >= 0 && statement.IsPunctuation(previous, '.')) previous -= 2; // pg_catalog. already dropped
        return previous >= 0 && (statement.IsWord(previous, "FROM") || statement.IsWord(previous, "JOIN") || statement.IsPunctuation(previous, ','));
    }
}
