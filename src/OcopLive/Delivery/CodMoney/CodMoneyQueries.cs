using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Delivery.CodMoney;

/// <summary>A settlement line as the delivery review list shows it.</summary>
public sealed record CodSettlementView(long Id, string Carrier, Guid ProducerId, string TrackingCode, long? OrderNumber, long? TotalVnd,
    long CollectedVnd, long FeeVnd, string? TransferDate, CodOutcome Outcome, ReviewState Review, long? NotificationId, string? FileName, int Row,
    DateTimeOffset ImportedAt);

/// <summary>COD money per session for the producer's report.</summary>
public sealed record CodSessionMoney(Guid SessionId, long CollectedVnd, long FeeVnd);

/// <summary>Reads of the imported settlement lines, shared by the API, the pages and the report.</summary>
public sealed class CodMoneyQueries(OcopDbContext db)
{
    private const int MaxLines = 500;

    /// <summary>Newest first; staff see every producer's (or one's), a producer only its own.</summary>
    public async Task<List<CodSettlementView>> LinesAsync(ClaimsPrincipal user, ReviewState? state, Guid? producerId, CancellationToken ct)
    {
        var lines = db.Set<CodSettlement>().AsNoTracking();
        if (!user.Passes(Policies.Staff))
        {
            producerId = user.ProducerId();
        }

        if (producerId is { } p)
        {
            lines = lines.Where(l => l.ProducerId == p);
        }

        if (state is { } s)
        {
            lines = lines.Where(l => l.Review == s);
        }

        return await (from l in lines
                      join o in db.Orders on l.OrderId equals o.Id into orders
                      from o in orders.DefaultIfEmpty()
                      orderby l.Id descending
                      select new CodSettlementView(l.Id, l.Carrier, l.ProducerId, l.TrackingCode, o == null ? null : o.Number,
                          o == null ? null : o.TotalVnd, l.CollectedVnd, l.FeeVnd, l.TransferDate, l.Outcome, l.Review, l.NotificationId, l.FileName,
                          l.Row, l.ImportedAt))
            .Take(MaxLines).ToListAsync(ct);
    }

    /// <summary>
    /// Per session of one producer: the cash carriers collected for its orders (every settlement
    /// line's money that reached an order, including lines a person applied in the review) and the
    /// fees they kept.
    /// </summary>
    public async Task<Dictionary<Guid, CodSessionMoney>> PerSessionAsync(Guid producerId, CancellationToken ct)
    {
        var collected = await (from n in db.PaymentNotifications.AsNoTracking()
                               join o in db.Orders on n.OrderId equals o.Id
                               where o.ProducerId == producerId && n.Source == NotificationSource.CodSettlement
                                     && n.Outcome != NotificationOutcome.Unmatched && n.Outcome != NotificationOutcome.WrongAccount
                               group n by o.SessionId into g
                               select new { SessionId = g.Key, Vnd = g.Sum(n => n.AmountVnd) }).ToListAsync(ct);
        var fees = await (from l in db.Set<CodSettlement>().AsNoTracking()
                          join o in db.Orders on l.OrderId equals o.Id
                          where o.ProducerId == producerId
                          group l by o.SessionId into g
                          select new { SessionId = g.Key, Vnd = g.Sum(l => l.FeeVnd) }).ToListAsync(ct);
        var result = new Dictionary<Guid, CodSessionMoney>();
        foreach (var c in collected)
        {
            result[c.SessionId] = new CodSessionMoney(c.SessionId, c.Vnd, 0);
        }

        foreach (var f in fees)
        {
            result[f.SessionId] = (result.TryGetValue(f.SessionId, out var m) ? m : new CodSessionMoney(f.SessionId, 0, 0)) with { FeeVnd = f.Vnd };
        }

        return result;
    }
}

/// <summary>A producer the COD settlement form offers.</summary>
public sealed record CodProducerChoice(Guid ProducerId, string Name);
