using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Delivery.Reliability;
using OcopLive.Orders;

namespace OcopLive.Delivery.CodMoney;

/// <summary>
/// One session of a producer's report: orders taken (not cancelled) and their value, parcels
/// delivered and returned, the cash carriers collected and the fees they kept.
/// </summary>
public sealed record DeliveryReportRow(Guid SessionId, string Title, DateTimeOffset StartsAt, int Ordered, long OrderedVnd, int Delivered,
    int Returned, long CodCollectedVnd, long FeesVnd);

/// <summary>A buyer of the producer's orders and their parcels with every producer: counts only.</summary>
public sealed record BuyerReliabilityRow(string Phone, int Delivered, int Returned, int Refused);

/// <summary>The producer portal's delivery and COD figures, and its buyers' reliability.</summary>
public sealed class ProducerDeliveryReport(OcopDbContext db, CodMoneyQueries money, BuyerReliabilityLookup reliability)
{
    /// <summary>Per session, newest first: ordered, delivered, COD collected, fees, returned.</summary>
    public async Task<Outcome<List<DeliveryReportRow>>> PerSessionAsync(Guid producerId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await RefuseAsync(producerId, user, ct) is { } refusal)
        {
            return refusal;
        }

        var ordered = await db.Orders.AsNoTracking().Where(o => o.ProducerId == producerId && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => o.SessionId).Select(g => new { SessionId = g.Key, Count = g.Count(), Vnd = g.Sum(o => o.TotalVnd) }).ToListAsync(ct);
        var parcels = await db.Shipments.AsNoTracking().Where(s => s.ProducerId == producerId)
            .GroupBy(s => s.SessionId).Select(g => new
            {
                SessionId = g.Key,
                Delivered = g.Count(s => s.Status == ShipmentStatus.Delivered),
                Returned = g.Count(s => s.Status == ShipmentStatus.Returned),
            }).ToListAsync(ct);
        var cod = await money.PerSessionAsync(producerId, ct);
        var ids = ordered.Select(o => o.SessionId).Union(parcels.Select(p => p.SessionId)).Union(cod.Keys).ToList();
        var sessions = await db.Sessions.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Title, s.StartsAt }).ToListAsync(ct);
        return sessions.OrderByDescending(s => s.StartsAt).Select(s =>
        {
            var o = ordered.FirstOrDefault(x => x.SessionId == s.Id);
            var p = parcels.FirstOrDefault(x => x.SessionId == s.Id);
            var m = cod.GetValueOrDefault(s.Id);
            return new DeliveryReportRow(s.Id, s.Title, s.StartsAt, o?.Count ?? 0, o?.Vnd ?? 0, p?.Delivered ?? 0, p?.Returned ?? 0,
                m?.CollectedVnd ?? 0, m?.FeeVnd ?? 0);
        }).ToList();
    }

    /// <summary>
    /// The buyers of this producer's orders (of one session, or all) with their parcels at every
    /// producer: counts only, never another producer's name or orders. For the order list.
    /// </summary>
    public async Task<Outcome<List<BuyerReliabilityRow>>> BuyersAsync(Guid producerId, Guid? sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await RefuseAsync(producerId, user, ct) is { } refusal)
        {
            return refusal;
        }

        var orders = db.Orders.AsNoTracking().Where(o => o.ProducerId == producerId);
        if (sessionId is { } sid)
        {
            if (!await db.Sessions.AnyAsync(s => s.Id == sid, ct))
            {
                return Refusal.NotFound(Problems.SessionNotFoundTitle);
            }

            orders = orders.Where(o => o.SessionId == sid);
        }

        var phones = await orders.Select(o => o.CustomerPhone).Distinct().Take(5_000).ToListAsync(ct);
        var counts = await reliability.CountsAsync(phones, ct);
        return counts.Select(c => new BuyerReliabilityRow(c.Key, c.Value.Delivered, c.Value.Returned, c.Value.Refused))
            .OrderBy(r => r.Phone, StringComparer.Ordinal).ToList();
    }

    private async Task<Refusal?> RefuseAsync(Guid producerId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        return await db.Producers.AnyAsync(p => p.Id == producerId, ct) ? null : Refusal.NotFound(Problems.ProducerNotFoundTitle);
    }
}
