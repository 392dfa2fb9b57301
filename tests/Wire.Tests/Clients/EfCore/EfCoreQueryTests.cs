using Microsoft.EntityFrameworkCore;
using TenantDb.Wire.Tests.EndToEnd;
using Xunit.Abstractions;

namespace TenantDb.Wire.Tests.Clients.EfCore;

/// <summary>
/// LINQ queries as EF Core translates them for PostgreSQL, against the seeded shop
/// (<see cref="ShopContexts.Seed"/>): each answer is the one PostgreSQL gives for the same SQL.
/// </summary>
public sealed class EfCoreQueryTests(WireServerFixture server, ITestOutputHelper output) : IClassFixture<WireServerFixture>
{
    private ShopContext Seeded()
    {
        var tenant = server.NewTenant("ef-query");
        using (var setup = ShopContexts.Create(server.ConnectionString(tenant))) ShopContexts.Seed(setup);
        return ShopContexts.Create(server.ConnectionString(tenant), output.WriteLine);
    }

    private static List<string> Titles(IQueryable<Order> orders) => orders.OrderBy(o => o.Title).Select(o => o.Title).ToList();

    [Fact]
    public void Where_on_bool_datetime_enum_and_nullable_columns()
    {
        using var db = Seeded();
        var june = ShopContexts.Utc(2024, 6, 1);
        Assert.Equal(["apple tart", "cherry 50%_off"], Titles(db.Orders.Where(o => o.Paid && o.PlacedAt >= june)));
        Assert.Equal(["banana split"], Titles(db.Orders.Where(o => !o.Paid)));
        Assert.Equal(["apple pie", "banana split"], Titles(db.Orders.Where(o => o.PlacedAt < june)));
        Assert.Equal(["cherry 50%_off"], Titles(db.Orders.Where(o => o.Status == OrderStatus.Cancelled)));
        Assert.Equal(["banana split", "cherry 50%_off"], Titles(db.Orders.Where(o => o.Rating == null)));
        Assert.Equal(["apple pie"], Titles(db.Orders.Where(o => o.Rating > 4)));
        var shippedBy = new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(["banana split"], Titles(db.Orders.Where(o => o.ShippedAt < shippedBy)));
        Assert.Equal(["Ada", "Cy"], db.Customers.Where(c => c.Active).OrderBy(c => c.Name).Select(c => c.Name).ToList());
        Assert.Equal(["Bob"], db.Customers.Where(c => c.Email == null).Select(c => c.Name).ToList());
        // The microsecond before midnight stays before midnight.
        Assert.Equal(["cherry 50%_off"], Titles(db.Orders.Where(o => o.PlacedAt > ShopContexts.Utc(2024, 12, 31, 23, 59, 59) && o.PlacedAt < ShopContexts.Utc(2025, 1, 1))));
    }

    [Fact]
    public void Include_Any_and_Count()
    {
        using var db = Seeded();
        var customers = db.Customers.Include(c => c.Orders).OrderBy(c => c.Name).ToList();
        Assert.Equal([("Ada", 3), ("Bob", 1), ("Cy", 0)], customers.Select(c => (c.Name, c.Orders.Count)));
        Assert.Equal(["Ada"], db.Customers.Where(c => c.Orders.Any(o => o.Total > 100m)).Select(c => c.Name).ToList());
        Assert.Equal(["Cy"], db.Customers.Where(c => !c.Orders.Any()).Select(c => c.Name).ToList());
        Assert.True(db.Orders.Any(o => o.Status == OrderStatus.Cancelled));
        Assert.False(db.Orders.Any(o => o.Total > 1000m));
        Assert.Equal(3, db.Orders.Count(o => o.Paid));
        Assert.Equal(4L, db.Orders.LongCount());
        Assert.True(db.Customers.All(c => c.Name.Length > 1));
        var joined = db.Orders.Where(o => o.Customer!.Active).OrderBy(o => o.Id).Select(o => new { o.Title, o.Customer!.Name }).ToList();
        Assert.Equal(3, joined.Count);
        Assert.All(joined, j => Assert.Equal("Ada", j.Name));
    }

