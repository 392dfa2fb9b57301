using Dapper;
using Npgsql;
using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Procedures;

/// <summary>sdk/c's tdb_emit never drops a row that overflowed its buffer: the call fails with 39000 even when run returns 0.</summary>
public sealed class SdkEmitOverflowTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Source = """
        #include "tenantdb.h"
        int run(void) {
            char small[16];
            tdb_row row = tdb_row_begin(small, sizeof small);
            tdb_row_cstr(&row, "a text longer than the sixteen bytes of its buffer");
            tdb_emit(&row);   /* the result is ignored on purpose */
            return 0;
        }
        """;

    [SkippableFact]
    public void An_overflowing_row_fails_the_call_with_39000()
    {
        var clang = ExternalTool.Clang14Wasm32.Require();
        string dir = Directory.CreateTempSubdirectory("tenantdb-sdk-emit-").FullName;
        try
        {
            string source = Path.Combine(dir, "overflow.c"), output = Path.Combine(dir, "overflow.wasm");
            File.WriteAllText(source, Source);
            var (code, stdout, stderr) = ChildProcess.Run(clang,
                ["--target=wasm32", "-O2", "-nostdlib", "-Wl,--no-entry", "-Wl,--export=run", "-I", Path.Combine(RepositoryRoot.Path, "sdk", "c"), "-o", output, source],
                timeoutSeconds: 120);
            Assert.True(code == 0, $"clang failed: {stderr}{stdout}");
            using var c = new NpgsqlConnection(server.ConnectionString(server.NewTenant("emitoverflow")));
            c.Open();
            c.Execute("CREATE PROCEDURE overflow() RETURNS TABLE(t text) AS @wasm", new { wasm = File.ReadAllBytes(output) });
            var e = Assert.Throws<PostgresException>(() => c.Query<string>("CALL overflow()").ToList());
            Assert.Equal("39000", e.SqlState);
            Assert.Contains("misused the ABI: emit:", e.MessageText, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
