using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tests.Procedures;
using TenantDb.Engine.Usage;
using TenantDb.TestKit;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Usage;

/// <summary>Usage figures equal what the test did, survive a restart and are readable by the tenant alone.</summary>
public sealed class UsageAccountingTests : IDisposable
{
    private readonly TempDirectory _directory = TempDirectory.ForDatabases();

    public void Dispose() => _directory.Dispose();

    private TenantDbEngine Open() => TenantDbEngine.Open(_directory.Path, new EngineOptions { UsageFlushInterval = TimeSpan.Zero });

    [Fact]
    public void Figures_equal_the_statements_rows_errors_and_calls_made()
    {
        using TenantDbEngine engine = Open();
        engine.CreateTenant("billed");
        engine.CreateTenant("other");
        using (TenantSession session = engine.OpenSession("billed"))
        {
            Exec(session, "CREATE TABLE t (amount INTEGER)");
            for (int i = 1; i <= 7; i++)
            {
                Exec(session, $"INSERT INTO t VALUES ({i})");
            }

            Exec(session, "UPDATE t SET amount = amount * 10 WHERE amount <= 3");
            for (int i = 0; i < 4; i++)
            {
                using TenantStatement select = session.Prepare("SELECT amount FROM t");
                using TenantReader reader = select.ExecuteReader();
                while (reader.Read())
                {
                }
            }

            Assert.Throws<TenantDbException>(() => Exec(session, "INSERT INTO t VALUES (1, 2)"));

            session.CreateProcedure("sum", [], [new("total", ProcedureType.Int8), new("n", ProcedureType.Int8)], Encoding.UTF8.GetBytes(ProcedureModules.SumAmounts));
            session.CallProcedure("sum", [], NoRows.Instance);
            session.CallProcedure("sum", [], NoRows.Instance);
        }

        TenantUsage usage = engine.GetUsage("billed");
        // CREATE, 7 INSERTs, UPDATE, 4 SELECTs, the failed INSERT (whose prepare already fails, so it
        // never executes and is not a statement run) and each call's query (7 rows each).
        Assert.Equal(1 + 7 + 1 + 4 + 2, usage[UsageFigure.Statements]);
        Assert.Equal(7 + 3, usage[UsageFigure.RowsWritten]);
        Assert.Equal((4 * 7) + (2 * 7), usage[UsageFigure.RowsRead]);
        Assert.Equal(2, usage[UsageFigure.Calls]);
        Assert.True(usage[UsageFigure.Fuel] > 0);
        Assert.Equal(0, usage[UsageFigure.Fuel] % 2);
        Assert.True(usage[UsageFigure.CpuMicroseconds] > 0);
        Assert.True(usage.StorageBytes > 0);

        TenantUsage other = engine.GetUsage("other");
        Assert.All(other.Figures, f => Assert.Equal(0, f));
    }

    [Fact]
    public void Failed_statements_and_calls_count_as_errors()
    {
        using TenantDbEngine engine = Open();
        engine.CreateTenant("t");
        using TenantSession session = engine.OpenSession("t");
        Exec(session, "CREATE TABLE u (v INTEGER UNIQUE)");
        Exec(session, "INSERT INTO u VALUES (1)");
        Assert.Throws<TenantDbException>(() => Exec(session, "INSERT INTO u VALUES (1)"));
        session.CreateProcedure("boom", [], [], Encoding.UTF8.GetBytes($$"""
            (module {{ProcedureModules.Imports}} (memory (export "memory") 1) (func (export "run") (result i32) unreachable))
            """));
        Assert.Throws<TenantDbException>(() => session.CallProcedure("boom", [], NoRows.Instance));
        TenantUsage usage = engine.GetUsage("t");
        Assert.Equal(2, usage[UsageFigure.Errors]);
        Assert.Equal(1, usage[UsageFigure.Calls]);
        Assert.Equal(3, usage[UsageFigure.Statements]);
    }

    [Fact]
    public void Usage_survives_a_restart_and_adds_up()
    {
        using (TenantDbEngine engine = Open())
        {
            engine.CreateTenant("kept");
            Exec(engine, "kept", "CREATE TABLE t (v)");
            Exec(engine, "kept", "INSERT INTO t VALUES (1), (2)");
            using TenantSession session = engine.OpenSession("kept");
            session.RecordNetworkBytes(100, 250);
        }

        using (TenantDbEngine engine = Open())
        {
            TenantUsage usage = engine.GetUsage("kept");
            Assert.Equal(2, usage[UsageFigure.Statements]);
            Assert.Equal(2, usage[UsageFigure.RowsWritten]);
            Assert.Equal(100, usage[UsageFigure.BytesIn]);
            Assert.Equal(250, usage[UsageFigure.BytesOut]);
            Exec(engine, "kept", "INSERT INTO t VALUES (3)");
            engine.FlushUsage();
        }

        using (TenantDbEngine engine = Open())
        {
            Assert.Equal(3, engine.GetUsage("kept")[UsageFigure.Statements]);
            Assert.Equal(3, engine.GetUsage("kept")[UsageFigure.RowsWritten]);
            engine.DropTenant("kept");
            engine.CreateTenant("kept");
            Assert.Equal(0, engine.GetUsage("kept")[UsageFigure.Statements]);
        }
    }

    [Fact]
    public void The_usage_view_shows_the_tenant_its_own_figures_only()
    {
        using TenantDbEngine engine = Open();
        engine.CreateTenant("a");
        engine.CreateTenant("b");
        Exec(engine, "a", "CREATE TABLE t (v)");
        Exec(engine, "a", "INSERT INTO t VALUES (1), (2), (3)");
        Assert.Equal(3, Scalar(engine, "a", "SELECT rows_written FROM tenantdb_usage"));
        Assert.Equal(3, Scalar(engine, "a", "SELECT statements FROM tenantdb_usage")); // CREATE, INSERT, the first read of the view
        Assert.Equal(0, Scalar(engine, "b", "SELECT rows_written FROM tenantdb_usage"));
        Assert.True(Scalar(engine, "a", "SELECT storage_bytes FROM tenantdb_usage") > 0);

        using TenantSession b = engine.OpenSession("b");
        foreach (string sql in (string[])["DROP VIEW tenantdb_usage", "CREATE TABLE tenantdb_usage (rows_written)", "CREATE TEMP VIEW tenantdb_usage AS SELECT 0 AS rows_written", "CREATE TABLE x (v); ALTER TABLE x RENAME TO tenantdb_usage"])
        {
            var denied = Assert.Throws<TenantDbException>(() =>
            {
                foreach (string one in sql.Split("; "))
                {
                    Exec(b, one);
                }
            });
            Assert.Equal(TenantDbErrorKind.Denied, denied.Kind);
        }

        Assert.Equal(0, Scalar(b, "SELECT rows_written FROM tenantdb_usage"));
    }

    [Fact]
    public void The_in_memory_engine_accounts_usage()
    {
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("m");
        Exec(engine, "m", "CREATE TABLE t (v)");
        Exec(engine, "m", "INSERT INTO t VALUES (1)");
        TenantUsage usage = engine.GetUsage("m");
        Assert.Equal(1, usage[UsageFigure.RowsWritten]);
        Assert.True(usage.StorageBytes > 0);
        engine.FlushUsage();
        Assert.Equal(1, engine.GetUsage("m")[UsageFigure.RowsWritten]);
    }
}
