using Dapper;
using TenantDb.Engine;
using TenantDb.Engine.Errors;
using TenantDb.Engine.PgCatalog;
using Xunit;

namespace TenantDb.Engine.Tests.PgCatalog;

/// <summary>
/// The catalog relations and functions, read the way psql, JDBC and ORMs read them (with the
/// <c>pg_catalog.</c> qualifiers the wire front end removes already removed).
/// </summary>
public sealed class PgCatalogTests : IDisposable
{
    private readonly TenantDbEngine _engine = TenantDbEngine.OpenInMemory();
    private readonly TenantSession _session;

    public PgCatalogTests()
    {
        _engine.CreateTenant("shop");
        _engine.SetPassword("shop", "alice", "secret-password");
        _session = _engine.OpenSession("shop");
        _session.Connection.Execute("""
            CREATE TABLE items (id INTEGER PRIMARY KEY, name varchar(40) NOT NULL DEFAULT 'x', price numeric(10,2), created timestamptz);
            CREATE TABLE orders (id bigint PRIMARY KEY, item_id int REFERENCES items(id) ON DELETE CASCADE, qty int, code text UNIQUE);
            CREATE INDEX orders_item ON orders(item_id DESC);
            CREATE VIEW cheap AS SELECT id, name FROM items WHERE price < 10;
            """);
        _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice"));
    }

    public void Dispose()
    {
        _session.Dispose();
        _engine.Dispose();
    }

    [Fact]
    public void PsqlListOfRelationsShowsTablesAndNothingReserved()
    {
        var rows = _session.Connection.Query<(string Schema, string Name, string Type, string Owner)>("""
            SELECT n.nspname, c.relname,
              CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'i' THEN 'index' END,
              pg_get_userbyid(c.relowner)
            FROM pg_class c LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r','v','p','') AND n.nspname <> 'pg_catalog' AND pg_table_is_visible(c.oid)
            ORDER BY 1, 2
            """).ToList();
        Assert.Equal([("public", "cheap", "view", "shop"), ("public", "items", "table", "shop"), ("public", "orders", "table", "shop")], rows);
    }

