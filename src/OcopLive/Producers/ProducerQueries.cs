using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Producers;

public sealed record ProductSalesRow(Guid ProductId, string Name, int Orders, int Units, long RevenueVnd, int StockLeft);

public sealed record ProducerSales(Guid ProducerId, Guid? SessionId, IReadOnlyList<ProductSalesRow> Products);

/// <summary>
/// A producer's paid against unpaid orders (cancelled ones left out), summed in the database over
/// every order, not over the page the portal shows. <c>ReceivedVnd</c> counts what has arrived on
/// unpaid orders too (partial transfers).
/// </summary>
public sealed record ProducerPaymentTotals(
    Guid ProducerId, Guid? SessionId, int PaidOrders, long PaidVnd, int UnpaidOrders, long UnpaidVnd, long ReceivedVnd);

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

    /// <summary>Another producer's figures → 403; an unknown producer, or an unknown <paramref name="sessionId"/> (not zeros or []) → 404; null when the caller may read them.</summary>
    public static async Task<Refusal?> RefuseAsync(OcopDbContext db, Guid id, Guid? sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(id))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        if (!await db.Producers.AnyAsync(p => p.Id == id, ct))
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle);
        }

        return sessionId is { } sid && !await db.Sessions.AnyAsync(s => s.Id == sid, ct) ? Refusal.NotFound(Problems.SessionNotFoundTitle) : null;
    }

    /// <summary>The producer's sales by product, over every session or one; stock is the product's stock now.</summary>
    public static async Task<ProducerSales> SalesAsync(OcopDbContext db, Guid id, Guid? sessionId, CancellationToken ct)
    {
        var sales = db.ProductSales.Where(s => s.ProducerId == id);
        if (sessionId is { } sid)
        {
            sales = sales.Where(s => s.SessionId == sid);
        }

        var totals = sales.GroupBy(s => s.ProductId).Select(g => new
        {
            ProductId = g.Key,
            Orders = g.Sum(x => x.Orders),
            Units = g.Sum(x => x.Units),
            RevenueVnd = g.Sum(x => x.RevenueVnd),
        });
        var rows = await (from t in totals
                          join p in db.Products on t.ProductId equals p.Id
                          orderby p.Name
                          select new ProductSalesRow(t.ProductId, p.Name, t.Orders, t.Units, t.RevenueVnd, p.Stock))
            .ToListAsync(ct);
        return new ProducerSales(id, sessionId, rows);
    }

    /// <summary>The producer's paid against unpaid orders, cancelled ones left out, over every session or one.</summary>
    public static async Task<ProducerPaymentTotals> PaymentTotalsAsync(OcopDbContext db, Guid id, Guid? sessionId, CancellationToken ct)
    {
        var orders = db.Orders.Where(o => o.ProducerId == id && o.Status != OrderStatus.Cancelled);
        if (sessionId is { } sid)
        {
            orders = orders.Where(o => o.SessionId == sid);
        }

        var groups = await orders.GroupBy(o => o.PaymentStatus == Payments.PaymentStatus.Paid)
            .Select(g => new { Paid = g.Key, Orders = g.Count(), TotalVnd = g.Sum(o => o.TotalVnd), ReceivedVnd = g.Sum(o => o.PaidVnd) })
            .ToListAsync(ct);
        var paid = groups.FirstOrDefault(g => g.Paid);
        var unpaid = groups.FirstOrDefault(g => !g.Paid);
        return new ProducerPaymentTotals(
            id, sessionId, paid?.Orders ?? 0, paid?.TotalVnd ?? 0, unpaid?.Orders ?? 0, unpaid?.TotalVnd ?? 0,
            groups.Sum(g => g.ReceivedVnd));
    }
}
