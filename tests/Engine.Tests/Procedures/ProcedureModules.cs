using TenantDb.TestKit;

namespace TenantDb.Engine.Tests.Procedures;

/// <summary>Small hand-written procedures in WAT, each exercising one part of the ABI.</summary>
internal static class ProcedureModules
{
    public const string Imports = $"""
        {ProcedureImports.Read}
        {ProcedureImports.Query}
        {ProcedureImports.Exec}
        {ProcedureImports.Emit}
        {ProcedureImports.Fail}
        """;

    /// <summary>Echoes its argument row back as its only result row: every type round-trips.</summary>
    public const string Echo = $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (local $n i32)
            (local.set $n (call $read (i32.const 0) (i32.const 0) (i32.const 65536)))
            (drop (call $emit (i32.const 0) (local.get $n)))
            (i32.const 0)))
        """;

    /// <summary>Sums the integer column <c>amount</c> of table <c>t</c>, returning (total int8, n int8).</summary>
    public static readonly string SumAmounts = SumQuery("SELECT amount FROM t", forwardArguments: false, readCapacity: 4096);

    /// <summary>
    /// A procedure returning (total int8, n int8) over the first column of <paramref name="sql"/>:
    /// the sum of its integer values and the number of rows. With <paramref name="forwardArguments"/>
    /// its own argument row is passed on as the query's parameter row. Rows are read in batches of
    /// at most <paramref name="readCapacity"/> bytes.
    /// </summary>
    public static string SumQuery(string sql, bool forwardArguments, int readCapacity) => $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "{{sql}}")
          (func (export "run") (result i32)
            (local $args i32) (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $sum i64) (local $cnt i64)
            {{(forwardArguments ? "(local.set $args (call $read (i32.const 0) (i32.const 128) (i32.const 256)))" : "")}}
            (local.set $ch (call $query (i32.const 0) (i32.const {{sql.Length}}) (i32.const 128) (local.get $args)))
            (if (i32.lt_s (local.get $ch) (i32.const 0)) (then (return (i32.const 1))))
            (block $done
              (loop $batch
                (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const {{readCapacity}})))
                (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                (local.set $p (i32.const 1024))
                (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                (block $rows_done
                  (loop $row
                    (br_if $rows_done (i32.ge_u (local.get $p) (local.get $end)))
                    (if (i32.eq (i32.load8_u (i32.add (local.get $p) (i32.const 6))) (i32.const 1))
                      (then (local.set $sum (i64.add (local.get $sum) (i64.load (i32.add (local.get $p) (i32.const 7)))))))
                    (local.set $cnt (i64.add (local.get $cnt) (i64.const 1)))
                    (local.set $p (i32.add (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 4))))
                    (br $row)))
                (br $batch)))
            (i32.store (i32.const 512) (i32.const 20))
            (i32.store16 (i32.const 516) (i32.const 2))
            (i32.store8 (i32.const 518) (i32.const 1))
            (i64.store (i32.const 519) (local.get $sum))
            (i32.store8 (i32.const 527) (i32.const 1))
            (i64.store (i32.const 528) (local.get $cnt))
            (drop (call $emit (i32.const 512) (i32.const 24)))
            (i32.const 0)))
        """;

    /// <summary>Inserts a row into <c>t</c>, then ends according to its int8 argument: 0 ok, 1 trap, 2 fail, 3 loop forever, 4 bad pointer.</summary>
    public const string WriteThen = $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          (data (i32.const 0) "INSERT INTO t(amount) VALUES (1000)")
          (data (i32.const 64) "insufficient funds")
          (func (export "run") (result i32)
            (local $mode i64)
            (drop (call $read (i32.const 0) (i32.const 128) (i32.const 1024)))
            (local.set $mode (i64.load (i32.const 135)))
            (drop (call $exec (i32.const 0) (i32.const 35) (i32.const 0) (i32.const 0)))
            (if (i64.eq (local.get $mode) (i64.const 1)) (then unreachable))
            (if (i64.eq (local.get $mode) (i64.const 2))
              (then (drop (call $fail (i32.const 64) (i32.const 18))) (return (i32.const 1))))
            (if (i64.eq (local.get $mode) (i64.const 3)) (then (loop $forever (br $forever))))
            (if (i64.eq (local.get $mode) (i64.const 4))
              (then (drop (call $emit (i32.const 65530) (i32.const 100)))))
            (i32.const 0)))
        """;

    /// <summary>Returns what memory.grow answers for a request of its int8 argument in pages.</summary>
    public const string Grow = $$"""
        (module
          {{Imports}}
          (memory (export "memory") 1)
          (func (export "run") (result i32)
            (drop (call $read (i32.const 0) (i32.const 128) (i32.const 1024)))
            (i32.store (i32.const 0) (i32.const 11))
            (i32.store16 (i32.const 4) (i32.const 1))
            (i32.store8 (i32.const 6) (i32.const 1))
            (i64.store (i32.const 7) (i64.extend_i32_s (memory.grow (i32.wrap_i64 (i64.load (i32.const 135))))))
            (drop (call $emit (i32.const 0) (i32.const 15)))
            (i32.const 0)))
        """;

    /// <summary>Reads table <c>secret</c>; used to show a procedure sees only its own tenant.</summary>
    public const string ReadSecret = $$"""
        (module
          {{Imports}}
          {{ProcedureImports.Error}}
          (memory (export "memory") 1)
          (data (i32.const 0) "SELECT v FROM secret")
          (func (export "run") (result i32)
            (local $ch i32)
            (local.set $ch (call $query (i32.const 0) (i32.const 20) (i32.const 0) (i32.const 0)))
            (if (i32.lt_s (local.get $ch) (i32.const 0))
              (then
                (drop (call $fail (i32.const 1024) (call $error (i32.const 1024) (i32.const 512))))
                (return (i32.const 1))))
            (i32.const 0)))
        """;
}
