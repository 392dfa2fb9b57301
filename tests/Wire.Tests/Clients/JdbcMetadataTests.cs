using TenantDb.TestKit;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients;

/// <summary>
/// pgJDBC (Debian's libpostgresql-jdbc-java) reads the catalog through <c>DatabaseMetaData</c>, unmodified:
/// getSchemas, getTables, getColumns, getPrimaryKeys, getImportedKeys/getExportedKeys and getIndexInfo
/// (a DESC key column is ASC_OR_DESC 'D') return the rows PostgreSQL returns for the same schema. One java process (single-file source launch)
/// runs every call.
/// </summary>
public sealed class JdbcMetadataTests(WireServerFixture server) : IClassFixture<WireServerFixture>
{
    private const string Program = """
        import java.sql.*;
        import java.util.*;

        public class Metadata {
            // Columns are read with getString, or getBoolean / getInt when named "NAME:bool" / "NAME:int".
            static List<String> rows(ResultSet rs, String... columns) throws SQLException {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    StringBuilder b = new StringBuilder();
                    for (String c : columns) {
                        if (b.length() > 0) b.append('|');
                        if (c.endsWith(":bool")) b.append(rs.getBoolean(c.substring(0, c.length() - 5)));
                        else if (c.endsWith(":int")) b.append(rs.getInt(c.substring(0, c.length() - 4)));
                        else b.append(rs.getString(c));
                    }
                    out.add(b.toString());
                }
                rs.close();
                return out;
            }

            public static void main(String[] args) throws Exception {
                String url = "jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/" + System.getenv("PGDATABASE");
                try (Connection c = DriverManager.getConnection(url, System.getenv("PGUSER"), System.getenv("PGPASSWORD"))) {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE customers (id serial PRIMARY KEY, email varchar(100) NOT NULL UNIQUE, score numeric(8,2) DEFAULT 0)");
                        s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers(id) ON DELETE CASCADE, placed date, note text)");
                        s.execute("CREATE INDEX orders_placed ON orders (placed)");
                        s.execute("CREATE INDEX orders_recent ON orders (customer_id, placed DESC)");
                        s.execute("CREATE VIEW big_orders AS SELECT id, note FROM orders");
                    }
                    DatabaseMetaData md = c.getMetaData();
                    System.out.println("schemas " + rows(md.getSchemas(), "TABLE_SCHEM"));
                    System.out.println("tables " + rows(md.getTables(null, "public", "%", new String[] {"TABLE", "VIEW"}), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
                    System.out.println("customers " + rows(md.getColumns(null, "public", "customers", "%"), "COLUMN_NAME", "DATA_TYPE:int", "TYPE_NAME", "COLUMN_SIZE:int", "DECIMAL_DIGITS:int", "IS_NULLABLE", "COLUMN_DEF", "IS_AUTOINCREMENT", "ORDINAL_POSITION:int"));
                    System.out.println("orders " + rows(md.getColumns(null, "public", "orders", "%"), "COLUMN_NAME", "TYPE_NAME", "IS_NULLABLE"));
                    System.out.println("pk " + rows(md.getPrimaryKeys(null, "public", "orders"), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ:int", "PK_NAME"));
                    System.out.println("imported " + rows(md.getImportedKeys(null, "public", "orders"), "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ:int", "UPDATE_RULE:int", "DELETE_RULE:int", "FK_NAME", "PK_NAME"));
                    System.out.println("exported " + rows(md.getExportedKeys(null, "public", "customers"), "FKTABLE_NAME", "FKCOLUMN_NAME"));
                    System.out.println("indexes " + rows(md.getIndexInfo(null, "public", "orders", false, false), "INDEX_NAME", "NON_UNIQUE:bool", "COLUMN_NAME", "ORDINAL_POSITION:int", "ASC_OR_DESC"));
                    System.out.println("unique " + rows(md.getIndexInfo(null, "public", "customers", true, false), "INDEX_NAME", "NON_UNIQUE:bool", "COLUMN_NAME"));
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO customers (email) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
                        p.setString(1, "a@example.com");
                        p.executeUpdate();
                        ResultSet k = p.getGeneratedKeys();
                        k.next();
                        System.out.println("generated " + k.getInt(1));
                    }
                    System.out.println("ok");
                }
            }
        }
        """;

    [SkippableFact]
    public void Database_metadata_lists_the_tenants_schema()
    {
        var jar = ExternalTool.JavaJdbc.Require();
        var java = TenantDb.TestKit.SearchPath.Find("java")!;
        var tenant = server.NewTenant("jdbc");
        using var directory = new TempDirectory("tenantdb-jdbc-");
        var source = directory.File("Metadata.java");
        File.WriteAllText(source, Program);
        var (code, stdout, stderr) = ChildProcess.Run(java, ["-cp", jar, source], server.ClientEnvironment(tenant), 180);
        Assert.True(code == 0, $"java failed ({code}): {stderr}\n{stdout}");
        var expected = """
            schemas [information_schema, pg_catalog, public]
            tables [public|customers|TABLE, public|orders|TABLE, public|big_orders|VIEW]
            customers [id|4|serial|10|0|NO|nextval('customers_id_seq'::regclass)|YES|1, email|12|varchar|100|0|NO|null|NO|2, score|2|numeric|8|2|YES|0|NO|3]
            orders [id|int8|NO, customer_id|int4|NO, placed|date|YES, note|text|YES]
            pk [orders|id|1|orders_pkey]
            imported [customers|id|orders|customer_id|1|3|0|orders_customer_id_fkey|customers_pkey]
            exported [orders|customer_id]
            indexes [orders_pkey|false|id|1|A, orders_placed|true|placed|1|A, orders_recent|true|customer_id|1|A, orders_recent|true|placed|2|D]
            unique [customers_email_key|false|email, customers_pkey|false|id]
            generated 1
            ok
            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), stdout.Trim().ReplaceLineEndings("\n"));
    }
}
