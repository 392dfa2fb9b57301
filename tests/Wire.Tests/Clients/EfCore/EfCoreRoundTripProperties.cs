using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;
using TenantDb.Wire.Tests.EndToEnd;

namespace TenantDb.Wire.Tests.Clients.EfCore;

/// <summary>
/// Entities written by EF Core read back exactly: DateTime kinds and microseconds, DateTimeOffset, decimal
/// values with their scale, Guid, bool, byte[] (empty is not null), nullable columns and enums. Fixed edge
/// values first, then random entities (FsCheck).
/// </summary>
public sealed class EfCoreRoundTripProperties(WireServerFixture server) : IClassFixture<WireServerFixture>, IDisposable
{
    private ShopContext? _db;
    private int _customerId;

    private ShopContext Db
    {
        get
        {
            if (_db is null)
            {
                _db = ShopContexts.Create(server.ConnectionString(server.NewTenant("ef-roundtrip")));
                _db.Database.EnsureCreated();
                var customer = new Customer { Name = "owner", CreatedAt = ShopContexts.Utc(2024, 1, 1) };
                _db.Customers.Add(customer);
                _db.SaveChanges();
                _customerId = customer.Id;
            }
            return _db;
        }
    }

    public void Dispose() => _db?.Dispose();

    /// <summary>Saves <paramref name="order"/>, reads it back untracked, and names the first property that differs.</summary>
    private string? RoundTrip(Order order)
    {
        order.CustomerId = Db.Customers.Select(c => c.Id).First();
        Db.Orders.Add(order);
        Db.SaveChanges();
        Db.ChangeTracker.Clear();
        var back = Db.Orders.AsNoTracking().Single(o => o.Id == order.Id);
        return Difference(order, back);
    }

    private static string Invariant(object? value) => value switch
    {
        null => "NULL",
        byte[] b => "0x" + Convert.ToHexString(b),
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture) + " " + d.Kind,
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string? Difference(Order wrote, Order read)
    {
        (string Name, object? Wrote, object? Read)[] fields =
        [
            ("Title", wrote.Title, read.Title),
            ("Paid", wrote.Paid, read.Paid),
            ("PlacedAt", wrote.PlacedAt, read.PlacedAt),
            ("LocalStamp", wrote.LocalStamp, read.LocalStamp),
            ("ShippedAt", wrote.ShippedAt, read.ShippedAt),
            // numeric(12,2) shows two decimals, as PostgreSQL does.
            ("Total", wrote.Total.ToString("F2", CultureInfo.InvariantCulture), Invariant(read.Total)),
            ("Weight", wrote.Weight, read.Weight),
            ("Reference", wrote.Reference, read.Reference),
            ("Attachment", wrote.Attachment, read.Attachment),
            ("Rating", wrote.Rating, read.Rating),
            ("Status", wrote.Status, read.Status),
            ("Version", wrote.Version, read.Version),
        ];
        foreach (var (name, w, r) in fields)
            if (Invariant(w) != Invariant(r)) return $"{name}: wrote {Invariant(w)}, read {Invariant(r)}";
        return null;
    }

    private static Order Sample() => new()
    {
        Title = "t",
        PlacedAt = ShopContexts.Utc(2024, 1, 1),
        Total = 1m,
        Reference = Guid.NewGuid(),
    };

