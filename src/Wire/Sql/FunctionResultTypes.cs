using TenantDb.Engine.PgCatalog;
using TenantDb.Wire.Types;

namespace TenantDb.Wire.Sql;

/// <summary>
/// Result types of the functions applications call, as PostgreSQL's pg_proc gives them: <c>count</c> is
/// bigint, <c>sum</c> of an integer bigint and of a bigint numeric, <c>avg</c> of an integer numeric,
/// <c>min</c>/<c>max</c> their argument's type, <c>now()</c> timestamptz, <c>length</c> integer.
/// </summary>
internal static class FunctionResultTypes
{
    /// <summary>The result type of <paramref name="name"/> (lower case) called with <paramref name="arguments"/>.</summary>
    public static PgDeclaredType For(string name, ExpressionTyper.ArgumentList arguments)
    {
        switch (name)
        {
            case "count" or "row_number" or "rank" or "dense_rank" or "ntile" or "nextval" or "currval" or "setval" or "lastval"
                or "txid_current" or "changes" or "total_changes" or "last_insert_rowid" or "pg_relation_size" or "pg_total_relation_size" or "pg_table_size":
                return Known(PgTypeOid.Int8);
            case "sum" when arguments.TypeOf(0).NumericScale is >= 0 and var scale:
                return PgDeclaredType.NumericOfScale(scale);
            case "sum":
            {
                var argument = arguments.TypeOf(0).TypeOid;
                return Known(argument switch
                {
                    PgTypeOid.Int2 or PgTypeOid.Int4 => PgTypeOid.Int8,
                    PgTypeOid.Float4 or PgTypeOid.Float8 or PgTypeOid.Interval => argument,
                    _ => PgTypeOid.Numeric,
                });
            }
            case "avg":
            {
                var argument = arguments.TypeOf(0).TypeOid;
                return Known(argument switch
                {
                    PgTypeOid.Float4 or PgTypeOid.Float8 => PgTypeOid.Float8,
                    PgTypeOid.Interval => PgTypeOid.Interval,
                    _ => PgTypeOid.Numeric,
                });
            }
            case "total" or "random" or "date_part" or "pi" or "sqrt" or "cbrt" or "exp" or "ln" or "log" or "log10" or "power" or "pow"
                or "degrees" or "radians" or "sin" or "cos" or "tan" or "asin" or "acos" or "atan" or "atan2" or "stddev" or "stddev_samp"
                or "stddev_pop" or "variance" or "var_samp" or "var_pop" or "percent_rank" or "cume_dist":
                return Known(PgTypeOid.Float8);
            case "extract":
                return Known(PgTypeOid.Numeric);
            // Values of a numeric(p,s) keep their scale through these, but a function's result has no type modifier.
            case "min" or "max" or "abs" or "first_value" or "last_value" or "nth_value" or "any_value" or "mode"
                when arguments.TypeOf(0).NumericScale is >= 0 and var scale:
                return PgDeclaredType.NumericOfScale(scale);
            // lag/lead's third argument is the default shown where there is no row.
            case "lag" or "lead" when arguments.TypeOf(0).NumericScale is >= 0 and var scale:
                return ExpressionTyper.Alternative(PgDeclaredType.NumericOfScale(scale), arguments.TypeOf(2));
            case "ceil" or "ceiling" or "floor" or "sign" when arguments.TypeOf(0).TypeOid == PgTypeOid.Numeric:
                return Known(PgTypeOid.Numeric);
            case "min" or "max" or "abs" or "ceil" or "ceiling" or "floor" or "sign" or "lag" or "lead" or "first_value" or "last_value"
                or "nth_value" or "any_value" or "mode":
                return arguments.TypeOf(0);
            case "round" or "trunc":
            {
                // A numeric rounded to n places (0 when not given) shows n decimals; a double stays a double.
                var argument = arguments.TypeOf(0);
                bool places = arguments.TypeOf(1).TypeOid != 0;
                if (!places && argument.TypeOid is PgTypeOid.Float4 or PgTypeOid.Float8) return argument;
                if (argument.TypeOid is not (PgTypeOid.Numeric or PgTypeOid.Int2 or PgTypeOid.Int4 or PgTypeOid.Int8)) return places ? Known(PgTypeOid.Numeric) : argument;
                long? n = places ? arguments.IntegerLiteral(1) : 0;
                return n is { } scale ? PgDeclaredType.NumericOfScale((int)Math.Clamp(scale, 0, 15)) : Known(PgTypeOid.Numeric);
            }
            case "mod" or "div" or "gcd" or "lcm":
                return arguments.FirstKnown();
            case "coalesce" or "nullif" or "greatest" or "least" or "ifnull":
                return arguments.FirstKnown();
            case "length" or "char_length" or "character_length" or "octet_length" or "bit_length" or "strpos" or "position" or "instr"
                or "ascii" or "array_length" or "cardinality" or "json_array_length" or "jsonb_array_length" or "array_ndims" or "pg_backend_pid":
                return Known(PgTypeOid.Int4);
            case "lower" or "upper" or "trim" or "ltrim" or "rtrim" or "btrim" or "substr" or "substring" or "replace" or "concat" or "concat_ws"
                or "left" or "right" or "lpad" or "rpad" or "repeat" or "reverse" or "md5" or "to_char" or "string_agg" or "group_concat"
                or "format" or "initcap" or "quote_ident" or "quote_literal" or "quote_nullable" or "split_part" or "chr" or "translate"
                or "regexp_replace" or "encode" or "to_hex" or "jsonb_typeof" or "json_typeof" or "version" or "format_type" or "pg_get_userbyid"
                or "array_to_string" or "pg_size_pretty" or "hex" or "typeof" or "printf" or "json_extract_path_text" or "jsonb_extract_path_text":
                return Known(PgTypeOid.Text);
            case "now" or "transaction_timestamp" or "statement_timestamp" or "clock_timestamp" or "to_timestamp":
                return Known(PgTypeOid.TimestampTz);
            case "date_trunc":
            {
                var argument = arguments.TypeOf(1).TypeOid;
                return Known(argument is PgTypeOid.TimestampTz or PgTypeOid.Interval ? argument : PgTypeOid.Timestamp);
            }
            case "age" or "justify_days" or "justify_hours" or "justify_interval" or "make_interval":
                return Known(PgTypeOid.Interval);
            case "to_date" or "make_date" or "date":
                return Known(PgTypeOid.Date);
            case "make_timestamp":
                return Known(PgTypeOid.Timestamp);
            case "make_timestamptz":
                return Known(PgTypeOid.TimestampTz);
            case "bool_and" or "bool_or" or "every" or "starts_with" or "isfinite" or "pg_table_is_visible" or "has_table_privilege"
                or "has_schema_privilege" or "pg_type_is_visible" or "pg_function_is_visible":
                return Known(PgTypeOid.Bool);
            case "array_agg":
                return ArrayOrTextArray(ExpressionTyper.ArrayOf(arguments.TypeOf(0)));
            case "string_to_array" or "regexp_split_to_array":
                return ExpressionTyper.ArrayOf(Known(PgTypeOid.Text));
            case "json_agg" or "json_build_object" or "json_build_array" or "to_json" or "row_to_json" or "json_object_agg" or "array_to_json" or "json_object":
                return Known(PgTypeOid.Json);
            case "jsonb_agg" or "jsonb_build_object" or "jsonb_build_array" or "to_jsonb" or "jsonb_object_agg" or "jsonb_set" or "jsonb_strip_nulls" or "jsonb_insert":
                return Known(PgTypeOid.Jsonb);
            case "gen_random_uuid" or "uuid_generate_v4":
                return Known(PgTypeOid.Uuid);
            case "current_database" or "current_schema" or "current_user" or "session_user":
                return Known(PgTypeOid.Name);
            case "generate_series":
                return arguments.TypeOf(0);
            case "decode" or "sha256" or "digest" or "convert_to" or "randomblob" or "zeroblob" or "unhex":
                return Known(PgTypeOid.Bytea);
            default:
                return PgDeclaredType.Unspecified;
        }
    }

    private static PgDeclaredType Known(uint oid) => ExpressionTyper.Known(oid);

    /// <summary>An array whose element type is not known is still an array: text[], which every client reads as a list.</summary>
    internal static PgDeclaredType ArrayOrTextArray(PgDeclaredType array) => array.TypeOid != 0 ? array : PgDeclaredType.Resolve("text[]");
}
