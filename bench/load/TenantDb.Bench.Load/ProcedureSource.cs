using System.Globalization;
using System.Text;

namespace TenantDb.Bench.Load;

/// <summary>
/// Builds small stored procedures as WAT (docs/abi.md): the call's argument row is passed unchanged as
/// the parameter row of each statement, so every statement refers to the arguments as ?1, ?2, ...
/// </summary>
internal static class ProcedureSource
{
    private const int ArgumentsAt = 8192;
    private const int ResultAt = 16384;

    /// <summary>
    /// A procedure that runs <paramref name="statements"/> in order with the call's arguments and then,
    /// when <paramref name="resultQuery"/> is set, emits the first row of that query (same parameters).
    /// A failing statement makes run return non-zero, which rolls the whole call back.
    /// </summary>
    public static string Wat(IReadOnlyList<string> statements, string? resultQuery = null)
    {
        var data = new StringBuilder();
        var body = new StringBuilder();
        int at = 0;
        for (int i = 0; i < statements.Count; i++)
        {
            int length = Append(data, at, statements[i]);
            body.Append(CultureInfo.InvariantCulture,
                $"    (if (i64.lt_s (call $exec (i32.const {at}) (i32.const {length}) (i32.const {ArgumentsAt}) (local.get $n)) (i64.const 0)) (then (return (i32.const {i + 1}))))\n");
            at += length + 8;
        }
        if (resultQuery is not null)
        {
            int length = Append(data, at, resultQuery);
            body.Append(CultureInfo.InvariantCulture, $$"""
                    (local.set $channel (call $query (i32.const {{at}}) (i32.const {{length}}) (i32.const {{ArgumentsAt}}) (local.get $n)))
                    (if (i32.lt_s (local.get $channel) (i32.const 0)) (then (return (i32.const 100))))
                    (local.set $row (call $read (local.get $channel) (i32.const {{ResultAt}}) (i32.const 4096)))
                    (if (i32.gt_s (local.get $row) (i32.const 0)) (then (drop (call $emit (i32.const {{ResultAt}}) (local.get $row)))))

                """);
        }
        if (at >= ArgumentsAt) throw new ArgumentException("statements too long for the procedure's data area");
        return $$"""
            (module
              (import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))
              (import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))
              (import "tenantdb" "exec" (func $exec (param i32 i32 i32 i32) (result i64)))
              (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
              (memory (export "memory") 1)
            {{data}}  (func (export "run") (result i32)
                (local $n i32) (local $channel i32) (local $row i32)
                (local.set $n (call $read (i32.const 0) (i32.const {{ArgumentsAt}}) (i32.const 4096)))
            {{body}}    (i32.const 0)))
            """;
    }

    /// <summary>The text as a SQL string literal (for CREATE PROCEDURE ... AS '...').</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static int Append(StringBuilder data, int at, string sql)
    {
        if (sql.Contains('"', StringComparison.Ordinal) || sql.Contains('\\', StringComparison.Ordinal))
            throw new ArgumentException("statement text must not need escaping in WAT: " + sql);
        data.Append(CultureInfo.InvariantCulture, $"  (data (i32.const {at}) \"{sql}\")\n");
        return Encoding.UTF8.GetByteCount(sql);
    }
}
