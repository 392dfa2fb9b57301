using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;
using Xunit.Abstractions;

namespace TenantDb.Wire.Tests.Clients.EfCore;

/// <summary>
/// <c>Database.Migrate()</c> with a migration that changes a column's default (ALTER COLUMN ... SET DEFAULT)
/// and its key from an identity BY DEFAULT to ALWAYS (ALTER COLUMN ... SET GENERATED ALWAYS): the rows stay,
/// new rows get the new default, and an explicit key is then refused as PostgreSQL refuses it.
/// </summary>
public sealed class EfCoreAlterColumnTests(WireServerFixture server, ITestOutputHelper output) : IClassFixture<WireServerFixture>
{
    [Fact]
    public void A_migration_changing_a_default_and_an_identity_runs_and_keeps_the_rows()
    {
        var tenant = server.NewTenant("ef-alter-col");
        using (var db = new ShelfContext(ShelfContext.Options(server.ConnectionString(tenant), output.WriteLine)))
        {
            db.Database.Migrate("20260201000000_CreateShelves");
            db.Shelves.Add(new Shelf { Id = 7, Label = "kept" });
            db.SaveChanges();
            db.Database.Migrate();
            Assert.Equal(["20260201000000_CreateShelves", "20260202000000_ChangeShelfDefaultAndIdentity"], db.Database.GetAppliedMigrations());
        }

        using var c = new NpgsqlConnection(server.ConnectionString(tenant));
        c.Open();
        using (var insert = new NpgsqlCommand("INSERT INTO \"Shelves\" DEFAULT VALUES RETURNING \"Id\", \"Label\"", c))
        using (var r = insert.ExecuteReader())
        {
            Assert.True(r.Read());
            Assert.Equal(8, r.GetInt32(0));
            Assert.Equal("unlabelled", r.GetString(1));
        }
        using (var kept = new NpgsqlCommand("SELECT \"Label\" FROM \"Shelves\" WHERE \"Id\" = 7", c))
            Assert.Equal("kept", kept.ExecuteScalar());
        using var explicitKey = new NpgsqlCommand("INSERT INTO \"Shelves\" (\"Id\", \"Label\") VALUES (100, 'x')", c);
        Assert.Equal("428C9", Assert.Throws<PostgresException>(() => explicitKey.ExecuteNonQuery()).SqlState);
    }
}
