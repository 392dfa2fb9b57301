using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Catalog;

/// <summary>
/// The DDL migration tools send (Django's contenttypes and auth migrations): ALTER COLUMN ... TYPE keeps
/// the rows, NOT NULL, defaults and named constraints and enforces the new length; DROP COLUMN ... CASCADE;
/// an operator class in CREATE INDEX; constraint names given by the statement appear in the catalog. A
/// type that is not a type name is refused before it reaches the table's definition.
/// </summary>
public sealed class MigrationDdlTests(WireServerFixture server) : IClassFixture<WireServerFixture>
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

    private static string SqlStateOf(NpgsqlConnection connection, string sql) =>
        Assert.Throws<PostgresException>(() => Scalar(connection, sql)).SqlState;

    [Fact]
    public void Alter_column_type_keeps_rows_and_constraints_and_enforces_the_new_length()
    {
        using var connection = Open(server.NewTenant("altertype"));
        Scalar(connection, "CREATE TABLE p (id serial NOT NULL PRIMARY KEY, name varchar(5) NOT NULL DEFAULT 'x', code varchar(3))");
        Scalar(connection, "ALTER TABLE p ADD CONSTRAINT p_name_code_uniq UNIQUE (name, code)");
        Scalar(connection, "INSERT INTO p (name, code) VALUES ('abcde', 'a')");
        Assert.Equal("22001", SqlStateOf(connection, "INSERT INTO p (name, code) VALUES ('abcdefgh', 'b')"));
        Scalar(connection, "ALTER TABLE \"p\" ALTER COLUMN \"name\" TYPE varchar(10)");
        Scalar(connection, "INSERT INTO p (name, code) VALUES ('abcdefgh', 'b')");
        Assert.Equal("22001", SqlStateOf(connection, "INSERT INTO p (name, code) VALUES ('abcdefghijk', 'c')"));
        Assert.Equal("23502", SqlStateOf(connection, "INSERT INTO p (name, code) VALUES (NULL, 'd')"));
        Assert.Equal("23505", SqlStateOf(connection, "INSERT INTO p (name, code) VALUES ('abcde', 'a')"));
        Assert.Equal("x", Scalar(connection, "INSERT INTO p (code) VALUES ('e') RETURNING name"));
        Assert.Equal(4L, Convert.ToInt64(Scalar(connection, "INSERT INTO p (code) VALUES ('f') RETURNING id"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("character varying(10)", Scalar(connection,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'p'::regclass AND attname = 'name'"));
        Assert.Equal("p_name_code_uniq", Scalar(connection, "SELECT conname FROM pg_constraint WHERE conrelid = 'p'::regclass AND contype = 'u'"));
        Scalar(connection, "ALTER TABLE p ALTER COLUMN code SET NOT NULL");
        Assert.Equal("23502", SqlStateOf(connection, "INSERT INTO p (name, code) VALUES ('n', NULL)"));
        Scalar(connection, "ALTER TABLE p ALTER COLUMN code DROP NOT NULL");
        Scalar(connection, "ALTER TABLE p ALTER COLUMN code SET DATA TYPE text");
        Assert.Equal("text", Scalar(connection, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'p'::regclass AND attname = 'code'"));
        Scalar(connection, "INSERT INTO p (name, code) VALUES ('n', NULL)");
        Assert.Equal(5L, Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM p"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Drop_column_cascade_operator_classes_and_named_foreign_keys()
    {
        using var connection = Open(server.NewTenant("dropcol"));
        Scalar(connection, "CREATE TABLE a (id serial PRIMARY KEY, name varchar(100) NOT NULL, old text)");
        Scalar(connection, "CREATE TABLE b (id serial PRIMARY KEY, a_id integer NOT NULL)");
        Scalar(connection, "ALTER TABLE b ADD CONSTRAINT b_a_id_fk_a_id FOREIGN KEY (a_id) REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED");
        Scalar(connection, "CREATE INDEX a_name_like ON a (name varchar_pattern_ops)");
        Scalar(connection, "ALTER TABLE a DROP COLUMN old CASCADE");
        Scalar(connection, "ALTER TABLE a DROP COLUMN IF EXISTS old");
        Assert.Equal(2L, Convert.ToInt64(Scalar(connection, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'a'"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("b_a_id_fk_a_id", Scalar(connection, "SELECT conname FROM pg_constraint WHERE conrelid = 'b'::regclass AND contype = 'f'"));
        Assert.Equal("a_name_like", Scalar(connection, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'a'::regclass AND NOT i.indisprimary"));
        Assert.Equal("a_id_seq", Scalar(connection,
            "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.refobjid = s.oid AND d.refclassid = 'pg_class'::regclass JOIN pg_attrdef ad ON ad.oid = d.objid AND d.classid = 'pg_attrdef'::regclass JOIN pg_class t ON t.oid = ad.adrelid WHERE s.relkind = 'S' AND t.relname = 'a'"));
    }

    [Fact]
    public void Alter_column_type_takes_only_a_type_name()
    {
        using var connection = Open(server.NewTenant("typeattack"));
        Scalar(connection, "CREATE TABLE v (id integer, s text)");
        Assert.Equal("42601", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text CHECK (1 = 1)"));
        // Words pass the wire layer's check; the engine refuses any that would add a constraint or a reference.
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text REFERENCES _tenantdb_column_types"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text REFERENCES v"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text PRIMARY KEY"));
        Assert.Equal("42601", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text, x integer"));
        Assert.Equal("42601", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE 'text'"));
        Assert.Equal("0A000", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN s TYPE text COLLATE \"C\""));
        Assert.Equal("42703", SqlStateOf(connection, "ALTER TABLE v ALTER COLUMN nowhere TYPE integer"));
        Assert.Contains(SqlStateOf(connection, "ALTER TABLE _tenantdb_column_types ALTER COLUMN pg_type TYPE integer"), new[] { "42501", "42P01" });
    }

    [Fact]
    public void Alter_column_type_using_computes_each_rows_new_value()
    {
        using var connection = Open(server.NewTenant("altusing"));
        Scalar(connection, "CREATE TABLE m (id serial PRIMARY KEY, s text, price text)");
        Scalar(connection, "INSERT INTO m (s, price) VALUES ('12', '1.50'), ('7', NULL), (NULL, '3')");
        Scalar(connection, "ALTER TABLE m ALTER COLUMN s TYPE integer USING s::integer");
        Assert.Equal("integer", Scalar(connection, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'm'::regclass AND attname = 's'"));
        Assert.Equal(new object?[] { 12, 7, null }, Values(connection, "SELECT s FROM m ORDER BY id"));
        Scalar(connection, "ALTER TABLE m ALTER COLUMN price SET DATA TYPE numeric(10,2) USING coalesce(price, '0')::numeric * 2 + id");
        Assert.Equal(new object?[] { 4m, 2m, 9m }, Values(connection, "SELECT price FROM m ORDER BY id"));

        // One statement: a value the new type refuses leaves the table as it was, and so does a rollback.
        Assert.Equal("22001", SqlStateOf(connection, "ALTER TABLE m ALTER COLUMN s TYPE varchar(1) USING s::text"));
        using (var transaction = connection.BeginTransaction())
        {
            Scalar(connection, "ALTER TABLE m ALTER COLUMN s TYPE text USING s || 'x'");
            Assert.Equal("12x", Scalar(connection, "SELECT s FROM m WHERE id = 1"));
            transaction.Rollback();
        }

        Assert.Equal(new object?[] { 12, 7, null }, Values(connection, "SELECT s FROM m ORDER BY id"));
    }

    [Fact]
    public void Alter_column_type_using_is_tenant_sql_under_the_tenants_rules()
    {
        using var connection = Open(server.NewTenant("usingattack"));
        Scalar(connection, "CREATE TABLE u (id integer PRIMARY KEY, s text)");
        Scalar(connection, "INSERT INTO u VALUES (1, 'a')");
        // Reserved tables, in main or in the connection's temp schema (where the values are staged), and
        // pragmas a tenant may not run, are refused as in any tenant statement.
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING (SELECT hex(module) FROM _tenantdb_procedures LIMIT 1)"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING s || (SELECT hex(sha256) FROM main._tenantdb_procedures)"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING (SELECT count(*) FROM temp._tenantdb_using_values)"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING (SELECT file FROM pragma_database_list LIMIT 1)"));
        Assert.Equal("42501", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING (SELECT count(*) FROM u WHERE EXISTS (SELECT 1 FROM _tenantdb_procedures WHERE length(module) > 0))"));
        // The expression cannot leave its parentheses to become another query or statement.
        Assert.Equal("42601", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING s) FROM _tenantdb_procedures UNION SELECT 1, (1"));
        Assert.NotEqual("00000", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING s, 1"));
        Assert.NotEqual("00000", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN s TYPE text USING ATTACH DATABASE ':memory:' AS x"));
        Assert.Equal("42703", SqlStateOf(connection, "ALTER TABLE u ALTER COLUMN nowhere TYPE text USING s"));
        // Nothing changed.
        Assert.Equal("a", Scalar(connection, "SELECT s FROM u"));
        Assert.Equal("text", Scalar(connection, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'u'::regclass AND attname = 's'"));
    }

    // The first column's values as Npgsql reads them for the column's type (null for NULL).
    private static List<object?> Values(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }
}
