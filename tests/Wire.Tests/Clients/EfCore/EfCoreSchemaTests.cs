using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;
using Xunit.Abstractions;

namespace TenantDb.Wire.Tests.Clients.EfCore;

/// <summary>
/// EF Core (Npgsql.EntityFrameworkCore.PostgreSQL, unmodified) creating and migrating a tenant's schema over
/// 127.0.0.1: <c>EnsureCreated</c>, <c>EnsureDeleted</c>, <c>Database.Migrate()</c> with migrations, and the
/// catalog rows EF's identity columns leave behind.
/// </summary>
public sealed class EfCoreSchemaTests(WireServerFixture server, ITestOutputHelper output) : IClassFixture<WireServerFixture>
{
    [Fact]
    public void EnsureCreated_creates_the_schema_once_and_then_is_a_no_op()
    {
        var tenant = server.NewTenant("ef-create");
        using (var db = ShopContexts.Create(server.ConnectionString(tenant), output.WriteLine))
        {
            Assert.True(db.Database.EnsureCreated());
            Assert.False(db.Database.EnsureCreated());
            Assert.True(db.Database.CanConnect());
        }
        using (var again = ShopContexts.Create(server.ConnectionString(tenant)))
        {
            Assert.False(again.Database.EnsureCreated());
            Assert.Empty(again.Orders.ToList());
        }
        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using var tables = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name", c);
        using var r = tables.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        Assert.Equal(["Customers", "Orders"], names);
    }

    [Fact]
    public void Identity_columns_are_shown_as_identity_columns_in_the_catalog()
    {
        var tenant = server.NewTenant("ef-identity");
        using (var db = ShopContexts.Create(server.ConnectionString(tenant), output.WriteLine)) db.Database.EnsureCreated();
        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using (var attributes = new NpgsqlCommand(
            "SELECT c.relname, a.attname, a.attidentity, pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL " +
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE a.attname = 'Id' AND c.relkind = 'r' ORDER BY c.relname", c))
        using (var r = attributes.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal(("Customers", "d"), (r.GetString(0), r.GetString(2)));
            Assert.True(r.GetBoolean(3)); // PostgreSQL names an identity column's sequence too
            Assert.True(r.Read());
            Assert.Equal(("Orders", "a"), (r.GetString(0), r.GetString(2)));
            Assert.False(r.Read());
        }
        using (var columns = new NpgsqlCommand(
            "SELECT table_name, column_name, is_identity, identity_generation, column_default FROM information_schema.columns " +
            "WHERE table_schema = 'public' AND column_name IN ('Id', 'Name') ORDER BY table_name, column_name", c))
        using (var r = columns.ExecuteReader())
        {
            var rows = new List<string>();
            while (r.Read()) rows.Add($"{r.GetString(0)}.{r.GetString(1)} {r.GetString(2)} {(r.IsDBNull(3) ? "-" : r.GetString(3))} {(r.IsDBNull(4) ? "-" : r.GetString(4))}");
            Assert.Equal(["Customers.Id YES BY DEFAULT -", "Customers.Name NO - -", "Orders.Id YES ALWAYS -"], rows);
        }
        // A serial column stays a serial column: a nextval default and no identity.
        using (var create = new NpgsqlCommand("CREATE TABLE plain (id serial PRIMARY KEY, v text)", c)) create.ExecuteNonQuery();
        using (var serial = new NpgsqlCommand("SELECT a.attidentity, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE c.relname = 'plain' AND a.attname = 'id'", c))
        using (var r = serial.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal("", r.GetString(0));
            Assert.Equal("nextval('plain_id_seq'::regclass)", r.GetString(1));
        }
    }

    [Fact]
    public void EnsureDeleted_is_refused_because_a_tenant_cannot_drop_its_own_database()
    {
        var tenant = server.NewTenant("ef-delete");
        using var db = ShopContexts.Create(server.ConnectionString(tenant), output.WriteLine);
        db.Database.EnsureCreated();
        var e = Assert.ThrowsAny<PostgresException>(() => db.Database.EnsureDeleted());
        output.WriteLine($"{e.SqlState}: {e.MessageText}");
        Assert.Equal("3D000", e.SqlState);
        // Nothing was dropped.
        using var again = ShopContexts.Create(server.ConnectionString(tenant));
        Assert.Equal(0, again.Customers.Count());
    }

    [Fact]
    public void Migrate_applies_migrations_in_order_and_records_them_in_the_history_table()
    {
        var tenant = server.NewTenant("ef-migrate");
        using (var db = new LibraryContext(LibraryContext.Options(server.ConnectionString(tenant), output.WriteLine)))
        {
            Assert.Equal(["20260101000000_InitialCreate", "20260102000000_AddIsbn"], db.Database.GetPendingMigrations());
            db.Database.Migrate();
            Assert.Empty(db.Database.GetPendingMigrations());
            Assert.Equal(["20260101000000_InitialCreate", "20260102000000_AddIsbn"], db.Database.GetAppliedMigrations());
            var author = new Author { Name = "Le Guin" };
            author.Books.Add(new Book { Title = "The Dispossessed", Published = ShopContexts.Utc(1974, 5, 1), Isbn = "978-0-06-051275-4" });
            author.Books.Add(new Book { Title = "The Lathe of Heaven", Published = ShopContexts.Utc(1971, 1, 1) });
            db.Authors.Add(author);
            db.SaveChanges();
            Assert.True(author.Id > 0);
        }
        using (var db = new LibraryContext(LibraryContext.Options(server.ConnectionString(tenant), output.WriteLine)))
        {
            db.Database.Migrate(); // nothing pending: a no-op
            var books = db.Books.Include(b => b.Author).OrderBy(b => b.Published).ToList();
            Assert.Equal(["The Lathe of Heaven", "The Dispossessed"], books.Select(b => b.Title));
            Assert.All(books, b => Assert.Equal("Le Guin", b.Author!.Name));
            // The unique index of the second migration holds.
            db.Books.Add(new Book { AuthorId = books[0].AuthorId, Title = "copy", Published = ShopContexts.Utc(2000, 1, 1), Isbn = "978-0-06-051275-4" });
            var e = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
            Assert.Equal("23505", Assert.IsType<PostgresException>(e.InnerException).SqlState);
        }
        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using var history = new NpgsqlCommand("SELECT \"MigrationId\", \"ProductVersion\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"", c);
        using var r = history.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal("20260101000000_InitialCreate", r.GetString(0));
        Assert.StartsWith("10.", r.GetString(1));
        Assert.True(r.Read());
        Assert.False(r.Read());
    }
}
