using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>psql (Debian's postgresql-client, unchanged) uploading and calling a procedure from a script.</summary>
public sealed class ProcedurePsqlTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    [SkippableFact]
    public void Psql_uploads_a_wat_procedure_and_calls_it()
    {
        var psql = ExternalTool.Psql.Require();
        var tenant = server.NewTenant("psqlproc");
        using var scriptDirectory = new TempDirectory("tenantdb-proc-");
        var script = scriptDirectory.File("script.sql");
        File.WriteAllText(script, $$"""
            CREATE TABLE items(name TEXT, qty INTEGER);
            INSERT INTO items VALUES ('bolt', 3), ('nut', 4), ('gear', 5);
            CREATE PROCEDURE total_qty() RETURNS TABLE(total int8, n int8) AS $wat$
            (module
              {{ProcedureImports.Query}}
              {{ProcedureImports.Read}}
              {{ProcedureImports.Emit}}
              (memory (export "memory") 1)
              (data (i32.const 0) "SELECT qty FROM items")
              (func (export "run") (result i32)
                (local $ch i32) (local $n i32) (local $p i32) (local $end i32) (local $sum i64) (local $cnt i64)
                (local.set $ch (call $query (i32.const 0) (i32.const 21) (i32.const 0) (i32.const 0)))
                (block $done
                  (loop $batch
                    (local.set $n (call $read (local.get $ch) (i32.const 1024) (i32.const 4096)))
                    (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
                    (local.set $p (i32.const 1024))
                    (local.set $end (i32.add (i32.const 1024) (local.get $n)))
                    (block $rows
                      (loop $row
                        (br_if $rows (i32.ge_u (local.get $p) (local.get $end)))
                        (local.set $sum (i64.add (local.get $sum) (i64.load (i32.add (local.get $p) (i32.const 7)))))
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
            $wat$;
            CALL total_qty();
            SELECT name, parameters, columns FROM tenantdb_procedures;
            DROP PROCEDURE total_qty;
            """);
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-f", script], server.ClientEnvironment(tenant));
        Assert.True(code == 0, $"psql failed ({code}): {stderr}\n{stdout}");
        Assert.Contains("CREATE PROCEDURE", stdout, StringComparison.Ordinal);
        Assert.Contains("total|n\n12|3\n(1 row)", stdout, StringComparison.Ordinal);
        Assert.Contains("name|parameters|columns\ntotal_qty||total int8, n int8\n(1 row)", stdout, StringComparison.Ordinal);
        Assert.Contains("DROP PROCEDURE", stdout, StringComparison.Ordinal);
    }
}
