using Microsoft.EntityFrameworkCore;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Lineups;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Bench;

/// <summary>A live session with many products and ample stock, arranged straight in the database.</summary>
internal sealed record Show(Guid SessionId, Guid[] ProductIds, int InitialStock)
{
    public static async Task<Show> ArrangeAsync(string connectionString, int products, int stock)
    {
        await using var db = Context(connectionString);
        var now = DateTimeOffset.UtcNow;
        var producers = Enumerable.Range(0, 10).Select(i => new Producer
        {
            Name = $"HTX Bench {i}",
            Kind = ProducerKind.Cooperative,
            Province = "Hà Tĩnh",
            Commune = "Xã Hương Sơn",
            Phone = "+84912345678",
            CreatedAt = now,
        }).ToArray();
        var items = Enumerable.Range(0, products).Select(i => new Product
        {
            ProducerId = producers[i % producers.Length].Id,
            Name = $"Sản phẩm bench {i}",
            Category = ProductCategory.Food,
            OcopStars = 4,
            Unit = "kg",
            PriceVnd = 100_000,
            Stock = stock,
            MaxPerOrder = 10,
            CreatedAt = now,
        }).ToArray();
        var session = new Session
        {
            Title = "Bench",
            StartsAt = now,
            DurationMinutes = 180,
            Status = SessionStatus.Live,
            CurrentPosition = 1,
            LineupState = LineupState.Locked,
            CreatedAt = now,
        };
        db.Producers.AddRange(producers);
        db.Products.AddRange(items);
        db.Sessions.Add(session);
        for (var i = 0; i < items.Length; i++)
        {
            db.SessionEntries.Add(new SessionEntry { SessionId = session.Id, ProductId = items[i].Id, CreatedAt = now });
            db.Segments.Add(new Segment
            {
                SessionId = session.Id,
                Position = i + 1,
                ProductId = items[i].Id,
                ProducerId = items[i].ProducerId,
                PlannedStart = now.AddMinutes(2 + (3 * i)),
                Minutes = 3,
                PriceVnd = 100_000,
                Reason = "bench",
            });
        }

        await db.SaveChangesAsync();
        return new Show(session.Id, items.Select(p => p.Id).ToArray(), stock);
    }

    /// <summary>After the runs: no product oversold, the running totals equal the orders.</summary>
    public static async Task VerifyAsync(string connectionString, Show show)
    {
        await using var db = Context(connectionString);
        var sold = await db.Orders.Where(o => o.SessionId == show.SessionId && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => o.ProductId).Select(g => new { g.Key, Units = g.Sum(o => o.Quantity) }).ToDictionaryAsync(x => x.Key, x => x.Units);
        var stock = await db.Products.Where(p => show.ProductIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Stock);
        var totals = await db.ProductSales.Where(s => s.SessionId == show.SessionId).ToDictionaryAsync(s => s.ProductId, s => s.Units);
        foreach (var id in show.ProductIds)
        {
            var units = sold.GetValueOrDefault(id);
            if (stock[id] + units != show.InitialStock || totals.GetValueOrDefault(id) != units)
            {
                throw new InvalidOperationException($"product {id}: stock {stock[id]} + sold {units} != {show.InitialStock} or totals {totals.GetValueOrDefault(id)}");
            }
        }

        Console.WriteLine($"verified: {sold.Values.Sum()} units in {await db.Orders.CountAsync()} orders; stock + sold = initial for every product; running totals exact");
    }

    private static OcopDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<OcopDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
}
