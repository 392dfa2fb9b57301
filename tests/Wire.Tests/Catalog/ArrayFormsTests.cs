using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Catalog;

/// <summary>
/// The array forms of Django's introspection and of applications: <c>unnest(a, b) WITH ORDINALITY
/// alias(cols)</c> in FROM (over literals, parameters, an enclosing query's column, and a relation before
/// it in the same FROM list), <c>array_agg(x ORDER BY y)</c>, and <c>ARRAY(SELECT ... ORDER BY ... LIMIT ...)</c>
/// keeping its order. Each is checked against what PostgreSQL returns, and several arrays of different
/// lengths against a model (PostgreSQL pads the shorter ones with NULL).
/// </summary>
public sealed class ArrayFormsTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private readonly Lazy<string> _tenant = new(() => server.NewTenant("arrays"));

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(server.ConnectionString(_tenant.Value));
        connection.Open();
        return connection;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    [Fact]
    public void Unnest_in_from_with_ordinality_and_column_names()
    {
        using var connection = Open();
        Assert.Equal("10:1,20:2,30:3", Scalar(connection, "SELECT group_concat(x || ':' || n, ',') FROM unnest(ARRAY[10, 20, 30]) WITH ORDINALITY AS u(x, n)"));
        // Without a column list the column takes the alias's name; without an alias it is "unnest".
        Assert.Equal(60L, Convert.ToInt64(Scalar(connection, "SELECT sum(u) FROM unnest(ARRAY[10, 20, 30]) u"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3L, Convert.ToInt64(Scalar(connection, "SELECT count(unnest) FROM unnest(ARRAY[10, 20, 30])"), System.Globalization.CultureInfo.InvariantCulture));
        // Two arrays in step; the shorter padded with NULL.
        Assert.Equal("1/a/1,2/N/2,3/N/3", Scalar(connection,
            "SELECT group_concat(x || '/' || coalesce(y, 'N') || '/' || n, ',') FROM unnest(ARRAY[1, 2, 3], ARRAY['a']) WITH ORDINALITY AS u(x, y, n)"));
    }

    [Fact]
    public void Unnest_of_a_relation_before_it_and_of_an_enclosing_query()
    {
        using var connection = Open();
        Scalar(connection, "CREATE TABLE IF NOT EXISTS pairs (a integer, b integer, c integer)");
        Scalar(connection, "CREATE INDEX IF NOT EXISTS pairs_b_a ON pairs (b DESC, a)");
        // Django's index query: pg_index's keys and options read in step, one row per key.
        Assert.Equal("2:3:1,1:0:2", Scalar(connection, """
            SELECT group_concat(key || ':' || option || ':' || arridx, ',') FROM (
              SELECT * FROM pg_index i, unnest(i.indkey, i.indoption) WITH ORDINALITY koi(key, option, arridx)
              WHERE i.indexrelid = 'pairs_b_a'::regclass ORDER BY arridx) s
            """));
        // Django's constraint query: ARRAY(SELECT ... FROM unnest(c.conkey) ...) of the enclosing row, in key order.
        Scalar(connection, "CREATE TABLE IF NOT EXISTS keyed (x integer, y integer, z integer, CONSTRAINT keyed_zx UNIQUE (z, x))");
        using var command = new NpgsqlCommand("""
            SELECT c.conname, array(
                SELECT attname FROM unnest(c.conkey) WITH ORDINALITY cols(colid, arridx)
                JOIN pg_attribute AS ca ON cols.colid = ca.attnum
                WHERE ca.attrelid = c.conrelid ORDER BY cols.arridx)
            FROM pg_constraint AS c JOIN pg_class AS cl ON c.conrelid = cl.oid WHERE cl.relname = 'keyed'
            """, connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("keyed_zx", reader.GetString(0));
        Assert.Equal(["z", "x"], reader.GetFieldValue<string[]>(1));
        Assert.False(reader.Read());
    }

    [Fact]
    public void Array_aggregates_keep_the_order_asked_for()
    {
        using var connection = Open();
        // The elements of an unnest have their array's element type: the aggregate is integer[], as in PostgreSQL.
        Assert.Equal(new[] { 3, 2, 1 }, ((Array)Scalar(connection, "SELECT array_agg(x ORDER BY x DESC) FROM unnest(ARRAY[2, 3, 1]) AS u(x)")!)
            .Cast<object>().Select(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("{3,2,1}", Convert.ToString(Scalar(connection, "SELECT ARRAY(SELECT x FROM unnest(ARRAY[2, 3, 1]) AS u(x) ORDER BY x DESC)::text"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("{1,2}", Convert.ToString(Scalar(connection, "SELECT ARRAY(SELECT x FROM unnest(ARRAY[2, 3, 1]) AS u(x) ORDER BY x LIMIT 2)::text"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Unnest_of_a_parameter()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT group_concat(v || '@' || n, ',') FROM unnest(@a) WITH ORDINALITY AS t(v, n)", connection);
        command.Parameters.AddWithValue("a", new[] { 5, 6 });
        Assert.Equal("5@1,6@2", command.ExecuteScalar());
    }

    [Fact]
    public void Unnest_columns_take_their_arrays_element_type()
    {
        using var connection = Open();
        Scalar(connection, "CREATE TABLE IF NOT EXISTS typed_arrays (id integer PRIMARY KEY, f double precision[], b boolean[], t text[])");
        Scalar(connection, "DELETE FROM typed_arrays");
        Scalar(connection, "INSERT INTO typed_arrays VALUES (1, ARRAY[1.5, -2]::float8[], ARRAY[true, false]::boolean[], ARRAY['x', 'y']::text[])");

        // Parameters (int4[] and int8[]) read in step WITH ORDINALITY: integer, bigint and the ordinality as bigint.
        using (var command = new NpgsqlCommand("SELECT v, w, n FROM unnest(@a, @b) WITH ORDINALITY AS u(v, w, n) ORDER BY n", connection))
        {
            command.Parameters.AddWithValue("a", new[] { 5, 6 });
            command.Parameters.AddWithValue("b", new long[] { 7 });
            using var reader = command.ExecuteReader();
            Assert.Equal(["integer", "bigint", "bigint"], Enumerable.Range(0, 3).Select(reader.GetDataTypeName));
            Assert.True(reader.Read());
            Assert.Equal((5, 7L, 1L), (reader.GetFieldValue<int>(0), reader.GetFieldValue<long>(1), reader.GetFieldValue<long>(2)));
            Assert.True(reader.Read());
            Assert.Equal((6, true, 2L), (reader.GetFieldValue<int>(0), reader.IsDBNull(1), reader.GetFieldValue<long>(2)));
        }

        // Casts, literals and columns of a relation before the unnest.
        Assert.Equal([1.5, -2.0], Column<double>(connection, "SELECT e FROM typed_arrays t, unnest(t.f) AS e WHERE t.id = 1", "double precision"));
        Assert.Equal([true, false], Column<bool>(connection, "SELECT e FROM typed_arrays t, unnest(t.b) AS e", "boolean"));
        Assert.Equal(["x", "y"], Column<string>(connection, "SELECT e FROM typed_arrays t, unnest(t.t) AS e", "text"));
        Assert.Equal([3L, 4L], Column<long>(connection, "SELECT x FROM unnest('{3,4}'::int8[]) AS x", "bigint"));
        Assert.Equal([2, 3], Column<int>(connection, "SELECT u.x FROM unnest(ARRAY[2, 3]) AS u(x)", "integer"));
        // pg_index.indkey is an int2vector: its keys are smallint, as in PostgreSQL.
        Assert.Equal([(short)1], Column<short>(connection, "SELECT k FROM pg_catalog.pg_index i, unnest(i.indkey) AS k WHERE i.indrelid = 'typed_arrays'::regclass", "smallint"));
    }

    private static List<T> Column<T>(NpgsqlConnection connection, string sql, string typeName)
    {
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        Assert.Equal(typeName, reader.GetDataTypeName(0));
        var values = new List<T>();
        while (reader.Read()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    [Fact]
    public void Unnest_over_a_reserved_relation_is_refused_like_the_relation_itself()
    {
        using var connection = Open();
        var plain = Assert.Throws<PostgresException>(() => Scalar(connection, "SELECT * FROM _tenantdb_column_types t"));
        var unnested = Assert.Throws<PostgresException>(() => Scalar(connection, "SELECT * FROM _tenantdb_column_types t, unnest(t.table_name) WITH ORDINALITY u(v, n)"));
        Assert.Equal(plain.SqlState, unnested.SqlState);
        Assert.StartsWith("42", unnested.SqlState, StringComparison.Ordinal);
    }

    private static Gen<int?[][]> Arrays() =>
        from count in Gen.Choose(1, 3)
        from arrays in Gen.ArrayOf(
            from length in Gen.Choose(0, 5)
            from items in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant<int?>(null)), (4, Gen.Choose(-50, 50).Select(v => (int?)v))), length)
            select items, count)
        select arrays;

    /// <summary>Several arrays of random lengths (with NULL elements) read in step, as PostgreSQL pads them.</summary>
    [Property(MaxTest = 30)]
    public Property Several_arrays_are_read_in_step_and_padded_with_null() =>
        Prop.ForAll(
            Arrays().ToArbitrary(),
            arrays =>
            {
                using var connection = Open();
                var literals = arrays.Select(a => "ARRAY[" + string.Join(", ", a.Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL")) + "]::integer[]");
                var names = Enumerable.Range(0, arrays.Length).Select(k => $"c{k}").ToArray();
                var row = string.Join(" || '/' || ", names.Select(n => $"coalesce({n}::text, 'N')"));
                var sql = $"SELECT group_concat({row} || '/' || n, ',') FROM unnest({string.Join(", ", literals)}) WITH ORDINALITY AS u({string.Join(", ", names)}, n)";
                int length = arrays.Max(a => a.Length);
                var expected = string.Join(',', Enumerable.Range(0, length).Select(i =>
                    string.Join('/', arrays.Select(a => i < a.Length && a[i] is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "N")) + "/" + (i + 1)));
                var actual = Scalar(connection, sql);
                return (length == 0 ? actual is null or DBNull : Equals(expected, actual)).Label($"{sql} gave {actual}, expected {expected}");
            });
}
