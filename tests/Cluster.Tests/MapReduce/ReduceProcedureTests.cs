using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TenantDb.Cluster.MapReduce;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Procedures.Wasi;
using TenantDb.TestKit;

namespace TenantDb.Cluster.Tests.MapReduce;

/// <summary>
/// A reduce step done by a tenant's stored procedure: read through the engine's operator-only module
/// reader, run over the merged map rows in the scratch database under the reduce limits.
/// </summary>
public sealed class ReduceProcedureTests
{
    private const string SumByDay = "sum_by_day";
    private const string SumQuery = "SELECT day, sum(revenue) AS revenue FROM map GROUP BY day ORDER BY day";

    [SkippableFact]
    public async Task A_reduce_procedure_gives_the_same_rows_as_the_reduce_query()
    {
        SkipWithoutSandbox();
        using var engine = TenantDbEngine.OpenInMemory();
        for (var i = 0; i < 8; i++)
        {
            engine.CreateTenant($"shop_{i}");
            RevenueProcedure.Install(engine, $"shop_{i}", seed: 40 + i, rows: 15 + i * 5, withProcedure: true);
        }
        InstallReduce(engine, "shop_0", SumByDay, EmitQueryWat.Build(SumQuery), RevenueProcedure.Columns);
        var results = await MapAllAsync(engine);

        var (sqlColumns, sqlRows) = MapReduceFold.Reduce(results, SumQuery);
        var (columns, rows) = MapReduceFold.Reduce(results, engine.ReadProcedureModule("shop_0", SumByDay));

        Assert.Equal(sqlColumns, columns);
        Assert.Equal(7, sqlRows.Count); // the days 2026-11-01 to 07 all occur
        Assert.Equal(sqlRows.Select(r => (r[0].Text, r[1].Integer)), rows.Select(r => (r[0].Text, r[1].Integer)));
    }

    // A WASI command that copies stdin to stdout: its rows are whatever its manifest's stdin query
    // gives, so it returns the reduce query's rows only if the manifest came along with the module.
    private const string WasiCat = """
        (module
          (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (local $n i32)
            (loop $copy
              (i32.store (i32.const 0) (i32.const 1024))
              (i32.store (i32.const 4) (i32.const 60000))
              (if (call $read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)) (then unreachable))
              (local.set $n (i32.load (i32.const 16)))
              (if (i32.eqz (local.get $n)) (then return))
              (i32.store (i32.const 4) (local.get $n))
              (if (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)) (then unreachable))
              (br $copy))))
        """;

    [SkippableFact]
    public async Task A_wasi_reduce_procedure_keeps_its_channel_manifest_on_the_way_to_the_coordinator()
    {
        SkipWithoutSandbox();
        using var engine = TenantDbEngine.OpenInMemory();
        for (var i = 0; i < 4; i++)
        {
            engine.CreateTenant($"shop_{i}");
            RevenueProcedure.Install(engine, $"shop_{i}", seed: 70 + i, rows: 20, withProcedure: true);
        }
        var manifest = new WasiManifest(new WasiChannel(null, SumQuery, ChannelFormat.Tsv), ChannelFormat.Tsv, [], Nondeterministic: false);
        using (var session = engine.OpenSession("shop_0"))
        {
            session.CreateProcedure("wasi_sum", [], RevenueProcedure.Columns, Encoding.UTF8.GetBytes(WasiCat), wasi: manifest);
        }
        var results = await MapAllAsync(engine);
        var (_, expected) = MapReduceFold.Reduce(results, SumQuery);

        var read = engine.ReadProcedureModule("shop_0", "wasi_sum");
        Assert.Equal(manifest.ToJson(), read.Wasi?.ToJson());
        // As a single server runs it, and as the tenant's owner sends it to a cluster's coordinator.
        foreach (var module in new[] { read, ReduceModule.From(read).ToProcedureModule() })
        {
            var (columns, rows) = MapReduceFold.Reduce(results, module);
            Assert.Equal(["day", "revenue"], columns);
            Assert.Equal(7, rows.Count);
            Assert.Equal(expected.Select(r => (r[0].Text, r[1].Integer)), rows.Select(r => (r[0].Text, r[1].Integer)));
        }
        // Without its manifest the same module reads an empty stdin: the manifest is what made the rows.
        var (_, bare) = MapReduceFold.Reduce(results, read with { Wasi = null });
        Assert.Empty(bare);
    }

    [Fact]
    public void A_reduce_module_whose_manifest_does_not_parse_is_refused_at_the_coordinator()
    {
        var module = new ReduceModule("shop_0", "wasi_sum", [], [], ["day"], [(int)ProcedureType.Text], [0, 97, 115, 109], """{"Stdin": 1""");
        Assert.Equal(TenantDbErrorKind.Corrupt, Assert.Throws<TenantDbException>(module.ToProcedureModule).Kind);
    }

