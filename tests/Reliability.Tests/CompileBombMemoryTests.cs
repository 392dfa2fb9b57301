using System.Globalization;
using Npgsql;
using TenantDb.Bench.Load;
using Xunit.Abstractions;
using TenantDb.TestKit;

namespace TenantDb.Reliability.Tests;

/// <summary>
/// Compile bombs against the real server as a child process, its memory read from
/// /proc/&lt;pid&gt;/status: the reported bombs (40,000 constants then 40,000 calls; a call of 8,193
/// arguments) are refused with 54000 and the connection stays up; three valid 1 MiB modules of
/// 262,144 calls, uploaded at once by three tenants, compile within a fixed memory bound (the
/// compiler once used about 1.1 GB per MB of module).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Slow)]
public sealed class CompileBombMemoryTests(ITestOutputHelper output) : IDisposable
{
    private const string Tenant = "bombs";
    private readonly TempDirectory _root = new("tenantdb-compile-");

    public void Dispose()
    {
        _root.Dispose();
    }

    [Fact]
    public async Task Compile_bombs_are_refused_and_large_uploads_stay_within_a_memory_bound()
    {
        var data = Path.Combine(_root.Path, "data");
        string[] uploaders = ["up0", "up1", "up2"];
        TenantProvisioning.Create(data, [Tenant, .. uploaders]);
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "tenantdb.json"), """{ "statement_timeout_seconds": 120 }""");
        using var server = await ServerProcess.StartAsync(data, TimeSpan.FromSeconds(90));
        string connectionString = server.ConnectionString(Tenant, TenantProvisioning.User, TenantProvisioning.Password, pooling: false);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var warm = new NpgsqlCommand("SELECT 1", connection)) await warm.ExecuteScalarAsync();
        var start = Read(server.Pid);
        output.WriteLine($"start: RSS {start.RssKiB / 1024} MiB, peak {start.PeakKiB / 1024} MiB");

        Assert.Equal("54000", await CreateFailsAsync(connection, "calls", Procedure(ConstantsThenCalls(40_000))));
        Assert.Equal("54000", await CreateFailsAsync(connection, "wide", Procedure(WideCall(8_193))));
        await using (var still = new NpgsqlCommand("SELECT 2", connection)) Assert.Equal(2L, Convert.ToInt64(await still.ExecuteScalarAsync(), CultureInfo.InvariantCulture));

        // Three tenants upload at once a valid procedure of 256 functions of 1,024 calls each (1 MiB).
        byte[] large = Procedure(ManyCallFunctions(256, 1_024));
        var uploads = Enumerable.Range(0, uploaders.Length).Select(async i =>
        {
            await using var c = new NpgsqlConnection(server.ConnectionString(uploaders[i], TenantProvisioning.User, TenantProvisioning.Password, pooling: false));
            await c.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE PROCEDURE big{i}() AS @wasm", c);
            create.Parameters.AddWithValue("wasm", large);
            await create.ExecuteNonQueryAsync();
        });
        await Task.WhenAll(uploads);
        var after = Read(server.Pid);
        output.WriteLine($"after three {large.Length:N0}-byte uploads at once: RSS {after.RssKiB / 1024} MiB, peak {after.PeakKiB / 1024} MiB");
        // Measured: +211 MiB. One such module alone once took +344 MiB, three at once about 1 GB.
        Assert.True(after.PeakKiB - start.PeakKiB < 512 * 1024, $"peak RSS grew {(after.PeakKiB - start.PeakKiB) / 1024} MiB");
        Assert.False(server.HasExited, server.RecentLog);
    }

    private static async Task<string?> CreateFailsAsync(NpgsqlConnection connection, string name, byte[] wasm)
    {
        await using var create = new NpgsqlCommand($"CREATE PROCEDURE {name}() AS @wasm", connection);
        create.Parameters.AddWithValue("wasm", wasm);
        var error = await Assert.ThrowsAsync<PostgresException>(() => create.ExecuteNonQueryAsync());
        return error.SqlState;
    }

    // Modules: function 0 is a sink (parameters i32...) -> (); the given bodies follow; the last
    // function is run: () -> i32 (returns 0); memory 1 is exported as "memory".
    private static (int SinkParameters, List<byte[]> Bodies) ConstantsThenCalls(int n)
    {
        var code = new List<byte>();
        for (int i = 0; i < n; i++) code.AddRange([0x41, 0x01]);
        for (int i = 0; i < n; i++) code.AddRange([0x10, 0x00]);
        return (1, [[.. code]]);
    }

    private static (int SinkParameters, List<byte[]> Bodies) WideCall(int parameters)
    {
        var code = new List<byte>();
        for (int i = 0; i < parameters; i++) code.AddRange([0x41, 0x00]);
        code.AddRange([0x10, 0x00]);
        return (parameters, [[.. code]]);
    }

    private static (int SinkParameters, List<byte[]> Bodies) ManyCallFunctions(int functions, int calls)
    {
        var code = new List<byte>();
        for (int i = 0; i < calls; i++) code.AddRange([0x41, 0x01, 0x10, 0x00]);
        byte[] body = [.. code];
        return (1, Enumerable.Repeat(body, functions).ToList());
    }

    private static byte[] Procedure((int SinkParameters, List<byte[]> Bodies) shape)
    {
        var (sinkParameters, bodies) = shape;
        var types = new List<byte> { 0x03, 0x60 };
        U32(types, (uint)sinkParameters);
        types.AddRange(Enumerable.Repeat((byte)0x7F, sinkParameters));
        types.AddRange([0x00, 0x60, 0x00, 0x00, 0x60, 0x00, 0x01, 0x7F]);
        int functionCount = bodies.Count + 2;
        var declarations = new List<byte>();
        U32(declarations, (uint)functionCount);
        declarations.Add(0x00);
        declarations.AddRange(Enumerable.Repeat((byte)0x01, bodies.Count));
        declarations.Add(0x02);
        var exports = new List<byte> { 0x02, 0x03 };
        exports.AddRange("run"u8.ToArray());
        exports.Add(0x00);
        U32(exports, (uint)(functionCount - 1));
        exports.Add(0x06);
        exports.AddRange("memory"u8.ToArray());
        exports.AddRange([0x02, 0x00]);
        var code = new List<byte>();
        U32(code, (uint)functionCount);
        code.AddRange([0x02, 0x00, 0x0B]);
        foreach (var body in bodies)
        {
            U32(code, (uint)(body.Length + 2));
            code.Add(0x00);
            code.AddRange(body);
            code.Add(0x0B);
        }
        code.AddRange([0x04, 0x00, 0x41, 0x00, 0x0B]);
        var module = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
        Section(module, 1, types);
        Section(module, 3, declarations);
        Section(module, 5, [0x01, 0x00, 0x01]);
        Section(module, 7, exports);
        Section(module, 10, code);
        return [.. module];
    }

    private static void Section(List<byte> module, byte id, List<byte> content)
    {
        module.Add(id);
        U32(module, (uint)content.Count);
        module.AddRange(content);
    }

    private static void U32(List<byte> into, uint value)
    {
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            into.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
    }

    private static (long RssKiB, long PeakKiB) Read(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadAllLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kib(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kib(line);
        }
        return (rss, peak);
    }

    private static long Kib(string line) => long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
