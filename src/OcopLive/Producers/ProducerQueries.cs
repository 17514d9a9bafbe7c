using Microsoft.EntityFrameworkCore;
using OcopLive.Data;

namespace OcopLive.Producers;

/// <summary>The reads of a producer's figures that the API and the producer's portal share.</summary>
public static class ProducerQueries
{
    /// <summary>
    /// The producer's figures per session (only sessions with sales), in the shape of the producer
    /// hub's <c>sales</c> event; stock is the product's stock now.
    /// </summary>
    public static async Task<List<Live.ProducerSales>> BySessionAsync(OcopDbContext db, Guid producerId, Guid? sessionId, CancellationToken ct)
    {
        var sales = db.ProductSales.Where(s => s.ProducerId == producerId);
        if (sessionId is { } sid)
        {
            sales = sales.Where(s => s.SessionId == sid);
        }

        var rows = await (from s in sales
                          join p in db.Products on s.ProductId equals p.Id
                          orderby p.Name
                          select new { s.SessionId, Product = new Live.LiveProduct(s.ProductId, p.Name, s.ProducerId, s.Orders, s.Units, s.RevenueVnd, p.Stock) })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.SessionId).Select(g => new Live.ProducerSales(producerId, g.Key, [.. g.Select(r => r.Product)]))];
    }
}
