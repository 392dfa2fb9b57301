using TenantDb.Engine.SqlText;

namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// A column default as PostgreSQL prints it (<c>pg_get_expr</c>, <c>information_schema.columns</c>): a
/// string constant carries its column's type, <c>'x'::character varying</c>, because PostgreSQL stores the
/// default already coerced and prints the constant with its type. Numbers and booleans print bare, as
/// there; any other expression is shown as written.
/// </summary>
internal static class PgDefaultText
{
    public static string Show(string defaultSql, uint typeOid)
    {
        if (!IsOneStringConstant(defaultSql) || typeOid is PgBuiltinTypes.Int2 or PgBuiltinTypes.Int4 or PgBuiltinTypes.Int8
            or PgBuiltinTypes.Float4 or PgBuiltinTypes.Float8 or PgBuiltinTypes.Numeric or PgBuiltinTypes.Bool || !PgBuiltinTypes.ByOid.ContainsKey(typeOid))
        {
            return defaultSql;
        }

        // format_type's name, except that a constant of type character prints as bpchar.
        string type = typeOid == PgBuiltinTypes.Bpchar ? "bpchar" : PgDeclaredType.Format(typeOid, -1);
        return defaultSql.Trim() + "::" + type;
    }

    private static bool IsOneStringConstant(string sql)
    {
        var lexer = new SqlLexer(sql, 0, sqliteQuoting: true);
        var first = lexer.Next();
        return first.Kind == SqlTokenKind.String && sql[first.Start] == '\'' && lexer.Next().Kind == SqlTokenKind.End;
    }
}
