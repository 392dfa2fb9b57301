using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Catalog;

/// <summary>
/// The catalog surface the ORMs and drivers need (serial sequences, regclass/regtype lookups by name,
/// set-returning calls in a select list) reveals nothing of another tenant or of TenantDb's reserved
/// objects, and a form it cannot answer fails with an error instead of returning different rows.
/// </summary>
public sealed class CatalogAttackTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private NpgsqlConnection Open(string tenant)
    {
        var connection = new NpgsqlConnection(server.ConnectionString(tenant));
        connection.Open();
        return connection;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static string SqlStateOf(NpgsqlConnection connection, string sql)
    {
        var error = Assert.Throws<PostgresException>(() => Scalar(connection, sql));
        return error.SqlState;
    }

    [Fact]
    public void Reserved_objects_have_no_oid_sequence_or_row()
    {
        var tenant = server.NewTenant("catattack");
        using var connection = Open(tenant);
        Scalar(connection, "CREATE TABLE items (id serial PRIMARY KEY, name text)");
        Assert.Equal("42P01", SqlStateOf(connection, "SELECT '_tenantdb_column_types'::regclass::oid"));
        Assert.Equal("42P01", SqlStateOf(connection, "SELECT pg_get_serial_sequence('_tenantdb_procedures', 'name')"));
        Assert.Equal("42P01", SqlStateOf(connection, "SELECT pg_get_serial_sequence('_tenantdb_column_types', 'table_name')"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_class WHERE relname LIKE '%tenantdb%' OR relname LIKE 'sqlite%'"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_class WHERE relkind = 'S'"));
        Assert.Equal("public.items_id_seq", Scalar(connection, "SELECT pg_get_serial_sequence('items', 'id')"));
        Assert.Equal(DBNull.Value, Scalar(connection, "SELECT pg_get_serial_sequence('items', 'name')"));
        Assert.Equal("42703", SqlStateOf(connection, "SELECT pg_get_serial_sequence('items', 'nope')"));
    }

    [Fact]
    public void Another_tenants_tables_and_sequences_are_not_named()
    {
        var owner = server.NewTenant("catowner");
        var other = server.NewTenant("catother");
        using (var connection = Open(owner))
        {
            Scalar(connection, "CREATE TABLE secret_ledger (id bigserial PRIMARY KEY, amount numeric)");
        }

        using var probe = Open(other);
        Assert.Equal(0L, Scalar(probe, "SELECT count(*) FROM pg_catalog.pg_class WHERE relname LIKE 'secret%'"));
        Assert.Equal(0L, Scalar(probe, "SELECT count(*) FROM pg_catalog.pg_sequence"));
        Assert.Equal("42P01", SqlStateOf(probe, "SELECT 'secret_ledger'::regclass::oid"));
        Assert.Equal("42P01", SqlStateOf(probe, "SELECT pg_get_serial_sequence('secret_ledger', 'id')"));
        Assert.Equal(0L, Scalar(probe, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'secret_ledger'"));
    }

    [Fact]
    public void Lookups_by_name_fail_clearly_for_unknown_names()
    {
        using var connection = Open(WireServerFixture.AppTenant);
        Assert.Equal("42704", SqlStateOf(connection, "SELECT 'hstore'::regtype::oid"));
        Assert.Equal(1259L, Convert.ToInt64(Scalar(connection, "SELECT 'pg_class'::regclass::oid"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(23L, Convert.ToInt64(Scalar(connection, "SELECT 'int4'::regtype::oid"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Set_returning_calls_it_cannot_pair_fail_instead_of_multiplying_rows()
    {
        var tenant = server.NewTenant("catsrf");
        using var connection = Open(tenant);
        Scalar(connection, "CREATE TABLE t (a integer, b integer, PRIMARY KEY (a, b))");
        // One array: each element once, with its position.
        Assert.Equal("1:1,2:2", Scalar(connection, """
            SELECT group_concat(k.v || ':' || k.o, ',') FROM (
              SELECT unnest(ix.indkey) v, generate_subscripts(ix.indkey, 1) o FROM pg_catalog.pg_index ix
              WHERE ix.indrelid = 't'::regclass AND ix.indisprimary) k
            """));
        // Two different arrays in one select list would need PostgreSQL's pairing: refused, not a cross product.
        Assert.Equal("42883", SqlStateOf(connection, """
            SELECT unnest(ix.indkey), unnest(ix.indoption) FROM pg_catalog.pg_index ix WHERE ix.indrelid = 't'::regclass
            """));
    }

    [Fact]
    public void Stored_procedures_are_listed_without_their_code()
    {
        var tenant = server.NewTenant("catproc");
        using (var session = server.Engine.OpenSession(tenant))
        {
            session.CreateProcedure("audit_touch", [new TenantDb.Engine.Procedures.ProcedureColumn("who", TenantDb.Engine.Procedures.ProcedureType.Text)], [],
                System.Text.Encoding.UTF8.GetBytes(TenantDb.TestKit.StatementSequenceWat.Build([TenantDb.TestKit.StatementSequenceWat.Step.Exec("SELECT 'module-secret-marker'")])));
        }

        using var connection = Open(tenant);
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_proc WHERE proname = 'audit_touch' AND prokind = 'p'"));
        // pg_proc holds the signature only: no source, no binary, no hash, in any column a client could read.
        Assert.Equal("", Scalar(connection, "SELECT prosrc FROM pg_catalog.pg_proc WHERE proname = 'audit_touch'"));
        Assert.Equal(DBNull.Value, Scalar(connection, "SELECT probin FROM pg_catalog.pg_proc WHERE proname = 'audit_touch'"));
        Assert.Equal(0L, Scalar(connection, """
            SELECT count(*) FROM pg_catalog.pg_proc
            WHERE coalesce(prosrc, '') || coalesce(probin, '') || coalesce(proargnames, '') || coalesce(prosqlbody, '') || coalesce(proconfig, '')
              LIKE '%module-secret-marker%' OR length(prosrc) > 64
            """));
        Assert.Equal("IN who text", Scalar(connection, "SELECT pg_get_function_identity_arguments(oid) FROM pg_catalog.pg_proc WHERE proname = 'audit_touch'"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_description WHERE description LIKE '%module-secret-marker%'"));
    }

    [Fact]
    public void Sessions_settings_and_databases_show_the_tenant_only_and_no_host_paths()
    {
        var mine = server.NewTenant("catmine");
        var theirs = server.NewTenant("cattheirs");
        using var other = Open(theirs);
        Scalar(other, "SET application_name = 'their-app'");
        using var second = Open(mine);
        using var connection = Open(mine);

        // pg_stat_activity: only this tenant's own session, never another tenant's.
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname <> current_database() OR application_name = 'their-app'"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE pid = pg_backend_pid()"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE client_addr IS NOT NULL OR client_hostname IS NOT NULL"));
        // pg_database: the tenant itself, under its own name.
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_database"));
        Assert.Equal(mine, Scalar(connection, "SELECT datname FROM pg_catalog.pg_database"));
        Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM pg_catalog.pg_database WHERE datname = '{theirs}'"));
        // pg_settings and current_setting: no file or directory of the host.
        Assert.Equal(0L, Scalar(connection, """
            SELECT count(*) FROM pg_catalog.pg_settings
            WHERE name IN ('data_directory', 'config_file', 'hba_file', 'ident_file', 'unix_socket_directories', 'listen_addresses', 'port', 'external_pid_file')
               OR setting LIKE '%/%' OR reset_val LIKE '%/%' OR boot_val LIKE '%/%' OR sourcefile IS NOT NULL
            """));
        Assert.Equal("42704", SqlStateOf(connection, "SELECT current_setting('data_directory')"));
        // Roles: this tenant's users and owner role, not the other tenant's name.
        Assert.Equal(0L, Scalar(connection, $"SELECT count(*) FROM pg_catalog.pg_roles WHERE rolname = '{theirs}'"));
        Assert.Equal(0L, Scalar(connection, "SELECT count(*) FROM pg_catalog.pg_roles WHERE rolsuper OR rolbypassrls"));
        Assert.DoesNotContain("/", (string)Scalar(connection, "SELECT version()")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalog_relations_and_columns_it_does_not_have_fail_clearly()
    {
        using var connection = Open(WireServerFixture.AppTenant);
        // Relations the emulated catalog does not have: an error naming the relation, never an empty result.
        var statistic = Assert.Throws<PostgresException>(() => Scalar(connection, "SELECT * FROM pg_catalog.pg_statistic"));
        Assert.Equal("42P01", statistic.SqlState);
        Assert.Contains("pg_statistic", statistic.MessageText, StringComparison.Ordinal);
        Assert.Equal("42P01", SqlStateOf(connection, "SELECT routine_name FROM information_schema.routines"));
        Assert.Equal("42P01", SqlStateOf(connection, "SELECT count(*) FROM pg_shadow"));
        // Columns PostgreSQL 15 does not have (or TenantDb does not fill) are unknown columns.
        var column = Assert.Throws<PostgresException>(() => Scalar(connection, "SELECT relnosuch FROM pg_catalog.pg_class"));
        Assert.Equal("42703", column.SqlState);
        Assert.Contains("relnosuch", column.MessageText, StringComparison.Ordinal);
        Assert.Equal("42703", SqlStateOf(connection, "SELECT c.no_such_column FROM information_schema.columns c"));
        Assert.Equal("42703", SqlStateOf(connection, "SELECT relhasoids FROM pg_class"));
    }
}
