using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The PostgreSQL functions catalog queries and clients call, registered as SQLite functions on a
/// tenant connection: the <c>pg_get_*def</c> family, visibility and privilege tests, <c>format_type</c>,
/// the session functions (<c>current_user()</c>, <c>version()</c>...), array helpers over PostgreSQL array
/// literals, and <c>regexp</c> for the <c>~</c> operators. Lookups read the session's
/// <see cref="PgSessionCatalog"/> snapshot, never the database, so they cannot run tenant code.
/// </summary>
internal static class PgCatalogFunctions
{
    /// <summary>The longest regular expression the <c>~</c> operators accept.</summary>
    public const int MaxPatternLength = 1000;

    public static void Register(SqliteConnection connection, PgSessionCatalog catalog)
    {
        // Session functions.
        connection.CreateFunction("version", () => PgSessionInfo.ServerVersionString);
        connection.CreateFunction("current_database", () => catalog.Tenant);
        connection.CreateFunction("current_catalog", () => catalog.Tenant);
        connection.CreateFunction("current_schema", () => "public");
        connection.CreateFunction("current_schemas", (object? _) => "{pg_catalog,public}");
        connection.CreateFunction("current_user", () => catalog.Session.User);
        connection.CreateFunction("session_user", () => catalog.Session.User);
        connection.CreateFunction("pg_backend_pid", () => (long)catalog.Session.ProcessId);
        connection.CreateFunction("current_setting", (string name) => CurrentSetting(catalog, name, missingOk: false));
        connection.CreateFunction("current_setting", (string name, object? missingOk) => CurrentSetting(catalog, name, IsTrue(missingOk)));
        connection.CreateFunction("pg_encoding_to_char", (object? _) => "UTF8");
        connection.CreateFunction("pg_postmaster_start_time", () => catalog.StartedAt);
        connection.CreateFunction("pg_advisory_unlock_all", () => (string?)null);

        // Catalog lookups.
        connection.CreateFunction("pg_get_userbyid", (object? oid) => catalog.Model.Roles.TryGetValue(ToOid(oid), out var name) ? name : $"unknown (OID={ToOid(oid)})");
        connection.CreateFunction("pg_table_is_visible", (object? oid) => oid is null ? (long?)null : catalog.Model.Relations.ContainsKey(ToOid(oid)) ? 1 : 0);
        connection.CreateFunction("pg_type_is_visible", (object? oid) => oid is null ? (long?)null : PgBuiltinTypes.ByOid.ContainsKey(ToOid(oid)) ? 1 : 0);
        connection.CreateFunction("pg_function_is_visible", (object? oid) => oid is null ? (long?)null : catalog.Model.Procedures.ContainsKey(ToOid(oid)) ? 1 : 0);
        connection.CreateFunction("format_type", (object? oid, object? typmod) => oid is null ? null : PgDeclaredType.Format(ToOid(oid), typmod is null ? -1 : (int)ToLong(typmod)));
        // A default's text may have come back from SQLite as a number (pg_node_tree has numeric affinity).
        connection.CreateFunction("pg_get_expr", (object? expression, object? _) => expression is null ? null : Convert.ToString(expression, CultureInfo.InvariantCulture));
        connection.CreateFunction("pg_get_expr", (object? expression, object? _, object? _) => expression is null ? null : Convert.ToString(expression, CultureInfo.InvariantCulture));
        connection.CreateFunction("pg_get_indexdef", (object? oid) => IndexDefinition(catalog.Model, ToOid(oid), 0));
        connection.CreateFunction("pg_get_indexdef", (object? oid, object? column, object? _) => IndexDefinition(catalog.Model, ToOid(oid), (int)ToLong(column)));
        connection.CreateFunction("pg_get_constraintdef", (object? oid) => catalog.Model.Constraints.TryGetValue(ToOid(oid), out var c) ? c.Definition() : null);
        connection.CreateFunction("pg_get_constraintdef", (object? oid, object? _) => catalog.Model.Constraints.TryGetValue(ToOid(oid), out var c) ? c.Definition() : null);
        connection.CreateFunction("pg_get_triggerdef", (object? oid) => TriggerDefinition(catalog.Model, ToOid(oid)));
        connection.CreateFunction("pg_get_triggerdef", (object? oid, object? _) => TriggerDefinition(catalog.Model, ToOid(oid)));
        connection.CreateFunction("pg_get_viewdef", (object? view) => ViewDefinition(catalog.Model, view));
        connection.CreateFunction("pg_get_viewdef", (object? view, object? _) => ViewDefinition(catalog.Model, view));
        connection.CreateFunction("pg_get_function_arguments", (object? oid) => FunctionArguments(catalog.Model, ToOid(oid)));
        connection.CreateFunction("pg_get_function_identity_arguments", (object? oid) => FunctionArguments(catalog.Model, ToOid(oid)));
        connection.CreateFunction("pg_get_function_result", (object? oid) => FunctionResult(catalog.Model, ToOid(oid)));
        connection.CreateFunction("pg_get_statisticsobjdef_columns", (object? _) => (string?)null);
        connection.CreateFunction("pg_relation_is_publishable", (object? _) => 0L);
        connection.CreateFunction("pg_partition_ancestors", (object? oid) => (long)ToOid(oid));
        connection.CreateFunction("obj_description", (object? _) => (string?)null);
        connection.CreateFunction("obj_description", (object? _, object? _) => (string?)null);
        connection.CreateFunction("col_description", (object? _, object? _) => (string?)null);
        connection.CreateFunction("shobj_description", (object? _, object? _) => (string?)null);
        connection.CreateFunction("pg_table_size", (object? _) => (long?)null);
        connection.CreateFunction("pg_relation_size", (object? _) => (long?)null);
        connection.CreateFunction("pg_total_relation_size", (object? _) => (long?)null);
        connection.CreateFunction("pg_size_pretty", (object? size) => size is null ? null : SizePretty(ToLong(size)));
        connection.CreateFunction("pg_get_serial_sequence", (object? table, object? column) => SerialSequence(catalog.Model, table as string, column as string));
        connection.CreateFunction("to_regclass", (object? name) => name is string s && catalog.Model.RelationsByName.TryGetValue(UnquoteName(s), out var oid) ? (long?)oid : null);
        connection.CreateFunction("tenantdb_regclass_oid", (object? value) => RegclassOid(catalog.Model, value));
        connection.CreateFunction("tenantdb_regclass_name", (object? value) => RegclassName(catalog.Model, value));
        connection.CreateFunction("tenantdb_regtype_oid", (object? value) => RegtypeOid(value));
        connection.CreateFunction("tenantdb_regtype_name", (object? value) => value is null ? null : PgBuiltinTypes.ByOid.TryGetValue(ToOid(value), out var t) ? PgDeclaredType.Format(t.Oid, -1) : ToOid(value).ToString(CultureInfo.InvariantCulture));
        connection.CreateFunction("tenantdb_regnamespace_name", (object? value) => value is null ? null : NamespaceName(ToOid(value)));
        connection.CreateFunction("tenantdb_regrole_name", (object? value) => value is null ? null : catalog.Model.Roles.GetValueOrDefault(ToOid(value)) ?? ToOid(value).ToString(CultureInfo.InvariantCulture));
        connection.CreateFunction("tenantdb_regproc_name", (object? value) => value is null ? null : value is string s ? s : catalog.Model.Procedures.TryGetValue(ToOid(value), out var p) ? p.Name : "-");

        // Privileges: a tenant's user may do everything with the tenant's own objects.
        foreach (var name in new[] { "has_table_privilege", "has_schema_privilege", "has_database_privilege", "has_function_privilege", "has_sequence_privilege", "has_any_column_privilege", "pg_has_role" })
        {
            connection.CreateFunction(name, (object? _, object? _) => 1L);
            connection.CreateFunction(name, (object? _, object? _, object? _) => 1L);
        }

        connection.CreateFunction("has_column_privilege", (object? _, object? _, object? _) => 1L);
        connection.CreateFunction("has_column_privilege", (object? _, object? _, object? _, object? _) => 1L);

        // Strings and arrays (arrays are PostgreSQL array literals in text).
        connection.CreateFunction("quote_ident", (string? name) => name is null ? null : PgIdentifier.Quote(name));
        connection.CreateFunction("array_to_string", (string? array, string? separator) => ArrayToString(array, separator, null));
        connection.CreateFunction("array_to_string", (string? array, string? separator, string? nullText) => ArrayToString(array, separator, nullText));
        connection.CreateFunction("array_length", (string? array, object? _) => array is null ? null : PgArrayLiteral.Parse(array) is { Count: > 0 } items ? items.Count : (long?)null);
        connection.CreateFunction("array_upper", (string? array, object? _) => array is null ? null : PgArrayLiteral.Parse(array) is { Count: > 0 } items ? items.Count : (long?)null);
        connection.CreateFunction("array_lower", (string? array, object? _) => array is null ? null : PgArrayLiteral.Parse(array) is { Count: > 0 } ? 1L : (long?)null);
        connection.CreateFunction("tenantdb_array_get", (string? array, object? index) => ArrayElement(array, index));
        connection.CreateFunction("tenantdb_array_contains", (string? array, object? value) => ArrayContains(array, value));
        connection.CreateFunction("tenantdb_array_json", (string? array) => array is null ? null : ArrayJson(array));
        connection.CreateFunction("tenantdb_array", (object?[] items) => ArrayLiteral(items));
        // The seed is shared by every group, so the accumulator must be immutable.
        connection.CreateAggregate("tenantdb_array_agg", System.Collections.Immutable.ImmutableList<object?>.Empty, (System.Collections.Immutable.ImmutableList<object?> items, object? item) => items.Add(item), items => ArrayLiteral([.. items]));

        // The ~ operators: NonBacktracking keeps matching linear in the input whatever the pattern.
        var cache = new Dictionary<(string, bool), Regex>();
        connection.CreateFunction("regexp", (string? pattern, string? value) => Match(cache, pattern, value, ignoreCase: false));
        connection.CreateFunction("tenantdb_regexp_i", (string? pattern, string? value) => Match(cache, pattern, value, ignoreCase: true));
    }