    [Fact]
    public void Edge_values_round_trip_exactly()
    {
        var cases = new List<Action<Order>>
        {
            o => o.PlacedAt = new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1_234_560),
            o => o.PlacedAt = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            o => o.PlacedAt = new DateTime(1899, 12, 31, 12, 0, 0, DateTimeKind.Utc).AddTicks(10),
            o => o.PlacedAt = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990),
            o => o.PlacedAt = new DateTime(1, 1, 1, 0, 0, 1, DateTimeKind.Utc),
            o => o.LocalStamp = new DateTime(2024, 7, 1, 12, 30, 0, DateTimeKind.Unspecified).AddTicks(10),
            o => o.ShippedAt = new DateTimeOffset(2024, 7, 1, 12, 30, 0, TimeSpan.Zero).AddTicks(990),
            o => o.Total = 0.10m,
            o => o.Total = -9_999_999_999.99m,
            o => o.Weight = 1.000m,
            o => o.Weight = 0.0000000001m,
            o => o.Weight = decimal.MaxValue,
            o => o.Weight = decimal.MinValue,
            o => o.Weight = 123456789012345678.901234567m,
            o => o.Weight = -0.5m,
            o => o.Attachment = [],
            o => o.Attachment = [0, 0x5c, 0x27, 0xff, 0x00],
            o => o.Attachment = [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))],
            o => o.Reference = Guid.Empty,
            o => o.Reference = Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"),
            o => o.Title = "quote ' backslash \\ dollar $1 € 😀 \t\n",
            o => o.Title = "",
            o => o.Rating = int.MinValue,
            o => o.Rating = 0,
            o => o.Status = (OrderStatus)42,
            o => o.Version = int.MaxValue,
        };
        var failures = new List<string>();
        foreach (var change in cases)
        {
            var order = Sample();
            change(order);
            if (RoundTrip(order) is { } difference) failures.Add(difference);
        }
        Assert.Empty(failures);
    }

    // 1900-2099 to the microsecond: PostgreSQL keeps microseconds, so a tick below one is not a value it can hold.
    private static Gen<DateTime> Instants(DateTimeKind kind) =>
        Gen.Choose(0, 73_000).Zip(Gen.Choose(0, 86_399_999)).Zip(Gen.Choose(0, 999)).Select(t =>
            new DateTime(1900, 1, 1, 0, 0, 0, kind).AddDays(t.Item1.Item1).AddTicks(t.Item1.Item2 * 10_000L + t.Item2 * 10L));

    private static Gen<decimal> Decimals(int maxInteger, int maxScale) =>
        Gen.Choose(0, maxInteger).Zip(Gen.Choose(0, maxScale)).Zip(Gen.Choose(0, int.MaxValue)).Select(t =>
        {
            var ((integerDigits, scale), seed) = t;
            var digits = new System.Text.StringBuilder();
            var random = new Random(seed);
            for (int i = 0; i < integerDigits; i++) digits.Append((char)('0' + random.Next(10)));
            if (digits.Length == 0) digits.Append('0');
            if (scale > 0) digits.Append('.');
            for (int i = 0; i < scale; i++) digits.Append((char)('0' + random.Next(10)));
            var value = decimal.Parse(digits.ToString(), CultureInfo.InvariantCulture);
            return value == 0 || random.Next(2) == 0 ? value : -value;
        });

    private static Gen<Order> Orders() =>
        from title in ArbMap.Default.GeneratorFor<string>().Select(s => (s ?? "").Replace("\0", "", StringComparison.Ordinal))
        from paid in Gen.Elements(true, false)
        from placed in Instants(DateTimeKind.Utc)
        from local in Instants(DateTimeKind.Unspecified)
        from shipped in Gen.OneOf(Gen.Constant<DateTimeOffset?>(null), Instants(DateTimeKind.Utc).Select(d => (DateTimeOffset?)new DateTimeOffset(d)))
        from total in Decimals(10, 2)
        from weight in Decimals(18, 10)
        from reference in ArbMap.Default.GeneratorFor<Guid>()
        from attachment in Gen.OneOf(Gen.Constant<byte[]?>(null), Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(a => (byte[]?)a))
        from rating in Gen.OneOf(Gen.Constant<int?>(null), ArbMap.Default.GeneratorFor<int>().Select(i => (int?)i))
        from status in Gen.Elements(Enum.GetValues<OrderStatus>())
        from version in ArbMap.Default.GeneratorFor<int>()
        select new Order
        {
            Title = title,
            Paid = paid,
            PlacedAt = placed,
            LocalStamp = local,
            ShippedAt = shipped,
            Total = total,
            Weight = weight,
            Reference = reference,
            Attachment = attachment,
            Rating = rating,
            Status = status,
            Version = version,
        };

    [Property(MaxTest = 60)]
    public Property Random_entities_round_trip_exactly() =>
        Prop.ForAll(Orders().ToArbitrary(), order => RoundTrip(order) is not { } difference ? true.ToProperty() : false.Label(difference));
}