    [Fact]
    public void GroupBy_with_Sum_Count_and_Average_are_exact()
    {
        using var db = Seeded();
        var totals = db.Orders.GroupBy(o => o.Customer!.Name)
            .Select(g => new { Name = g.Key, Sum = g.Sum(o => o.Total), Count = g.Count(), Max = g.Max(o => o.PlacedAt) })
            .OrderBy(g => g.Name).ToList();
        Assert.Equal(2, totals.Count);
        Assert.Equal(("Ada", 135.55m, 3, ShopContexts.Utc(2025, 1, 1, 0, 0, 1)), (totals[0].Name, totals[0].Sum, totals[0].Count, totals[0].Max));
        Assert.Equal(("Bob", 99.99m, 1), (totals[1].Name, totals[1].Sum, totals[1].Count));
        Assert.Equal("135.55", totals[0].Sum.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(235.54m, db.Orders.Sum(o => o.Total));
        Assert.Equal(5.25m, db.Orders.Min(o => o.Total));
        Assert.Equal(4, db.Orders.Average(o => o.Rating));
    }

    [Fact]
    public void OrderBy_Skip_Take_and_Contains_on_a_list()
    {
        using var db = Seeded();
        Assert.Equal([10.10m, 99.99m], db.Orders.OrderBy(o => o.Total).Skip(1).Take(2).Select(o => o.Total).ToList());
        Assert.Equal(["banana split", "apple pie"], db.Orders.OrderByDescending(o => o.Status).ThenBy(o => o.Id).Skip(1).Take(2).Select(o => o.Title).ToList());
        var ids = db.Orders.Where(o => o.Title.StartsWith("apple")).Select(o => o.Id).ToList();
        Assert.Equal(2, ids.Count);
        Assert.Equal(["apple pie", "apple tart"], Titles(db.Orders.Where(o => ids.Contains(o.Id))));
        var names = new[] { "Bob", "Nobody" };
        Assert.Equal(["cherry 50%_off"], Titles(db.Orders.Where(o => names.Contains(o.Customer!.Name))));
        var statuses = new List<OrderStatus> { OrderStatus.Draft, OrderStatus.Shipped };
        Assert.Equal(["apple tart", "banana split"], Titles(db.Orders.Where(o => statuses.Contains(o.Status))));
        Assert.Empty(Titles(db.Orders.Where(o => new List<long>().Contains(o.Id))));
        var refs = db.Orders.Select(o => o.Reference).Take(2).ToList();
        Assert.Equal(2, db.Orders.Count(o => refs.Contains(o.Reference)));
    }

    [Fact]
    public void String_StartsWith_Contains_EndsWith_and_functions()
    {
        using var db = Seeded();
        Assert.Equal(["apple pie", "apple tart"], Titles(db.Orders.Where(o => o.Title.StartsWith("apple"))));
        Assert.Equal(["banana split"], Titles(db.Orders.Where(o => o.Title.Contains("split"))));
        Assert.Equal(["apple tart"], Titles(db.Orders.Where(o => o.Title.EndsWith("tart"))));
        // LIKE wildcards in the value are matched literally.
        Assert.Equal(["cherry 50%_off"], Titles(db.Orders.Where(o => o.Title.Contains("50%_"))));
        Assert.Empty(Titles(db.Orders.Where(o => o.Title.Contains("5_%"))));
        var prefix = "APPLE";
        Assert.Empty(Titles(db.Orders.Where(o => o.Title.StartsWith(prefix)))); // case-sensitive, as in PostgreSQL
        Assert.Equal(["apple pie", "apple tart"], Titles(db.Orders.Where(o => o.Title.ToUpper().StartsWith(prefix))));
        Assert.Equal(["apple pie", "apple tart"], Titles(db.Orders.Where(o => EF.Functions.ILike(o.Title, "APPLE%"))));
        Assert.Equal(["apple pie"], Titles(db.Orders.Where(o => o.Title.Length == 9)));
        Assert.Equal(["Ada <ada@example.com>"], db.Customers.Where(c => c.Name == "Ada").Select(c => c.Name + " <" + c.Email + ">").ToList());
        Assert.Equal(["ple"], db.Orders.Where(o => o.Title == "apple pie").Select(o => o.Title.Substring(2, 3)).ToList());
        Assert.Equal(["apple pie"], Titles(db.Orders.Where(o => o.Title.IndexOf("pie") == 6)));
    }

    [Fact]
    public void DateTime_members_translate_to_date_functions()
    {
        using var db = Seeded();
        var day = ShopContexts.Utc(2024, 3, 10);
        Assert.Equal(["apple pie", "banana split"], Titles(db.Orders.Where(o => o.PlacedAt.Date == day)));
        Assert.Equal(["apple pie", "banana split", "cherry 50%_off"], Titles(db.Orders.Where(o => o.PlacedAt.Year == 2024)));
        Assert.Equal(["apple pie", "banana split"], Titles(db.Orders.Where(o => o.PlacedAt.Month == 3)));
        Assert.Equal(["banana split"], Titles(db.Orders.Where(o => o.PlacedAt.Hour == 23 && o.PlacedAt.Minute == 30)));
        Assert.Equal(["apple tart"], Titles(db.Orders.Where(o => o.PlacedAt.DayOfYear == 1)));
        Assert.Equal(["apple pie", "banana split"], Titles(db.Orders.Where(o => o.PlacedAt.DayOfWeek == DayOfWeek.Sunday)));
        Assert.Equal(["apple tart", "cherry 50%_off"], Titles(db.Orders.Where(o => o.PlacedAt.AddDays(1) > ShopContexts.Utc(2025, 1, 1))));
        Assert.Equal(4, db.Orders.Count(o => o.PlacedAt < DateTime.UtcNow));
        Assert.Equal([new DateTime(2024, 3, 10, 0, 0, 0, DateTimeKind.Utc)], db.Orders.Where(o => o.Title == "banana split").Select(o => o.PlacedAt.Date).ToList());
        Assert.Equal(["apple pie", "banana split"], Titles(db.Orders.Where(o => o.LocalStamp.Date == new DateTime(2024, 3, 10))));
        Assert.Equal([2024, 2024, 2024, 2025], db.Orders.Select(o => o.PlacedAt.Year).OrderBy(y => y).ToList());
    }
}
