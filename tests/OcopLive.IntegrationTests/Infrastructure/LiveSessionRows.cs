using OcopLive.Catalog;
using OcopLive.Lineups;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// A live session written as rows straight into a database that no test host owns: for the
/// process-level tests (crash, database outage), where the app runs as a separate process and the
/// test cannot go through its API or DbContext before the process is up.
/// </summary>
public static class LiveSessionRows
{
    public static async Task<(Guid SessionId, Guid[] ProductIds)> InsertAsync(string connectionString, int[] stocks)
    {
        await using var db = TestDatabase.NewContext(connectionString);
        var now = DateTimeOffset.UtcNow;
        var producer = new Producer { Name = $"HTX {Guid.NewGuid():N}"[..20], Kind = ProducerKind.Cooperative, Province = "Hà Tĩnh", Commune = "Xã Can Lộc", Phone = "+84912345678", CreatedAt = now };
        var products = stocks.Select((stock, i) => new Product
        {
            ProducerId = producer.Id,
            Name = $"Sản phẩm {i}",
            Category = ProductCategory.Food,
            OcopStars = 4,
            Unit = "kg",
            PriceVnd = 50_000,
            Stock = stock,
            CreatedAt = now,
        }).ToArray();
        var session = new Session { Title = "Thử sự cố", StartsAt = now, DurationMinutes = 60, Status = SessionStatus.Live, CurrentPosition = 1, LineupState = LineupState.Locked, CreatedAt = now };
        db.Producers.Add(producer);
        db.Products.AddRange(products);
        db.Sessions.Add(session);
        for (var i = 0; i < products.Length; i++)
        {
            db.SessionEntries.Add(new SessionEntry { SessionId = session.Id, ProductId = products[i].Id, CreatedAt = now });
            db.Segments.Add(new Segment
            {
                SessionId = session.Id,
                Position = i + 1,
                ProductId = products[i].Id,
                ProducerId = producer.Id,
                PlannedStart = now.AddMinutes(5 * i),
                Minutes = 5,
                PriceVnd = 50_000,
                Reason = "test",
            });
        }

        await db.SaveChangesAsync();
        return (session.Id, products.Select(p => p.Id).ToArray());
    }
}
