using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Answers the handful of catalog queries common clients send, which SQLite cannot run: the bare
/// functions (version(), current_database(), ...) and Npgsql's type-loading batch (pg_type,
/// composite attributes, enum labels), for which it reports the built-in types TenantDb understands.
/// Matching is token by token over the statement (no regular expression), so its cost is linear in
/// the statement's length whatever a tenant sends.
/// </summary>
internal static class CatalogAnswers
{
    /// <summary>True when <c>sql[start..end)</c> is one of the queries answered here.</summary>
    public static bool Matches(string sql, int start, int end)
    {
        // Cheap pre-checks first: this runs for every SELECT.
        var span = sql.AsSpan(start, end - start);
        var i = start;
        SqlScanner.ReadWord(sql, ref i);
        var next = SqlScanner.ReadWord(sql, ref i);
        if (next.Equals("pg_catalog", StringComparison.OrdinalIgnoreCase)) next = "version";
        var candidate = next.Length > 0 && FunctionNameLookup.Contains(next)
            || span.Contains("pg_", StringComparison.OrdinalIgnoreCase);
        return candidate && Answer(sql.Substring(start, end - start), null) is not null;
    }

    private static readonly HashSet<string> FunctionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "version", "current_database", "current_catalog", "current_schema", "current_user", "session_user", "user", "pg_backend_pid", "pg_advisory_unlock_all",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FunctionNameLookup = FunctionNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The synthetic result for the statement, or null when it is not a catalog query.</summary>
    public static SyntheticResult? Answer(string statement, SessionContext? session)
    {
        if (TryMatchBareFunction(statement, out var name, out var alias))
        {
            string? value = name switch
            {
                "version" => ServerParameters.VersionString,
                "current_database" or "current_catalog" => session?.Tenant,
                "current_schema" => "public",
                "current_user" or "session_user" or "user" => session?.User,
                "pg_backend_pid" => session?.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "pg_advisory_unlock_all" => "",
                _ => null,
            };
            return name switch
            {
                "pg_backend_pid" => new SyntheticResult([alias], [PgTypeOid.Int4], [[value]]),
                "pg_advisory_unlock_all" => new SyntheticResult([alias], [PgTypeOid.Void], [[value]]),
                _ => SyntheticResult.Single(alias, value),
            };
        }
        if (!statement.Contains("pg_", StringComparison.OrdinalIgnoreCase)) return null;
        if (statement.Contains("FROM pg_type", StringComparison.OrdinalIgnoreCase) && statement.Contains("typtype", StringComparison.OrdinalIgnoreCase)
            && statement.Contains("elemtypoid", StringComparison.OrdinalIgnoreCase))
            return TypeList();
        if (statement.Contains("pg_attribute", StringComparison.OrdinalIgnoreCase) && statement.Contains("atttypid", StringComparison.OrdinalIgnoreCase))
            return new SyntheticResult(["oid", "attname", "atttypid"], [PgTypeOid.Oid, PgTypeOid.Name, PgTypeOid.Oid], []);
        if (statement.Contains("FROM pg_enum", StringComparison.OrdinalIgnoreCase))
            return new SyntheticResult(["oid", "enumlabel"], [PgTypeOid.Oid, PgTypeOid.Name], []);
        return null;
    }

    private static SyntheticResult TypeList()
    {
        (uint Oid, string Name, char Kind)[] types =
        [
            (PgTypeOid.Bool, "bool", 'b'), (PgTypeOid.Bytea, "bytea", 'b'), (PgTypeOid.Char, "char", 'b'),
            (PgTypeOid.Name, "name", 'b'), (PgTypeOid.Int8, "int8", 'b'), (PgTypeOid.Int2, "int2", 'b'),
            (PgTypeOid.Int4, "int4", 'b'), (PgTypeOid.Text, "text", 'b'), (PgTypeOid.Oid, "oid", 'b'),
            (PgTypeOid.Json, "json", 'b'), (PgTypeOid.Xml, "xml", 'b'), (PgTypeOid.Float4, "float4", 'b'),
            (PgTypeOid.Float8, "float8", 'b'), (PgTypeOid.Unknown, "unknown", 'b'), (PgTypeOid.Money, "money", 'b'),
            (PgTypeOid.Bpchar, "bpchar", 'b'), (PgTypeOid.Varchar, "varchar", 'b'), (PgTypeOid.Date, "date", 'b'),
            (PgTypeOid.Time, "time", 'b'), (PgTypeOid.Timestamp, "timestamp", 'b'), (PgTypeOid.TimestampTz, "timestamptz", 'b'),
            (PgTypeOid.Interval, "interval", 'b'), (PgTypeOid.TimeTz, "timetz", 'b'), (PgTypeOid.Numeric, "numeric", 'b'),
            (PgTypeOid.Uuid, "uuid", 'b'), (PgTypeOid.Jsonb, "jsonb", 'b'),
            (PgTypeOid.Record, "record", 'p'), (PgTypeOid.Void, "void", 'p'),
        ];
        var rows = new List<string?[]>(types.Length);
        foreach (var t in types)
            rows.Add(["pg_catalog", t.Oid.ToString(System.Globalization.CultureInfo.InvariantCulture), t.Name, t.Kind.ToString(), "f", null]);
        return new SyntheticResult(
            ["nspname", "oid", "typname", "typtype", "typnotnull", "elemtypoid"],
            [PgTypeOid.Name, PgTypeOid.Oid, PgTypeOid.Name, PgTypeOid.Char, PgTypeOid.Bool, PgTypeOid.Oid],
            rows);
    }

    /// <summary>
    /// Matches <c>SELECT [pg_catalog.]fn [()] [AS alias] [;]</c> (comments and whitespace anywhere
    /// between tokens, none inside <c>pg_catalog.fn</c>); <paramref name="alias"/> defaults to the name.
    /// </summary>
    private static bool TryMatchBareFunction(string s, out string name, out string alias)
    {
        name = alias = "";
        var i = 0;
        if (!StatementClassifier.Is(SqlScanner.ReadWord(s, ref i), "SELECT")) return false;
        var word = SqlScanner.ReadWord(s, ref i);
        if (StatementClassifier.Is(word, "pg_catalog"))
        {
            if (i >= s.Length || s[i] != '.' || i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1])) return false;
            i++;
            word = SqlScanner.ReadWord(s, ref i);
        }
        if (word.IsEmpty || !FunctionNameLookup.Contains(word)) return false;
        name = word.ToString().ToLowerInvariant();
        alias = name;
        var j = SqlScanner.SkipTrivia(s, i);
        if (j < s.Length && s[j] == '(')
        {
            j = SqlScanner.SkipTrivia(s, j + 1);
            if (j >= s.Length || s[j] != ')') return false;
            i = j + 1;
        }
        var k = i;
        if (StatementClassifier.Is(SqlScanner.ReadWord(s, ref k), "AS"))
        {
            var aliasWord = SqlScanner.ReadWord(s, ref k);
            if (aliasWord.IsEmpty) return false;
            alias = aliasWord.ToString();
            i = k;
        }
        j = SqlScanner.SkipTrivia(s, i);
        if (j < s.Length && s[j] == ';') j = SqlScanner.SkipTrivia(s, j + 1);
        return j == s.Length;
    }
}
