using Microsoft.EntityFrameworkCore;
using Npgsql;
using TenantDb.Wire.Tests.EndToEnd;
using Xunit.Abstractions;

namespace TenantDb.Wire.Tests.Clients.EfCore;

/// <summary>
/// EF Core's change tracker over the wire: generated keys come back through <c>INSERT ... RETURNING</c>
/// (one statement per row, batched in one round trip), updates check their concurrency token through the
/// rows-affected count, deletes cascade through the foreign key, and explicit transactions commit or roll
/// back several <c>SaveChanges</c> together.
/// </summary>
public sealed class EfCoreCrudTests(WireServerFixture server, ITestOutputHelper output) : IClassFixture<WireServerFixture>
{
    private ShopContext Context(string tenant, bool log = true) => ShopContexts.Create(server.ConnectionString(tenant), log ? output.WriteLine : null);

    private static Order NewOrder(string title, int version = 0) => new()
    {
        Title = title,
        PlacedAt = ShopContexts.Utc(2024, 5, 5),
        Total = 1m,
        Reference = Guid.NewGuid(),
        Version = version,
    };

    [Fact]
    public void SaveChanges_returns_the_identity_keys_of_a_batch()
    {
        var tenant = server.NewTenant("ef-keys");
        using var db = Context(tenant);
        db.Database.EnsureCreated();
        var customers = Enumerable.Range(0, 3).Select(i => new Customer { Name = "c" + i, CreatedAt = ShopContexts.Utc(2024, 1, 1) }).ToList();
        for (int i = 0; i < 40; i++) customers[i % 3].Orders.Add(NewOrder("o" + i));
        db.Customers.AddRange(customers);
        Assert.Equal(43, db.SaveChanges());
        Assert.Equal([1, 2, 3], customers.Select(c => c.Id).Order());
        var orderIds = customers.SelectMany(c => c.Orders).Select(o => o.Id).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), orderIds);
        Assert.All(customers, c => Assert.All(c.Orders, o => Assert.Equal(c.Id, o.CustomerId)));

        using var fresh = Context(tenant, log: false);
        var stored = fresh.Orders.AsNoTracking().ToDictionary(o => o.Id, o => (o.Title, o.CustomerId));
        foreach (var o in customers.SelectMany(c => c.Orders)) Assert.Equal((o.Title, o.CustomerId), stored[o.Id]);

        // A key given explicitly to a BY DEFAULT identity column is kept; later generated keys go past it.
        db.Customers.Add(new Customer { Id = 100, Name = "explicit", CreatedAt = ShopContexts.Utc(2024, 1, 1) });
        db.SaveChanges();
        var next = new Customer { Name = "after", CreatedAt = ShopContexts.Utc(2024, 1, 1) };
        db.Customers.Add(next);
        db.SaveChanges();
        Assert.Equal(101, next.Id);
    }

    [Fact]
    public void Updates_check_the_concurrency_token_through_rows_affected()
    {
        var tenant = server.NewTenant("ef-concurrency");
        int customerId;
        long orderId;
        using (var setup = Context(tenant))
        {
            setup.Database.EnsureCreated();
            var c = new Customer { Name = "Ada", CreatedAt = ShopContexts.Utc(2024, 1, 1) };
            var o = NewOrder("first", version: 1);
            c.Orders.Add(o);
            setup.Customers.Add(c);
            setup.SaveChanges();
            (customerId, orderId) = (c.Id, o.Id);
        }
        using var first = Context(tenant);
        using var second = Context(tenant);
        var mine = first.Orders.Single(o => o.Id == orderId);
        var theirs = second.Orders.Single(o => o.Id == orderId);
        mine.Title = "mine";
        mine.Version++;
        Assert.Equal(1, first.SaveChanges());
        theirs.Title = "theirs";
        theirs.Version++;
        var e = Assert.Throws<DbUpdateConcurrencyException>(() => second.SaveChanges());
        Assert.Single(e.Entries);
        using var check = Context(tenant, log: false);
        var stored = check.Orders.AsNoTracking().Single(o => o.Id == orderId);
        Assert.Equal(("mine", 2), (stored.Title, stored.Version));

        // A delete of a row that is already gone is a concurrency failure too.
        first.Orders.Remove(mine);
        Assert.Equal(1, first.SaveChanges());
        second.Entry(theirs).State = EntityState.Deleted;
        Assert.Throws<DbUpdateConcurrencyException>(() => second.SaveChanges());
        Assert.Equal(1, check.Customers.Count(c => c.Id == customerId));
    }

    [Fact]
    public void Deleting_a_customer_cascades_to_its_orders()
    {
        var tenant = server.NewTenant("ef-delete");
        using (var db = Context(tenant)) ShopContexts.Seed(db);
        using (var db = Context(tenant))
        {
            // Loaded without its orders, so the database's ON DELETE CASCADE (not the change tracker) removes them.
            var ada = db.Customers.Single(c => c.Name == "Ada");
            db.Customers.Remove(ada);
            Assert.Equal(1, db.SaveChanges());
        }
        using var check = Context(tenant, log: false);
        Assert.Equal(["Bob", "Cy"], check.Customers.OrderBy(c => c.Name).Select(c => c.Name));
        Assert.Equal(["cherry 50%_off"], check.Orders.Select(o => o.Title));
        // ExecuteDelete / ExecuteUpdate: set-based statements without loading entities.
        Assert.Equal(1, check.Orders.Where(o => o.Title.StartsWith("cherry")).ExecuteUpdate(s => s.SetProperty(o => o.Rating, 4).SetProperty(o => o.Version, o => o.Version + 1)));
        Assert.Equal((4, 1), check.Orders.AsNoTracking().Select(o => new { o.Rating, o.Version }).AsEnumerable().Select(o => (o.Rating!.Value, o.Version)).Single());
        Assert.Equal(1, check.Customers.Where(c => !c.Orders.Any()).ExecuteDelete());
        Assert.Equal(["Bob"], check.Customers.Select(c => c.Name));
    }

    [Fact]
    public void An_explicit_transaction_commits_or_rolls_back_several_SaveChanges_together()
    {
        var tenant = server.NewTenant("ef-tx");
        using var db = Context(tenant);
        db.Database.EnsureCreated();
        using (var tx = db.Database.BeginTransaction())
        {
            var c = new Customer { Name = "rolled back", CreatedAt = ShopContexts.Utc(2024, 1, 1) };
            db.Customers.Add(c);
            db.SaveChanges();
            c.Orders.Add(NewOrder("also rolled back"));
            db.SaveChanges();
            Assert.Equal(1, db.Orders.Count()); // the transaction sees its own rows
            tx.Rollback();
        }
        db.ChangeTracker.Clear();
        Assert.Equal(0, db.Customers.Count());
        Assert.Equal(0, db.Orders.Count());

        using (var tx = db.Database.BeginTransaction())
        {
            var c = new Customer { Name = "kept", CreatedAt = ShopContexts.Utc(2024, 1, 1) };
            db.Customers.Add(c);
            db.SaveChanges();
            c.Orders.Add(NewOrder("kept too"));
            db.SaveChanges();
            // A failing SaveChanges inside the transaction rolls back to EF's savepoint; the transaction goes on.
            db.Orders.Add(new Order { CustomerId = 9999, Title = "no such customer", Reference = Guid.NewGuid(), PlacedAt = ShopContexts.Utc(2024, 1, 1) });
            var e = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
            Assert.Equal("23503", Assert.IsType<PostgresException>(e.InnerException).SqlState);
            db.ChangeTracker.Clear();
            tx.Commit();
        }
        using var check = Context(tenant, log: false);
        Assert.Equal(["kept"], check.Customers.Select(c => c.Name));
        Assert.Equal(["kept too"], check.Orders.Select(o => o.Title));
    }
}
