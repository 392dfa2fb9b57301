using System.Globalization;
using Npgsql;
using TenantDb.Bench.Load;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// Memory attacks against the real server as a child process, measured from the outside in
/// /proc/&lt;pid&gt;/status: one SELECT of 45 values of 16 MB, one row wider than the SQLite heap limit,
/// repeated SETs of 8 Mi-character values, and calls of a procedure with a table and 64 MiB of memory.
/// Each is refused with 54000 or gives its memory back, and the server's memory stays under fixed bounds.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class MemoryBoundTests(ITestOutputHelper output) : IDisposable
{
    private const string Tenant = "mem";
    private readonly TempDirectory _root = new("tenantdb-memory-");

    public void Dispose()
    {
        _root.Dispose();
    }

    [Fact]
    public async Task A_row_of_many_large_values_and_huge_SETs_are_refused_within_a_memory_bound()
    {
        var data = Path.Combine(_root.Path, "data");
        TenantProvisioning.Create(data, [Tenant]);
        // The server reads tenantdb.json from its working directory (the data directory's parent):
        // a long statement timeout, so only the row cap can end the SELECT.
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "tenantdb.json"), """{ "statement_timeout_seconds": 120 }""");
        using var server = await ServerProcess.StartAsync(data, TimeSpan.FromSeconds(90));
        await using var connection = new NpgsqlConnection(server.ConnectionString(Tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: false));
        await connection.OpenAsync();
        await using (var warm = new NpgsqlCommand("SELECT 1", connection)) await warm.ExecuteScalarAsync();
        var start = Read(server.Pid);
        output.WriteLine($"start: RSS {start.RssKiB / 1024} MiB, peak {start.PeakKiB / 1024} MiB");

        var select = "SELECT " + string.Join(", ", Enumerable.Range(0, 45).Select(i => $"randomblob(16000000) AS b{i}"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using (var cmd = new NpgsqlCommand(select, connection))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            });
            Assert.Equal("54000", ex.SqlState);
        }
        var afterSelect = Read(server.Pid);
        output.WriteLine($"after the SELECT of 45 x 16 MB ({clock.Elapsed.TotalSeconds:F1} s): RSS {afterSelect.RssKiB / 1024} MiB, peak {afterSelect.PeakKiB / 1024} MiB");
        // SQLite itself holds the 45 values (720 MB) while it produces the row; the wire adds at most
        // one capped row (64 MiB). Before the cap the peak passed 8 GB.
        Assert.True(afterSelect.PeakKiB < 2L * 1024 * 1024, $"peak RSS {afterSelect.PeakKiB / 1024} MiB");

        var value = new string('v', 8 << 20);
        clock.Restart();
        for (var i = 0; i < 10; i++)
        {
            await using var cmd = new NpgsqlCommand($"SET x = '{value}'", connection);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Equal("54000", ex.SqlState);
        }
        await using (var still = new NpgsqlCommand("SELECT 2", connection)) Assert.Equal(2L, Convert.ToInt64(await still.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        var afterSets = Read(server.Pid);
        output.WriteLine($"after 10 SETs of 8 Mi characters ({clock.Elapsed.TotalSeconds:F1} s): RSS {afterSets.RssKiB / 1024} MiB, peak {afterSets.PeakKiB / 1024} MiB");
        // Before the caps 30 such SETs grew the server by 1 GB.
        Assert.True(afterSets.RssKiB - afterSelect.RssKiB < 256 * 1024, $"RSS grew {(afterSets.RssKiB - afterSelect.RssKiB) / 1024} MiB over 10 SETs");
        Assert.False(server.HasExited, server.RecentLog);
    }

    [Fact]
    public async Task A_row_wider_than_the_sqlite_heap_limit_is_refused_before_it_is_computed_whole()
    {
        var data = Path.Combine(_root.Path, "data");
        TenantProvisioning.Create(data, [Tenant]);
        // 200 values of 16 MB would need 3.2 GB inside SQLite before the row cap could see the row.
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "tenantdb.json"), """{ "statement_timeout_seconds": 120, "sqlite_heap_limit": 536870912 }""");
        using var server = await ServerProcess.StartAsync(data, TimeSpan.FromSeconds(90));
        await using var connection = new NpgsqlConnection(server.ConnectionString(Tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: false));
        await connection.OpenAsync();
        var select = "SELECT " + string.Join(", ", Enumerable.Range(0, 200).Select(i => $"randomblob(16000000) AS b{i}"));
        await using (var cmd = new NpgsqlCommand(select, connection))
        {
            var ex = await Assert.ThrowsAsync<PostgresException>(async () =>
            {
                await using var reader = await cmd.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            });
            Assert.Equal("54000", ex.SqlState);
        }

        var after = Read(server.Pid);
        output.WriteLine($"after the SELECT of 200 x 16 MB: RSS {after.RssKiB / 1024} MiB, peak {after.PeakKiB / 1024} MiB");
        Assert.True(after.PeakKiB < 1536L * 1024, $"peak RSS {after.PeakKiB / 1024} MiB");
        await using (var still = new NpgsqlCommand("SELECT 2", connection)) Assert.Equal(2L, Convert.ToInt64(await still.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        Assert.False(server.HasExited, server.RecentLog);
    }

    [Fact]
    public async Task Calls_of_a_procedure_with_a_table_and_a_large_memory_give_their_memory_back()
    {
        var data = Path.Combine(_root.Path, "data");
        TenantProvisioning.Create(data, [Tenant]);
        using var server = await ServerProcess.StartAsync(data, TimeSpan.FromSeconds(90));
        await using var connection = new NpgsqlConnection(server.ConnectionString(Tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: false));
        await connection.OpenAsync();
        // A funcref table with an element segment (which once kept an instance's memory until a
        // finalizer ran) and 1,024 pages, every 4 KiB written, so a leaked memory is 64 MiB of RSS.
        const string module = """
            (module
              (memory (export "memory") 1024)
              (table 1 funcref)
              (elem (i32.const 0) $run)
              (func $run (export "run") (result i32)
                (local $page i32)
                (loop $touch
                  (i32.store (i32.mul (local.get $page) (i32.const 4096)) (i32.const 1))
                  (local.set $page (i32.add (local.get $page) (i32.const 1)))
                  (br_if $touch (i32.lt_u (local.get $page) (i32.const 16384))))
                (i32.const 0)))
            """;
        await using (var create = new NpgsqlCommand($"CREATE PROCEDURE touch() RETURNS TABLE(n int8) AS '{module}'", connection)) await create.ExecuteNonQueryAsync();
        await using (var warm = new NpgsqlCommand("CALL touch()", connection)) await warm.ExecuteNonQueryAsync();
        var before = Read(server.Pid);
        for (int i = 0; i < 30; i++)
        {
            await using var call = new NpgsqlCommand("CALL touch()", connection);
            await call.ExecuteNonQueryAsync();
        }

        var after = Read(server.Pid);
        Assert.True(after.PeakKiB - before.RssKiB > 48 * 1024, $"the calls did not touch their memory (peak {after.PeakKiB / 1024} MiB)");
        output.WriteLine($"30 calls of 64 MiB each: RSS {before.RssKiB / 1024} -> {after.RssKiB / 1024} MiB, peak {after.PeakKiB / 1024} MiB");
        // Leaked memories would add 30 x 64 MiB = 1.9 GB; pooled ones are reused.
        Assert.True(after.RssKiB - before.RssKiB < 256 * 1024, $"RSS grew {(after.RssKiB - before.RssKiB) / 1024} MiB over 30 calls");
        Assert.False(server.HasExited, server.RecentLog);
    }

    private static (long RssKiB, long PeakKiB) Read(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kib(line, 6);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kib(line, 6);
        }
        return (rss, peak);
    }

    private static long Kib(string line, int prefix) => long.Parse(line.AsSpan(prefix).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