    [Fact]
    public void PsqlDescribeColumnsGivesTypesDefaultsAndNotNull()
    {
        uint oid = _session.Connection.QuerySingle<uint>("SELECT c.oid FROM pg_class c WHERE c.relname REGEXP '^(items)$'");
        var columns = _session.Connection.Query<(string Name, string Type, string? Default, bool NotNull)>("""
            SELECT a.attname, format_type(a.atttypid, a.atttypmod),
              (SELECT pg_get_expr(d.adbin, d.adrelid, 1) FROM pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
              a.attnotnull
            FROM pg_attribute a WHERE a.attrelid = @oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """, new { oid = oid.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
        Assert.Equal(
        [
            ("id", "integer", null, true),
            ("name", "character varying(40)", "'x'::character varying", true),
            ("price", "numeric(10,2)", null, false),
            ("created", "timestamp with time zone", null, false),
        ], columns);
    }

    [Fact]
    public void IndexesAndConstraintsDescribeKeysLikePostgreSql()
    {
        var indexes = _session.Connection.Query<(string Name, bool Primary, bool Unique, string Definition)>("""
            SELECT c2.relname, i.indisprimary, i.indisunique, pg_get_indexdef(i.indexrelid, 0, 1)
            FROM pg_class c, pg_class c2, pg_index i
            WHERE c.relname = 'orders' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
            ORDER BY i.indisprimary DESC, c2.relname
            """).ToList();
        Assert.Equal(
        [
            ("orders_pkey", true, true, "CREATE UNIQUE INDEX orders_pkey ON public.orders USING btree (id)"),
            ("orders_code_key", false, true, "CREATE UNIQUE INDEX orders_code_key ON public.orders USING btree (code)"),
            ("orders_item", false, false, "CREATE INDEX orders_item ON public.orders USING btree (item_id DESC)"),
        ], indexes);

        var foreignKeys = _session.Connection.Query<(string Name, string Definition, string Referenced)>("""
            SELECT conname, pg_get_constraintdef(r.oid, 1), tenantdb_regclass_name(confrelid)
            FROM pg_constraint r WHERE r.conrelid = tenantdb_regclass_oid('orders') AND r.contype = 'f'
            """).ToList();
        Assert.Equal([("orders_item_id_fkey", "FOREIGN KEY (item_id) REFERENCES items(id) ON DELETE CASCADE", "items")], foreignKeys);

        // The rowid primary key has no SQLite index, but PostgreSQL shows one.
        Assert.Equal("PRIMARY KEY (id)", _session.Connection.QuerySingle<string>(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = tenantdb_regclass_oid('items') AND contype = 'p'"));
    }

    [Fact]
    public void InformationSchemaAgreesWithPgAttribute()
    {
        var columns = _session.Connection.Query<(string Table, string Column, string DataType, string Nullable, int? Length)>("""
            SELECT table_name, column_name, data_type, is_nullable, character_maximum_length
            FROM "information_schema.columns" WHERE table_schema = 'public' AND table_name = 'items' ORDER BY ordinal_position
            """).ToList();
        Assert.Equal(
        [
            ("items", "id", "integer", "NO", null),
            ("items", "name", "character varying", "NO", 40),
            ("items", "price", "numeric", "YES", null),
            ("items", "created", "timestamp with time zone", "YES", null),
        ], columns);
        Assert.Equal(["cheap", "items", "orders"], _session.Connection.Query<string>(
            "SELECT table_name FROM \"information_schema.tables\" WHERE table_schema = 'public' ORDER BY 1"));
        Assert.Equal("SELECT id, name FROM items WHERE price < 10", _session.Connection.QuerySingle<string>(
            "SELECT view_definition FROM \"information_schema.views\" WHERE table_name = 'cheap'"));
    }

    [Fact]
    public void TheCatalogFollowsSchemaChanges()
    {
        _session.Connection.Execute("CREATE TABLE later (x int)");
        Assert.Equal(0, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relname = 'later'"));
        _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice"));
        Assert.Equal(1, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relname = 'later'"));
        _session.Connection.Execute("DROP TABLE later");
        _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice"));
        Assert.Equal(0, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relname = 'later'"));
    }

    [Fact]
    public void ARolledBackRefreshIsRedone()
    {
        _session.Begin();
        _session.Connection.Execute("CREATE TABLE inside (x int)");
        _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice"));
        Assert.Equal(1, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relname = 'inside'"));
        _session.Rollback();
        _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice"));
        Assert.Equal(0, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relname = 'inside'"));
        Assert.Equal(3, _session.Connection.QuerySingle<int>("SELECT count(*) FROM pg_class WHERE relkind IN ('r','v')"));
    }

    [Fact]
    public void SessionFunctionsAreOrdinaryFunctions()
    {
        var row = _session.Connection.QuerySingle<(string Db, string User, string Version)>("SELECT current_database(), current_user(), version()");
        Assert.Equal(("shop", "alice", PgSessionInfo.ServerVersionString), row);
        Assert.Equal(["alice", "pg_database_owner", "shop"], _session.Connection.Query<string>("SELECT rolname FROM pg_roles ORDER BY 1"));
        Assert.Equal("shop", _session.Connection.QuerySingle<string>("SELECT datname FROM pg_database"));
    }

    [Fact]
    public void NothingReservedOrInternalIsListed()
    {
        var names = _session.Connection.Query<string>("SELECT relname FROM pg_class UNION ALL SELECT attname FROM pg_attribute WHERE attname LIKE '%tenantdb%' UNION ALL SELECT table_name FROM \"information_schema.tables\"").ToList();
        Assert.DoesNotContain(names, n => n.Contains("tenantdb", StringComparison.OrdinalIgnoreCase) || n.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase) || n.StartsWith("pg_", StringComparison.Ordinal));
    }

    [Fact]
    public void ATenantTriggerOnACatalogTableCannotRunInsideTheRefresh()
    {
        _session.Connection.Execute("CREATE TEMP TABLE log (x)");
        _session.Connection.Execute("CREATE TEMP TRIGGER spy AFTER INSERT ON pg_class BEGIN INSERT INTO log VALUES (NEW.relname); END");
        _session.Connection.Execute("CREATE TABLE bump (x int)");
        var error = Assert.Throws<TenantDbException>(() => _session.EnsurePgCatalog(PgSessionInfo.ForUser("alice")));
        Assert.Contains("spy", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _session.Connection.QuerySingle<int>("SELECT count(*) FROM log"));
    }

    [Fact]
    public void RegularExpressionsAreBoundedAndValidated()
    {
        Assert.Equal(1, _session.Connection.QuerySingle<int>("SELECT 'items' REGEXP '^(it.*)$'"));
        Assert.Equal(0, _session.Connection.QuerySingle<int>("SELECT tenantdb_regexp_i('^ORDERS$', 'items')"));
        Assert.ThrowsAny<Exception>(() => _session.Connection.QuerySingle<int>("SELECT 'x' REGEXP '('"));
        Assert.ThrowsAny<Exception>(() => _session.Connection.QuerySingle<int>($"SELECT 'x' REGEXP '{new string('a', PgCatalogFunctions.MaxPatternLength + 1)}'"));
        // A pattern that backtracks exponentially elsewhere stays linear here.
        Assert.Equal(0, _session.Connection.QuerySingle<int>($"SELECT '{new string('a', 5000)}!' REGEXP '^(a+)+$'"));
    }

    [Fact]
    public void ArraysAreArrayLiteralsWithHelpers()
    {
        Assert.Equal("{1,\"a b\",NULL}", _session.Connection.QuerySingle<string>("SELECT tenantdb_array(1, 'a b', NULL)"));
        Assert.Equal(["{1,2}", "{3}"], _session.Connection.Query<string>(
            "SELECT tenantdb_array_agg(v) FROM (SELECT 1 AS g, 1 AS v UNION ALL SELECT 1, 2 UNION ALL SELECT 2, 3) GROUP BY g ORDER BY g"));
        Assert.Equal(1, _session.Connection.QuerySingle<int>("SELECT 2 IN (SELECT value FROM json_each(tenantdb_array_json('{1,2}')))"));
        Assert.Equal("a,b", _session.Connection.QuerySingle<string>("SELECT array_to_string('{a,NULL,b}', ',')"));
        Assert.Equal("b", _session.Connection.QuerySingle<string>("SELECT tenantdb_array_get('{a,b}', 2)"));
    }
}
