using System.Globalization;
using System.Text;

namespace TenantDb.TestKit;

/// <summary>
/// Builds a procedure (WAT text) that runs one query and emits every row it returns unchanged: a row
/// read from a query channel and an emitted row share one encoding (an int32 length, then the row),
/// so the procedure copies nothing. It returns 1 when the query cannot be opened, else 0. The map
/// procedure of the map-reduce tests, and a reduce procedure when the query aggregates.
/// </summary>
public static class EmitQueryWat
{
    public static string Build(string query)
    {
        byte[] sql = Encoding.UTF8.GetBytes(query);
        var escaped = new StringBuilder(sql.Length * 3);
        // Every byte as a WAT string escape, so any SQL text (quotes, backslashes, UTF-8) is carried unchanged.
        foreach (byte b in sql) escaped.Append('\\').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return $$"""
            (module
              {{ProcedureImports.Read}}
              {{ProcedureImports.Query}}
              {{ProcedureImports.Emit}}
              (memory (export "memory") 2)
              (data (i32.const 0) "{{escaped}}")
              (func (export "run") (result i32)
                (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $len i32)
                (local.set $ch (call $query (i32.const 0) (i32.const {{sql.Length}}) (i32.const 0) (i32.const 0)))
                (if (i32.lt_s (local.get $ch) (i32.const 0)) (then (return (i32.const 1))))
                (block $done
                  (loop $batch
                    (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const 60000)))
                    (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                    (local.set $p (i32.const 1024))
                    (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                    (block $rows_done
                      (loop $row
                        (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
                        (local.set $len (i32.add (i32.load (local.get $p)) (i32.const 4)))
                        (drop (call $emit (local.get $p) (local.get $len)))
                        (local.set $p (i32.add (local.get $p) (local.get $len)))
                        (br $row)))
                    (br $batch)))
                (i32.const 0)))
            """;
    }
}
