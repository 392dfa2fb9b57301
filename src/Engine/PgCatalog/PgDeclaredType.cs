using System.Globalization;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The PostgreSQL type a column's declared type names: <c>varchar(20)</c> is character varying with
/// typmod 24, <c>numeric(10,2)</c> numeric with typmod 655366, <c>serial</c> integer. Names PostgreSQL
/// does not know fall back to SQLite's affinity rules (INT → bigint, CHAR/CLOB/TEXT → text, BLOB →
/// bytea, REAL/FLOA/DOUB → double precision, anything else numeric); no type at all is text.
/// </summary>
public readonly record struct PgDeclaredType(uint TypeOid, int TypeModifier)
{
    /// <summary>The declared type the catalog's relations give PostgreSQL's one-byte <c>"char"</c> columns.</summary>
    public const string CatalogCharName = "pg_char";

    /// <summary>No type known (OID 0): an expression whose values alone would tell.</summary>
    public static PgDeclaredType Unspecified => new(0, -1);

    /// <summary>
    /// numeric shown with <paramref name="scale"/> decimals but announced with no type modifier: what PostgreSQL's sum, min
    /// and max of a <c>numeric(p,s)</c> column give (function results have no modifier; their values keep scale s).
    /// Precision 0, which no declared numeric has, marks it.
    /// </summary>
    public static PgDeclaredType NumericOfScale(int scale) => new(PgBuiltinTypes.Numeric, scale + 4);

    /// <summary>The decimals a numeric type shows (its scale), or -1 when it has none.</summary>
    public int NumericScale => TypeOid == PgBuiltinTypes.Numeric && TypeModifier >= 4 ? (TypeModifier - 4) & 0xFFFF : -1;

    /// <summary>The type modifier clients are told (RowDescription): none for <see cref="NumericOfScale"/>'s.</summary>
    public int AnnouncedTypeModifier => AnnouncedModifier(TypeOid, TypeModifier);

    /// <summary>As <see cref="AnnouncedTypeModifier"/> for a type and modifier given apart.</summary>
    public static int AnnouncedModifier(uint typeOid, int typeModifier) =>
        typeOid == PgBuiltinTypes.Numeric && typeModifier is >= 4 and < 0x10000 ? -1 : typeModifier;

    /// <summary>Resolves a declared type as SQLite reports it (PRAGMA table_xinfo's <c>type</c>).</summary>
    public static PgDeclaredType Resolve(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared)) return new(PgBuiltinTypes.Text, -1);
        var text = declared.Trim();
        bool isArray = text.EndsWith("[]", StringComparison.Ordinal);
        if (isArray) text = text[..^2].TrimEnd();

        int open = text.IndexOf('(', StringComparison.Ordinal);
        string name = (open < 0 ? text : text[..open]).Trim().ToLowerInvariant();
        name = string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        int[] modifiers = open < 0 ? [] : ParseModifiers(text[(open + 1)..]);

        var resolved = ByName(name, modifiers);
        if (isArray && PgBuiltinTypes.ByOid.TryGetValue(resolved.TypeOid, out var element) && element.ArrayOid != 0)
        {
            return new(element.ArrayOid, resolved.TypeModifier);
        }

        return resolved;
    }

    private static PgDeclaredType ByName(string name, int[] modifiers)
    {
        switch (name)
        {
            case "int" or "integer" or "int4" or "serial" or "serial4" or "mediumint":
                return new(PgBuiltinTypes.Int4, -1);
            case "smallint" or "int2" or "smallserial" or "serial2" or "tinyint":
                return new(PgBuiltinTypes.Int2, -1);
            case "bigint" or "int8" or "bigserial" or "serial8":
                return new(PgBuiltinTypes.Int8, -1);
            case "real" or "float4":
                return new(PgBuiltinTypes.Float4, -1);
            case "double precision" or "float8" or "double" or "float":
                return new(PgBuiltinTypes.Float8, -1);
            // "numeric text" is how a numeric column wider than a double is declared to SQLite: text storage, exact.
            case "numeric" or "decimal" or "numeric text":
                return new(PgBuiltinTypes.Numeric, modifiers.Length switch
                {
                    1 => (modifiers[0] << 16) + 4,
                    2 => (modifiers[0] << 16) + (modifiers[1] & 0xFFFF) + 4,
                    _ => -1,
                });
            case "bool" or "boolean":
                return new(PgBuiltinTypes.Bool, -1);
            case "text" or "clob" or "string":
                return new(PgBuiltinTypes.Text, -1);
            case "varchar" or "character varying" or "nvarchar" or "varying character":
                return new(PgBuiltinTypes.Varchar, modifiers.Length == 1 ? modifiers[0] + 4 : -1);
            case "char" or "character" or "bpchar" or "nchar":
                return new(PgBuiltinTypes.Bpchar, modifiers.Length == 1 ? modifiers[0] + 4 : 5);
            case "bytea" or "blob":
                return new(PgBuiltinTypes.Bytea, -1);
            case "date":
                return new(PgBuiltinTypes.Date, -1);
            case "time" or "time without time zone":
                return new(PgBuiltinTypes.Time, -1);
            case "timetz" or "time with time zone":
                return new(PgBuiltinTypes.TimeTz, -1);
            case "timestamp" or "timestamp without time zone" or "datetime":
                return new(PgBuiltinTypes.Timestamp, -1);
            case "timestamptz" or "timestamp with time zone":
                return new(PgBuiltinTypes.TimestampTz, -1);
            case "interval":
                return new(PgBuiltinTypes.Interval, -1);
            case "uuid":
                return new(PgBuiltinTypes.Uuid, -1);
            case "json":
                return new(PgBuiltinTypes.Json, -1);
            case "jsonb":
                return new(PgBuiltinTypes.Jsonb, -1);
            case "oid":
                return new(PgBuiltinTypes.Oid, -1);
            case "name":
                return new(PgBuiltinTypes.Name, -1);
        }

        // The catalog's own column types (int2vector, _int2, pg_node_tree, regproc, "char", ...) by typname.
        if (name is CatalogCharName or "\"char\"") return new(PgBuiltinTypes.Char, -1);
        if (PgBuiltinTypes.ByName.TryGetValue(name, out var builtin) && builtin.Category is not ('P' or 'X')) return new(builtin.Oid, -1);

        // SQLite's column affinity rules, in SQLite's order.
        var upper = name.ToUpperInvariant();
        if (upper.Contains("INT", StringComparison.Ordinal)) return new(PgBuiltinTypes.Int8, -1);
        if (upper.Contains("CHAR", StringComparison.Ordinal) || upper.Contains("CLOB", StringComparison.Ordinal) || upper.Contains("TEXT", StringComparison.Ordinal))
            return new(PgBuiltinTypes.Text, -1);
        if (upper.Contains("BLOB", StringComparison.Ordinal)) return new(PgBuiltinTypes.Bytea, -1);
        if (upper.Contains("REAL", StringComparison.Ordinal) || upper.Contains("FLOA", StringComparison.Ordinal) || upper.Contains("DOUB", StringComparison.Ordinal))
            return new(PgBuiltinTypes.Float8, -1);
        return new(PgBuiltinTypes.Numeric, -1);
    }

    /// <summary>True for the pseudo-types that imply a sequence default (<c>serial</c>, <c>bigserial</c>, ...).</summary>
    public static bool IsSerial(string? declared)
    {
        if (declared is null) return false;
        var name = declared.Trim().ToLowerInvariant();
        return name is "serial" or "serial4" or "bigserial" or "serial8" or "smallserial" or "serial2";
    }

    private static int[] ParseModifiers(string text)
    {
        int close = text.IndexOf(')', StringComparison.Ordinal);
        if (close >= 0) text = text[..close];
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new int[Math.Min(parts.Length, 2)];
        for (int i = 0; i < values.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || values[i] > 10_485_760)
            {
                return [];
            }
        }

        return values;
    }

    /// <summary>PostgreSQL's format_type(type, typmod): <c>character varying(20)</c>, <c>numeric(10,2)</c>.</summary>
    public static string Format(uint typeOid, int typeModifier)
    {
        if (!PgBuiltinTypes.ByOid.TryGetValue(typeOid, out var type)) return "???";
        bool isArray = type.Category == 'A' && type.ElementOid != 0 && type.Name.StartsWith('_');
        var baseType = isArray && PgBuiltinTypes.ByOid.TryGetValue(type.ElementOid, out var element) ? element : type;
        string name = baseType.SqlName;
        if (typeModifier >= 0)
        {
            string modifier = baseType.Oid switch
            {
                PgBuiltinTypes.Varchar or PgBuiltinTypes.Bpchar when typeModifier >= 4 => $"({typeModifier - 4})",
                PgBuiltinTypes.Numeric when typeModifier >= 4 => $"({(typeModifier - 4) >> 16},{(typeModifier - 4) & 0xFFFF})",
                _ => string.Empty,
            };
            name += modifier;
        }

        return isArray ? name + "[]" : name;
    }
}