    private static string? CurrentSetting(PgSessionCatalog catalog, string name, bool missingOk)
    {
        var value = catalog.Session.Setting(name) ?? PgSettingDefaults.Find(name);
        if (value is null && !missingOk)
        {
            throw new SqliteException($"unrecognized configuration parameter \"{name}\"", 1);
        }

        return value;
    }

    private static bool IsTrue(object? value) => value switch
    {
        long l => l != 0,
        string s => s is "t" or "true" or "on" or "1",
        _ => false,
    };

    /// <summary>An OID from whatever SQLite passes: an integer, or text of digits.</summary>
    public static uint ToOid(object? value) => value switch
    {
        long l when l is >= 0 and <= uint.MaxValue => (uint)l,
        double d when d is >= 0 and <= uint.MaxValue => (uint)d,
        string s when uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var oid) => oid,
        _ => 0,
    };

    private static long ToLong(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => 0,
    };

    private static string? IndexDefinition(PgSchemaModel model, uint oid, int column)
    {
        foreach (var index in model.Indexes)
        {
            if (index.Relation.Oid != oid) continue;
            if (column > 0)
            {
                return column <= index.Keys.Count ? PgConstraint.ColumnList(index.Table, [index.Keys[column - 1]]) : string.Empty;
            }

            var keys = new StringBuilder();
            for (int i = 0; i < index.Keys.Count; i++)
            {
                if (i > 0) keys.Append(", ");
                keys.Append(PgConstraint.ColumnList(index.Table, [index.Keys[i]]));
                if (index.Descending[i]) keys.Append(" DESC");
            }

            return $"CREATE {(index.Unique ? "UNIQUE " : string.Empty)}INDEX {PgIdentifier.Quote(index.Relation.Name)} ON public.{PgIdentifier.Quote(index.Table.Name)} USING btree ({keys})";
        }

        return null;
    }

    // pg_get_serial_sequence('t', 'id'): the sequence a serial column owns, schema-qualified; null for any other column.
    private static string? SerialSequence(PgSchemaModel model, string? table, string? column)
    {
        if (table is null || column is null) return null;
        var relation = model.FindRelation(UnquoteName(table));
        if (relation is null) throw new SqliteException($"relation \"{table}\" does not exist", 1);
        foreach (var c in relation.Columns)
        {
            if (string.Equals(c.Name, column, StringComparison.OrdinalIgnoreCase)) return c.Sequence is null || !c.OwnsSequence ? null : "public." + PgIdentifier.Quote(c.Sequence.Name);
        }

        throw new SqliteException($"column \"{column}\" does not exist", 1);
    }

    private static string? TriggerDefinition(PgSchemaModel model, uint oid)
    {
        foreach (var trigger in model.Triggers)
        {
            if (trigger.Oid == oid) return trigger.Sql;
        }

        return null;
    }

    private static string? ViewDefinition(PgSchemaModel model, object? view)
    {
        PgRelation? relation = view is string s && !uint.TryParse(s, out _) ? model.FindRelation(UnquoteName(s)) : model.Relations.GetValueOrDefault(ToOid(view));
        return relation is { Kind: 'v' } ? PgCatalogRows.ViewDefinition(relation.Sql) : null;
    }

    // Stored procedures are procedures (prokind 'p'), whose arguments PostgreSQL prints with their mode: "IN a text".
    private static string? FunctionArguments(PgSchemaModel model, uint oid) =>
        model.Procedures.TryGetValue(oid, out var p) ? string.Join(", ", p.Parameters.Select(a => $"IN {a.Name} {PgDeclaredType.Format(a.Type, -1)}")) : null;

    private static string? FunctionResult(PgSchemaModel model, uint oid) =>
        !model.Procedures.TryGetValue(oid, out var p) ? null
        : p.Columns.Count == 0 ? null
        : $"TABLE({string.Join(", ", p.Columns.Select(c => $"{c.Name} {PgDeclaredType.Format(c.Type, -1)}"))})";

    private static long? RegclassOid(PgSchemaModel model, object? value) => value switch
    {
        null => null,
        long or double => (long)ToOid(value),
        string s when uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var oid) => oid,
        string s when model.RelationsByName.TryGetValue(UnquoteName(s), out var oid) => oid,
        string s when PgObjectId.SystemRelations.TryGetValue(SystemName(s), out var oid) => oid,
        string s => throw new SqliteException($"relation \"{s}\" does not exist", 1),
        _ => null,
    };

    private static string? RegclassName(PgSchemaModel model, object? value) => value switch
    {
        null => null,
        string s when !uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _) => s,
        _ => model.Relations.TryGetValue(ToOid(value), out var r) ? PgIdentifier.Quote(r.Name) : SystemRelationName(ToOid(value)) ?? ToOid(value).ToString(CultureInfo.InvariantCulture),
    };

    private static string SystemName(string name)
    {
        name = name.Trim();
        return name.StartsWith("pg_catalog.", StringComparison.OrdinalIgnoreCase) ? name[11..] : name;
    }

    private static string? SystemRelationName(uint oid)
    {
        foreach (var (name, known) in PgObjectId.SystemRelations)
        {
            if (known == oid) return name;
        }

        return null;
    }

    private static long? RegtypeOid(object? value)
    {
        if (value is null) return null;
        if (value is string s && !uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            foreach (var type in PgBuiltinTypes.All)
            {
                if (string.Equals(type.Name, s, StringComparison.OrdinalIgnoreCase) || string.Equals(type.SqlName, s, StringComparison.OrdinalIgnoreCase)) return type.Oid;
            }

            // Spellings PostgreSQL accepts that are neither a typname nor format_type's name.
            string name = s.Trim().ToLowerInvariant();
            int open = name.IndexOf('(', StringComparison.Ordinal);
            if (open > 0) name = name[..open].TrimEnd();
            if (name.StartsWith("pg_catalog.", StringComparison.Ordinal)) name = name[11..];
            if (PgBuiltinTypes.ByName.TryGetValue(name, out var byName)) return byName.Oid;
            if (name is "int" or "decimal" or "float" or "timestamp" or "time" or "timestamptz" or "timetz" or "varchar" or "char" or "bool")
            {
                return PgDeclaredType.Resolve(name).TypeOid;
            }

            throw new SqliteException($"type \"{s}\" does not exist", 1);
        }

        return ToOid(value);
    }

    private static string NamespaceName(uint oid) => oid switch
    {
        PgObjectId.PgCatalogNamespace => "pg_catalog",
        PgObjectId.PublicNamespace => "public",
        PgObjectId.InformationSchemaNamespace => "information_schema",
        _ => oid.ToString(CultureInfo.InvariantCulture),
    };

    private static string UnquoteName(string name)
    {
        name = name.Trim();
        if (name.StartsWith("public.", StringComparison.OrdinalIgnoreCase)) name = name[7..];
        return name.Length >= 2 && name[0] == '"' && name[^1] == '"' ? name[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : name;
    }

    private static string SizePretty(long bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 10 * 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return $"{Math.Round(value).ToString(CultureInfo.InvariantCulture)} {units[unit]}";
    }

    private static string? ArrayToString(string? array, string? separator, string? nullText)
    {
        if (array is null || separator is null) return null;
        var parts = new List<string>();
        foreach (var item in PgArrayLiteral.Parse(array))
        {
            if (item is not null) parts.Add(item);
            else if (nullText is not null) parts.Add(nullText);
        }

        return string.Join(separator, parts);
    }

    private static string? ArrayElement(string? array, object? index)
    {
        if (array is null || index is null) return null;
        var items = PgArrayLiteral.Parse(array);
        // int2vector and oidvector ("1 2", no braces) are subscripted from 0, arrays from 1.
        long i = ToLong(index) + (array.StartsWith('{') ? 0 : 1);
        return i >= 1 && i <= items.Count ? items[(int)i - 1] : null;
    }

    private static long? ArrayContains(string? array, object? value)
    {
        if (array is null || value is null) return null;
        string text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        foreach (var item in PgArrayLiteral.Parse(array))
        {
            if (item == text) return 1;
        }

        return 0;
    }

    /// <summary>A PostgreSQL array literal as a JSON array, for <c>json_each</c>: integers as numbers, the rest as strings.</summary>
    private static string ArrayJson(string array)
    {
        // Array parameters and array columns are already JSON (see PgParameterDecoder); json_each checks them.
        if (array.AsSpan().TrimStart().StartsWith("[")) return array;
        var json = new StringBuilder("[");
        foreach (var item in PgArrayLiteral.Parse(array))
        {
            if (json.Length > 1) json.Append(',');
            if (item is null) json.Append("null");
            else if (long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) json.Append(number.ToString(CultureInfo.InvariantCulture));
            else json.Append(System.Text.Json.JsonSerializer.Serialize(item));
        }

        return json.Append(']').ToString();
    }

    /// <summary>The PostgreSQL array literal of <paramref name="items"/>: <c>{1,"a b",NULL}</c>.</summary>
    private static string ArrayLiteral(object?[] items)
    {
        var text = new StringBuilder("{");
        foreach (var item in items)
        {
            if (text.Length > 1) text.Append(',');
            string? value = item switch
            {
                null or DBNull => null,
                byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
                _ => Convert.ToString(item, CultureInfo.InvariantCulture),
            };
            if (value is null) { text.Append("NULL"); continue; }
            bool plain = value.Length > 0 && !value.Equals("NULL", StringComparison.OrdinalIgnoreCase);
            foreach (char c in value) plain &= !(c is '"' or '\\' or ',' or '{' or '}' || char.IsWhiteSpace(c));
            if (plain) { text.Append(value); continue; }
            text.Append('"');
            foreach (char c in value)
            {
                if (c is '"' or '\\') text.Append('\\');
                text.Append(c);
            }

            text.Append('"');
        }

        return text.Append('}').ToString();
    }

    private static long? Match(Dictionary<(string, bool), Regex> cache, string? pattern, string? value, bool ignoreCase)
    {
        if (pattern is null || value is null) return null;
        if (pattern.Length > MaxPatternLength)
        {
            throw new SqliteException($"regular expression is longer than {MaxPatternLength} characters", 1);
        }

        if (!cache.TryGetValue((pattern, ignoreCase), out var regex))
        {
            try
            {
                regex = new Regex(TenantDb.Engine.Sql.PgRegexSyntax.ToDotNet(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
            }
            catch (ArgumentException e)
            {
                throw new SqliteException($"invalid regular expression: {e.Message}", 1);
            }
            catch (NotSupportedException e)
            {
                throw new SqliteException($"invalid regular expression: {e.Message}", 1);
            }

            if (cache.Count >= 64) cache.Clear();
            cache[(pattern, ignoreCase)] = regex;
        }

        return regex.IsMatch(value) ? 1 : 0;
    }
}
