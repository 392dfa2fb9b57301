using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>psycopg 3's <c>TypeInfo.fetch</c> reads <c>pg_type</c> by a bound <c>$1::regtype</c>, unmodified.</summary>
public sealed class PsycopgTypeInfoTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Script = """
        import os, psycopg
        from psycopg.types import TypeInfo
        conninfo = "host=127.0.0.1 port=%s dbname=%s user=%s password=%s" % (os.environ["PGPORT"], os.environ["PGDATABASE"], os.environ["PGUSER"], os.environ["PGPASSWORD"])
        with psycopg.connect(conninfo) as conn:
            for name in ["int4", "text", "numeric", "_int4", "uuid", "jsonb", "character varying"]:
                t = TypeInfo.fetch(conn, name)
                print(name, t.name, t.oid, t.array_oid)
            print("hstore", TypeInfo.fetch(conn, "hstore"))
        """;

    [SkippableFact]
    public void Type_info_fetch_reads_pg_type()
    {
        var python = ExternalTool.Psycopg3.Require();
        using var directory = new TempDirectory("tenantdb-psycopg3-");
        var script = directory.File("typeinfo.py");
        File.WriteAllText(script, Script);
        var (code, stdout, stderr) = ChildProcess.Run(python, [script], server.ClientEnvironment(WireServerFixture.AppTenant));
        Assert.True(code == 0, $"python failed ({code}): {stderr}\n{stdout}");
        var expected = """
            int4 int4 23 1007
            text text 25 1009
            numeric numeric 1700 1231
            _int4 _int4 1007 0
            uuid uuid 2950 2951
            jsonb jsonb 3802 3807
            character varying varchar 1043 1015
            hstore None
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), stdout.Trim().ReplaceLineEndings("\n"));
    }
}
