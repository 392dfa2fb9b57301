using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.Procedures;
using TenantDb.Engine.Tests.Procedures;
using TenantDb.Engine.Usage;
using TenantDb.Engine.Values;
using static TenantDb.Engine.Tests.Operations.OperationsSql;

namespace TenantDb.Engine.Tests.Usage;

/// <summary>
/// The TenantDb meter reports what the test caused, tenant labels appear only for allow-listed tenants,
/// and the slow log carries SQL text but never parameter values.
/// </summary>
[Collection(MeterCollection.Name)]
public sealed class EngineMetricsTests
{
    [Fact]
    public void The_meter_counts_statements_rows_calls_and_errors_with_bounded_tenant_labels()
    {
        var sums = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TenantDbMeter.Name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string tenant = "-", kind = "-";
            foreach (var tag in tags)
            {
                if (tag.Key == "tenant") tenant = (string)tag.Value!;
                if (tag.Key == "kind") kind = (string)tag.Value!;
            }

            sums.AddOrUpdate($"{instrument.Name}|{tenant}|{kind}", value, (_, v) => v + value);
        });
        listener.Start();

        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { MetricsTenantLabels = new HashSet<string> { "watched" } });
        foreach (string tenant in (string[])["watched", "anonymous"])
        {
            engine.CreateTenant(tenant);
            using TenantSession session = engine.OpenSession(tenant);
            Exec(session, "CREATE TABLE t (amount INTEGER UNIQUE)");
            Exec(session, "INSERT INTO t VALUES (1), (2), (3)");
            Assert.Equal(3, Scalar(session, "SELECT count(*) FROM t"));
            Assert.Throws<TenantDbException>(() => Exec(session, "INSERT INTO t VALUES (1)"));
            session.CreateProcedure("sum", [], [new("total", ProcedureType.Int8), new("n", ProcedureType.Int8)], Encoding.UTF8.GetBytes(ProcedureModules.SumAmounts));
            session.CallProcedure("sum", [], NoRows.Instance);
        }

        listener.Dispose();
        long Sum(string key) => sums.TryGetValue(key, out long v) ? v : 0;
        foreach (string tenant in (string[])["watched", "-"])
        {
            // CREATE, INSERT, SELECT, the failed INSERT and the call's query.
            Assert.Equal(5, Sum($"tenantdb.statements|{tenant}|-"));
            Assert.Equal(3, Sum($"tenantdb.rows.written|{tenant}|-"));
            Assert.Equal(1 + 3, Sum($"tenantdb.rows.read|{tenant}|-"));
            Assert.Equal(1, Sum($"tenantdb.errors|{tenant}|Constraint"));
            Assert.Equal(1, Sum($"tenantdb.procedure.calls|{tenant}|-"));
            Assert.True(Sum($"tenantdb.procedure.fuel|{tenant}|-") > 0);
        }

        Assert.DoesNotContain(sums.Keys, k => k.Contains("|anonymous|", StringComparison.Ordinal));
    }

    [Fact]
    public void Limit_trips_code_cache_compile_time_rows_emitted_and_gauges_are_measured()
    {
        var longs = new ConcurrentDictionary<string, long>();
        var doubles = new ConcurrentDictionary<string, int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TenantDbMeter.Name) l.EnableMeasurementEvents(instrument);
        };
        static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = new StringBuilder(instrument.Name);
            foreach (var tag in tags)
            {
                if (tag.Key != "tenant") key.Append('|').Append(tag.Key).Append('=').Append(tag.Value);
            }

            return key.ToString();
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => longs.AddOrUpdate(Key(instrument, tags), value, (_, v) => v + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => doubles.AddOrUpdate(Key(instrument, tags), 1, (_, v) => v + 1));
        listener.Start();

        using var engine = TenantDbEngine.OpenInMemory();
        engine.CreateTenant("limits");
        using (TenantSession session = engine.OpenSession("limits"))
        {
            Exec(session, "CREATE TABLE t (amount INTEGER)");
            Exec(session, "INSERT INTO t VALUES (1), (2)");
            session.CreateProcedure("sum", [], [new("total", ProcedureType.Int8), new("n", ProcedureType.Int8)], Encoding.UTF8.GetBytes(ProcedureModules.SumAmounts));
            session.CallProcedure("sum", [], NoRows.Instance);
            session.SetProcedureLimits(new ProcedureLimits { Fuel = 1, Timeout = TimeSpan.FromSeconds(5) });
            Assert.Equal(TenantDbErrorKind.ProcedureLimit, Assert.Throws<TenantDbException>(() => session.CallProcedure("sum", [], NoRows.Instance)).Kind);
        }

        engine.SetQuota("limits", 64 * 1024);
        using (TenantSession session = engine.OpenSession("limits"))
        {
            Assert.Equal(TenantDbErrorKind.QuotaExceeded, Assert.Throws<TenantDbException>(() => Exec(session, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) INSERT INTO t SELECT x FROM c")).Kind);
        }

        listener.RecordObservableInstruments();
        listener.Dispose();
        long Sum(string key) => longs.TryGetValue(key, out long v) ? v : 0;
        Assert.Equal(1, Sum("tenantdb.limit.trips|limit=fuel"));
        Assert.Equal(1, Sum("tenantdb.limit.trips|limit=storage_quota"));
        Assert.True(Sum("tenantdb.procedure.code_cache|result=hit") >= 2);
        Assert.True(doubles.GetValueOrDefault("tenantdb.procedure.compile.duration") >= 1);
        Assert.Equal(1, Sum("tenantdb.procedure.rows.emitted"));
        Assert.True(Sum("tenantdb.tenants") >= 1);
        Assert.True(Sum("tenantdb.storage") > 0);
    }

    [Fact]
    public void The_slow_log_has_the_tenant_duration_rows_and_sql_but_no_parameter_values()
    {
        var slow = new ConcurrentQueue<SlowOperation>();
        using var engine = TenantDbEngine.OpenInMemory(new EngineOptions { SlowThreshold = TimeSpan.FromTicks(1), SlowLog = slow.Enqueue });
        engine.CreateTenant("s");
        using TenantSession session = engine.OpenSession("s");
        Exec(session, "CREATE TABLE t (secret TEXT)");
        using (TenantStatement insert = session.Prepare("INSERT INTO t VALUES (?)"))
        {
            insert.Bind(0, SqlValue.Text("hunter2"));
            insert.ExecuteNonQuery();
        }

        string longSql = "SELECT secret FROM t WHERE secret <> '" + new string('x', 500) + "'";
        Assert.Equal(1, Scalar(session, "SELECT count(*) FROM (" + longSql + ")"));
        session.CreateProcedure("sum", [], [new("total", ProcedureType.Int8), new("n", ProcedureType.Int8)], Encoding.UTF8.GetBytes(ProcedureModules.SumQuery("SELECT 1", forwardArguments: false, readCapacity: 4096)));
        session.CallProcedure("sum", [], NoRows.Instance);

        SlowOperation[] entries = [.. slow];
        Assert.Contains(entries, e => e.Text == "INSERT INTO t VALUES (?)" && e.Tenant == "s" && !e.IsCall);
        Assert.DoesNotContain(entries, e => e.Text.Contains("hunter2", StringComparison.Ordinal));
        SlowOperation select = Assert.Single(entries, e => e.Text.StartsWith("SELECT count(*)", StringComparison.Ordinal));
        Assert.Equal(SlowOperation.MaxTextLength, select.Text.Length);
        Assert.EndsWith("...", select.Text, StringComparison.Ordinal);
        Assert.Equal(1, select.Rows);
        SlowOperation call = Assert.Single(entries, e => e.IsCall);
        Assert.Equal("sum", call.Text);
        Assert.True(call.Fuel > 0);
        Assert.Equal(1, call.Rows);
        Assert.All(entries, e => Assert.True(e.Duration > TimeSpan.Zero));
    }
}

/// <summary>Tests that listen to the process-wide TenantDb meter run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeterCollection
{
    public const string Name = "TenantDb meter";
}
