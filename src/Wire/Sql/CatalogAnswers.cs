using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Answers the handful of catalog queries common clients send, which SQLite cannot run: the bare
/// functions (version(), current_database(), ...) and Npgsql's type-loading batch (pg_type,
/// composite attributes, enum labels), for which it reports the built-in types TenantDb understands.
/// Matching is on the statement's tokens (no regular expression, no substring search), so its cost
/// is linear in the statement's length whatever a tenant sends.
/// </summary>
internal static class CatalogAnswers
{
    /// <summary>True when <paramref name="statement"/> is one of the queries answered here.</summary>
    public static bool Matches(ClientStatement statement)
    {
        // Cheap pre-checks first: this runs for every SELECT.
        var next = statement.WordAt(1);
        var candidate = (next.Length > 0 && (FunctionNameLookup.Contains(next) || StatementClassifier.Is(next, "pg_catalog")))
            || MentionsCatalogTable(statement);
        return candidate && Answer(statement, null) is not null;
    }

    private static readonly HashSet<string> FunctionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "version", "current_database", "current_catalog", "current_schema", "current_user", "session_user", "user", "pg_backend_pid", "pg_advisory_unlock_all",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FunctionNameLookup = FunctionNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The synthetic result for the statement text, or null when it is not a catalog query.</summary>
    public static SyntheticResult? Answer(string statement, SessionContext? session)
    {
        var parsed = ClientStatement.Read(statement, 0);
        var rest = parsed.End < statement.Length ? SqlScanner.SkipTrivia(statement, parsed.End + 1) : parsed.End;
        return rest >= statement.Length ? Answer(parsed, session) : null;
    }

    /// <summary>The synthetic result for <paramref name="statement"/>, or null when it is not a catalog query.</summary>
    public static SyntheticResult? Answer(ClientStatement statement, SessionContext? session)
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
        if (!MentionsCatalogTable(statement)) return null;
        // Npgsql's type-loading queries, recognised by the catalog tables and columns they name.
        if (Selects(statement, "pg_type") && HasWord(statement, "typtype") && HasWord(statement, "elemtypoid"))
            return TypeList();
        if (HasWord(statement, "pg_attribute") && HasWord(statement, "atttypid"))
            return new SyntheticResult(["oid", "attname", "atttypid"], [PgTypeOid.Oid, PgTypeOid.Name, PgTypeOid.Oid], []);
        if (Selects(statement, "pg_enum"))
            return new SyntheticResult(["oid", "enumlabel"], [PgTypeOid.Oid, PgTypeOid.Name], []);
        return null;
    }

    // True when some identifier of the statement starts with "pg_".
    private static bool MentionsCatalogTable(ClientStatement statement)
    {
        for (var i = 0; i < statement.Tokens.Length; i++)
        {
            if (statement.WordAt(i).StartsWith("pg_", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static bool HasWord(ClientStatement statement, string word)
    {
        for (var i = 0; i < statement.Tokens.Length; i++)
        {
            if (statement.IsWord(i, word)) return true;
        }
        return false;
    }

    // FROM table or FROM pg_catalog.table somewhere in the statement.
    private static bool Selects(ClientStatement statement, string table)
    {
        for (var i = 1; i < statement.Tokens.Length; i++)
        {
            if (!statement.IsWord(i, table)) continue;
            if (statement.IsWord(i - 1, "FROM")) return true;
            if (i >= 3 && statement.IsPunctuation(i - 1, '.') && statement.IsWord(i - 2, "pg_catalog") && statement.IsWord(i - 3, "FROM")) return true;
        }
        return false;
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
    /// Matches <c>SELECT [pg_catalog.]fn [()] [AS alias]</c> (comments and whitespace anywhere between
    /// tokens, none inside <c>pg_catalog.fn</c>); <paramref name="alias"/> defaults to the name.
    /// </summary>
    private static bool TryMatchBareFunction(ClientStatement s, out string name, out string alias)
    {
        name = alias = "";
        if (!s.IsWord(0, "SELECT")) return false;
        var i = 1;
        if (s.IsWord(i, "pg_catalog"))
        {
            if (!s.IsPunctuation(i + 1, '.') || !s.Touches(i + 1) || !s.Touches(i + 2)) return false;
            i += 2;
        }
        var word = s.WordAt(i++);
        if (word.IsEmpty || !FunctionNameLookup.Contains(word)) return false;
        name = word.ToString().ToLowerInvariant();
        alias = name;
        if (s.IsPunctuation(i, '('))
        {
            if (!s.IsPunctuation(i + 1, ')')) return false;
            i += 2;
        }
        if (s.IsWord(i, "AS"))
        {
            var aliasWord = s.WordAt(i + 1);
            if (aliasWord.IsEmpty) return false;
            alias = aliasWord.ToString();
            i += 2;
        }
        return i == s.Tokens.Length;
    }
}
