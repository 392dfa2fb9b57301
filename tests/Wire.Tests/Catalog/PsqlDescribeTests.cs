using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Catalog;

/// <summary>
/// psql 15's describe commands (the exact catalog queries psql sends) against a tenant: each must
/// run and show the tenant's own objects the way PostgreSQL shows the same schema.
/// </summary>
public sealed class PsqlDescribeTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Schema = """
        CREATE TABLE items (id serial PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x', price numeric(10,2));
        CREATE TABLE orders (id bigint PRIMARY KEY, item_id integer REFERENCES items(id), qty integer, code text UNIQUE);
        CREATE INDEX orders_item ON orders (item_id);
        CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
        """;

    private string Psql(string tenant, string command)
    {
        var psql = ExternalTool.Psql.Require();
        var env = new Dictionary<string, string>
        {
            ["PGHOST"] = "127.0.0.1",
            ["PGPORT"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGDATABASE"] = tenant,
            ["PGUSER"] = WireServerFixture.AppUser,
            ["PGPASSWORD"] = WireServerFixture.AppPassword,
            ["PGCONNECT_TIMEOUT"] = "10",
        };
        var (code, stdout, stderr) = ChildProcess.Run(psql, ["-X", "-v", "ON_ERROR_STOP=1", "-A", "-F", "|", "-c", command], env);
        Assert.True(code == 0 && stderr.Length == 0, $"psql {command} failed ({code}): {stderr}\n{stdout}");
        return stdout;
    }

    private static void AssertShows(string output, string expected) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"expected \"{expected}\" in psql's output:\n{output}");

    private string TenantWithSchema()
    {
        var tenant = server.NewTenant("psqldescribe");
        using var connection = new Npgsql.NpgsqlConnection(server.ConnectionString(tenant));
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(Schema, connection);
        command.ExecuteNonQuery();
        return tenant;
    }

    [SkippableFact]
    public void Dt_lists_the_tenants_tables()
    {
        var tenant = TenantWithSchema();
        var output = Psql(tenant, "\\dt");
        AssertShows(output, "public|items|table|");
        AssertShows(output, "public|orders|table|");
        Assert.DoesNotContain("tenantdb", output, StringComparison.Ordinal);
        AssertShows(output, "(2 rows)");
    }

    [SkippableFact]
    public void D_table_shows_columns_indexes_and_foreign_keys()
    {
        var tenant = TenantWithSchema();
        var output = Psql(tenant, "\\d orders");
        AssertShows(output, "Table \"public.orders\"");
        AssertShows(output, "id|bigint||not null|");
        AssertShows(output, "item_id|integer|||");
        AssertShows(output, "\"orders_pkey\" PRIMARY KEY, btree (id)");
        AssertShows(output, "\"orders_code_key\" UNIQUE CONSTRAINT, btree (code)");
        AssertShows(output, "\"orders_item\" btree (item_id)");
        AssertShows(output, "\"orders_item_id_fkey\" FOREIGN KEY (item_id) REFERENCES items(id)");

        var items = Psql(tenant, "\\d items");
        AssertShows(items, "name|character varying(40)||not null|'x'");
        AssertShows(items, "price|numeric(10,2)|||");
        AssertShows(items, "TABLE \"orders\" CONSTRAINT \"orders_item_id_fkey\" FOREIGN KEY (item_id) REFERENCES items(id)");
    }

    [SkippableFact]
    public void The_other_describe_commands_run_and_list_the_tenants_objects()
    {
        var tenant = TenantWithSchema();
        AssertShows(Psql(tenant, "\\di"), "public|orders_item|index|");
        AssertShows(Psql(tenant, "\\dv"), "public|cheap|view|");
        AssertShows(Psql(tenant, "\\dn"), "public|");
        AssertShows(Psql(tenant, "\\du"), WireServerFixture.AppUser);
        AssertShows(Psql(tenant, "\\l"), tenant);
        Psql(tenant, "\\df");
        Psql(tenant, "\\dT");
        Psql(tenant, "\\dt+");
        AssertShows(Psql(tenant, "\\conninfo"), tenant);
    }

    [SkippableFact]
    public void Several_session_functions_in_one_select()
    {
        var tenant = TenantWithSchema();
        var output = Psql(tenant, "SELECT current_database(), current_user, session_user, current_schema");
        AssertShows(output, $"current_database|current_user|session_user|current_schema\n{tenant}|{WireServerFixture.AppUser}|{WireServerFixture.AppUser}|public");
        AssertShows(Psql(tenant, "SELECT count(*), pg_catalog.format_type(23, -1) FROM items"), "count|format_type\n0|integer");
    }
}
