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
}
