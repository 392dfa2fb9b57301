using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Catalog;

/// <summary>
/// For random schemas (tables with columns of each supported type, primary keys, unique columns,
/// foreign keys and indexes), <c>information_schema.columns</c> and <c>pg_attribute</c> describe exactly
/// the columns SQLite's <c>PRAGMA table_xinfo</c> reports: same names in the same order, the same
/// nullability (a primary key column is NOT NULL, as in PostgreSQL), and the PostgreSQL type the
/// declaration names; and pg_index, the foreign keys and the unique constraints describe the indexes and
/// keys <c>PRAGMA index_list</c>, <c>index_info</c> and <c>foreign_key_list</c> report.
/// </summary>
public sealed class CatalogColumnsProperties(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    /// <summary>Declared type and the name information_schema.columns.data_type gives it.</summary>
    private static readonly (string Declared, string PgName)[] Types =
    [
        ("integer", "integer"), ("bigint", "bigint"), ("smallint", "smallint"), ("text", "text"),
        ("varchar(20)", "character varying"), ("char(3)", "character"), ("numeric(10,2)", "numeric"), ("real", "real"),
        ("double precision", "double precision"), ("boolean", "boolean"), ("bytea", "bytea"), ("date", "date"),
        ("timestamp", "timestamp without time zone"), ("timestamptz", "timestamp with time zone"), ("interval", "interval"),
        ("uuid", "uuid"), ("json", "json"), ("jsonb", "jsonb"), ("time", "time without time zone"),
    ];

    private sealed record Column(string Name, int Type, bool NotNull, bool Unique, bool Indexed);

    private sealed record Table(string Name, Column[] Columns, bool PrimaryKey, bool ReferencesFirst);

    private static Gen<Table[]> Schemas() =>
        from count in Gen.Choose(1, 3)
        from tables in Gen.ArrayOf(
            from columnCount in Gen.Choose(1, 5)
            from columns in Gen.ArrayOf(
                from type in Gen.Choose(0, Types.Length - 1)
                from notNull in Gen.Elements(true, false)
                from unique in Gen.Frequency((1, Gen.Constant(true)), (4, Gen.Constant(false)))
                from indexed in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
                select (type, notNull, unique, indexed), columnCount)
            from primaryKey in Gen.Elements(true, false)
            from references in Gen.Elements(true, false)
            select (columns, primaryKey, references), count)
        select tables.Select((t, i) => new Table(
            $"t{i}",
            t.columns.Select((c, j) => new Column($"c{j}", c.type, c.notNull, c.unique, c.indexed)).ToArray(),
            t.primaryKey,
            i > 0 && t.references)).ToArray();

    private static string Ddl(Table[] schema)
    {
        var sql = new System.Text.StringBuilder();
        bool firstHasIntegerKey = schema[0].PrimaryKey && schema[0].Columns[0].Type == 0;
        foreach (var table in schema)
        {
            var parts = table.Columns.Select(c =>
                $"{c.Name} {Types[c.Type].Declared}{(c.NotNull ? " NOT NULL" : "")}{(c.Unique ? " UNIQUE" : "")}").ToList();
            if (table.ReferencesFirst && firstHasIntegerKey) parts.Add("ref integer REFERENCES t0(c0)");
            if (table.PrimaryKey) parts.Add("PRIMARY KEY (c0)");
            sql.Append($"CREATE TABLE {table.Name} ({string.Join(", ", parts)});\n");
            foreach (var c in table.Columns.Where(c => c.Indexed)) sql.Append($"CREATE INDEX {table.Name}_{c.Name}_idx ON {table.Name} ({c.Name});\n");
        }

        return sql.ToString();
    }

    private static List<object?[]> Rows(NpgsqlConnection connection, string sql, string table)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", table);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    // Every SQLite index (and an INTEGER PRIMARY KEY, which is the rowid and has none) is one pg_index row
    // with the same key columns (attnum = cid + 1), uniqueness and primary flag.
    private static void AssertIndexesAgree(NpgsqlConnection connection, string table)
    {
        var expected = Rows(connection, """
            SELECT il.origin = 'pk', il."unique",
                   (SELECT group_concat(cid + 1, ' ') FROM (SELECT cid FROM pragma_index_info(il.name) ORDER BY seqno))
            FROM pragma_index_list(@t) il
            """, table).Select(r => $"{Flag(r[0])}|{Flag(r[1])}|{r[2]}").ToList();
        var keys = Rows(connection, "SELECT cid + 1 FROM pragma_table_xinfo(@t) WHERE pk > 0 ORDER BY pk", table).Select(r => Convert.ToString(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (keys.Count > 0 && !expected.Exists(e => e.StartsWith("True|", StringComparison.Ordinal))) expected.Add($"True|True|{string.Join(' ', keys)}");
        var actual = Rows(connection, """
            SELECT i.indisprimary, i.indisunique, i.indkey::text FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_class c ON c.oid = i.indrelid WHERE c.relname = @t
            """, table).Select(r => $"{Flag(r[0])}|{Flag(r[1])}|{r[2]}").ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    // Foreign keys (column -> referenced table) and unique constraints, as information_schema shows them,
    // are the ones PRAGMA foreign_key_list and index_list report.
    private static void AssertKeysAgree(NpgsqlConnection connection, string table)
    {
        var expected = Rows(connection, "SELECT \"from\", \"table\" FROM pragma_foreign_key_list(@t)", table).Select(r => $"{r[0]}>{r[1]}").Order(StringComparer.Ordinal);
        var actual = Rows(connection, """
            SELECT k.column_name, pk.table_name FROM information_schema.referential_constraints rc
            JOIN information_schema.key_column_usage k ON k.constraint_name = rc.constraint_name
            JOIN information_schema.table_constraints pk ON pk.constraint_name = rc.unique_constraint_name
            WHERE k.table_name = @t
            """, table).Select(r => $"{r[0]}>{r[1]}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);
        var unique = Rows(connection, "SELECT count(*) FROM pragma_index_list(@t) WHERE origin = 'u'", table)[0][0];
        var uniqueConstraints = Rows(connection, "SELECT count(*) FROM information_schema.table_constraints WHERE table_name = @t AND constraint_type = 'UNIQUE'", table)[0][0];
        Assert.Equal(Convert.ToInt64(unique, System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(uniqueConstraints, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Flag(object? value) => value switch
    {
        bool b => b ? "True" : "False",
        null => "False",
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0 ? "True" : "False",
    };

    [Property(MaxTest = 25)]
    public Property Information_schema_and_pg_attribute_agree_with_table_xinfo() =>
        Prop.ForAll(Schemas().ToArbitrary(), schema =>
        {
            var tenant = server.NewTenant("catprop");
            using var connection = new NpgsqlConnection(server.ConnectionString(tenant));
            connection.Open();
            using (var create = new NpgsqlCommand(Ddl(schema), connection)) create.ExecuteNonQuery();
            foreach (var table in schema)
            {
                var xinfo = Rows(connection, "SELECT name, \"notnull\", pk FROM pragma_table_xinfo(@t) ORDER BY cid", table.Name);
                var info = Rows(connection, "SELECT column_name, is_nullable, data_type, ordinal_position FROM information_schema.columns WHERE table_name = @t ORDER BY ordinal_position", table.Name);
                var attributes = Rows(connection, """
                    SELECT a.attname, a.attnotnull, pg_catalog.format_type(a.atttypid, NULL), a.attnum
                    FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                    WHERE c.relname = @t AND a.attnum > 0 ORDER BY a.attnum
                    """, table.Name);
                Assert.Equal(xinfo.Count, info.Count);
                Assert.Equal(xinfo.Count, attributes.Count);
                for (int i = 0; i < xinfo.Count; i++)
                {
                    string name = (string)xinfo[i][0]!;
                    bool notNull = Convert.ToInt64(xinfo[i][1], System.Globalization.CultureInfo.InvariantCulture) != 0
                        || Convert.ToInt64(xinfo[i][2], System.Globalization.CultureInfo.InvariantCulture) != 0;
                    Assert.Equal(name, info[i][0]);
                    Assert.Equal(name, attributes[i][0]);
                    Assert.Equal(i + 1, Convert.ToInt32(info[i][3], System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(i + 1, Convert.ToInt32(attributes[i][3], System.Globalization.CultureInfo.InvariantCulture));
                    Assert.Equal(notNull ? "NO" : "YES", info[i][1]);
                    Assert.Equal(notNull, attributes[i][1]);
                    Assert.Equal(info[i][2], attributes[i][2]);
                    var declared = table.Columns.FirstOrDefault(c => c.Name == name);
                    Assert.Equal(declared is null ? "integer" : Types[declared.Type].PgName, info[i][2]);
                }

                AssertIndexesAgree(connection, table.Name);
                AssertKeysAgree(connection, table.Name);
            }

            return true;
        });
}