    [SkippableFact]
    public async Task A_reduce_procedure_that_loops_forever_ends_at_its_fuel_with_54000()
    {
        SkipWithoutSandbox();
        using var engine = OneShop();
        var results = await MapAllAsync(engine);
        InstallReduce(engine, "shop_0", "spin", """
            (module
              (memory (export "memory") 1)
              (func (export "run") (result i32)
                (loop $forever (br $forever))
                (i32.const 0)))
            """, [new("n", ProcedureType.Int8)]);
        var module = engine.ReadProcedureModule("shop_0", "spin");

        var ex = Assert.Throws<TenantDbException>(() => MapReduceFold.Reduce(results, module));
        Assert.Equal(("54000", TenantDbErrorKind.ProcedureLimit), (ex.SqlState, ex.Kind));
        Assert.Contains("fuel", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task A_reduce_procedure_that_emits_forever_ends_at_its_result_bytes_with_54000()
    {
        SkipWithoutSandbox();
        using var engine = OneShop();
        var results = await MapAllAsync(engine);
        // Reads one row of map, then emits it again and again.
        const string query = "SELECT tenant FROM map LIMIT 1";
        InstallReduce(engine, "shop_0", "flood", $$"""
            (module
              (import "tenantdb" "read" (func $read (param i32 i32 i32) (result i32)))
              (import "tenantdb" "query" (func $query (param i32 i32 i32 i32) (result i32)))
              (import "tenantdb" "emit" (func $emit (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "{{query}}")
              (func (export "run") (result i32)
                (local $ch i32)
                (local.set $ch (call $query (i32.const 0) (i32.const {{query.Length}}) (i32.const 0) (i32.const 0)))
                (if (i32.le_s (call $read (local.get $ch) (i32.const 1024) (i32.const 60000)) (i32.const 0)) (then (return (i32.const 1))))
                (loop $forever
                  (drop (call $emit (i32.const 1024) (i32.add (i32.load (i32.const 1024)) (i32.const 4))))
                  (br $forever))
                (i32.const 0)))
            """, [new("tenant", ProcedureType.Text)]);
        var module = engine.ReadProcedureModule("shop_0", "flood");

        var ex = Assert.Throws<TenantDbException>(() => MapReduceFold.Reduce(results, module));
        Assert.Equal(("54000", TenantDbErrorKind.ProcedureLimit), (ex.SqlState, ex.Kind));
    }

    [SkippableFact]
    public async Task A_reduce_module_needing_more_memory_than_the_reduce_limit_is_refused()
    {
        SkipWithoutSandbox();
        using var engine = OneShop();
        var results = await MapAllAsync(engine);
        // Acceptable in its own tenant (the default limit is larger), not as a reduce step.
        var pages = ReduceLimits.Default.MaxMemoryPages + 1;
        InstallReduce(engine, "shop_0", "big", $$"""(module (memory (export "memory") {{pages}}) (func (export "run") (result i32) (i32.const 0)))""",
            [new("n", ProcedureType.Int8)]);
        var module = engine.ReadProcedureModule("shop_0", "big");

        var ex = Assert.Throws<TenantDbException>(() => MapReduceFold.Reduce(results, module));
        Assert.Equal(TenantDbErrorKind.InvalidProcedure, ex.Kind);
        Assert.Contains($"the limit is {ReduceLimits.Default.MaxMemoryPages}", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_reduce_procedure_cannot_attach_another_database_or_see_the_tenants_files()
    {
        SkipWithoutSandbox();
        var directory = Directory.CreateTempSubdirectory("tenantdb-reduce-");
        try
        {
            using var engine = TenantDbEngine.Open(directory.FullName);
            engine.CreateTenant("shop_0");
            RevenueProcedure.Install(engine, "shop_0", seed: 3, rows: 10, withProcedure: true);
            var results = await MapAllAsync(engine);
            var victim = Directory.GetFiles(directory.FullName, "*", SearchOption.AllDirectories).First(f => f.Contains("shop_0", StringComparison.Ordinal));
            // The query fails (the procedure returns 1 when its query is refused), so the reduce fails.
            InstallReduce(engine, "shop_0", "snoop", EmitQueryWat.Build($"ATTACH DATABASE '{victim}' AS victim"), RevenueProcedure.Columns);
            var attach = Assert.Throws<TenantDbException>(() => MapReduceFold.Reduce(results, engine.ReadProcedureModule("shop_0", "snoop")));
            Assert.Equal(TenantDbErrorKind.ProcedureFailed, attach.Kind);
            // The scratch database knows no file of the data directory.
            InstallReduce(engine, "shop_0", "snoop", EmitQueryWat.Build("SELECT name, file FROM pragma_database_list"), RevenueProcedure.Columns, orReplace: true);
            try
            {
                var (_, rows) = MapReduceFold.Reduce(results, engine.ReadProcedureModule("shop_0", "snoop"));
                Assert.DoesNotContain(rows, r => r.Any(v => v.Text is { } text && text.Contains(directory.FullName, StringComparison.Ordinal)));
            }
            catch (TenantDbException ex)
            {
                Assert.DoesNotContain(directory.FullName, ex.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public void Reading_a_module_gives_that_tenants_procedure_and_never_another_tenants()
    {
        SkipWithoutSandbox();
        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("alice");
        engine.CreateTenant("bob");
        engine.CreateTenant("carol");
        InstallReduce(engine, "alice", "report", EmitQueryWat.Build("SELECT 'alice', 1"), RevenueProcedure.Columns);
        InstallReduce(engine, "bob", "report", EmitQueryWat.Build("SELECT 'bob', 2"), RevenueProcedure.Columns);

        var alice = engine.ReadProcedureModule("alice", "report");
        var bob = engine.ReadProcedureModule("bob", "report");
        Assert.Equal(("alice", "report"), (alice.Tenant, alice.Name));
        Assert.True(alice.Module.AsSpan().IndexOf("'alice'"u8) >= 0);
        Assert.True(alice.Module.AsSpan().IndexOf("'bob'"u8) < 0);
        Assert.True(bob.Module.AsSpan().IndexOf("'bob'"u8) >= 0);
        Assert.Equal(RevenueProcedure.Columns, alice.Columns);
        Assert.Empty(alice.Parameters);

        // carol has no such procedure: asking for it in her name never finds alice's or bob's.
        Assert.Equal(TenantDbErrorKind.UndefinedProcedure, Assert.Throws<TenantDbException>(() => engine.ReadProcedureModule("carol", "report")).Kind);
        Assert.Equal(TenantDbErrorKind.UnknownTenant, Assert.Throws<TenantDbException>(() => engine.ReadProcedureModule("dave", "report")).Kind);
    }

    [Property(MaxTest = 100)]
    public Property A_reduce_module_survives_the_trip_between_nodes_unchanged()
    {
        var column = Gen.Elements(Enum.GetValues<ProcedureType>()).Select(t => new ProcedureColumn("c" + (int)t, t));
        var gen = Gen.Zip(Gen.ListOf(column), Gen.ListOf(column), (parameters, columns) => (parameters, columns))
            .SelectMany(pc => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()), (pc, module) => new ProcedureModule("t", "p", [.. pc.parameters], [.. pc.columns], module))
            .SelectMany(_ => Gen.Elements(Manifests), (module, wasi) => module with { Wasi = wasi });
        return Prop.ForAll(gen.ToArbitrary(), original =>
        {
            var copy = ReduceModule.From(original).ToProcedureModule();
            return copy.Parameters.SequenceEqual(original.Parameters) && copy.Columns.SequenceEqual(original.Columns)
                && copy.Module.AsSpan().SequenceEqual(original.Module) && (copy.Tenant, copy.Name) == (original.Tenant, original.Name)
                && copy.Wasi?.ToJson() == original.Wasi?.ToJson();
        });
    }

    private static readonly WasiManifest?[] Manifests =
    [
        null,
        WasiManifest.Default,
        new(new WasiChannel(null, "SELECT * FROM map WHERE n > 0", ChannelFormat.Csv), ChannelFormat.Csv,
            [new WasiChannel("days", "SELECT DISTINCT day FROM map", ChannelFormat.Raw), new WasiChannel("all", "SELECT * FROM map", ChannelFormat.Tsv)], Nondeterministic: true),
    ];

    private static void SkipWithoutSandbox() =>
        Skip.If(ProcSandbox.SandboxPlatform.UnsupportedReason is not null, ProcSandbox.SandboxPlatform.UnsupportedReason);

    private static TenantDbEngine OneShop()
    {
        var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("shop_0");
        RevenueProcedure.Install(engine, "shop_0", seed: 1, rows: 10, withProcedure: true);
        return engine;
    }

    private static async Task<List<TenantMapResult>> MapAllAsync(TenantDbEngine engine)
    {
        var results = new List<TenantMapResult>();
        await foreach (var result in MapReduceJob.RunAsync(engine.ListTenants(),
            (tenant, ct) => Task.Run(() => TenantProcedureCall.Run(engine, tenant, RevenueProcedure.Name, [], ct), ct), parallelism: 2))
        {
            Assert.True(result.Succeeded, result.Error);
            results.Add(result);
        }
        return results;
    }

    private static void InstallReduce(TenantDbEngine engine, string tenant, string name, string wat, ProcedureColumn[] columns, bool orReplace = false)
    {
        using var session = engine.OpenSession(tenant);
        session.CreateProcedure(name, [], columns, Encoding.UTF8.GetBytes(wat), orReplace);
    }
}
