using Microsoft.EntityFrameworkCore;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Lineups;

/// <summary>
/// Feeds the pure <see cref="LineupBuilder"/> from the database and stores its plan. Reading and
/// computing happen outside any transaction; only the short write at the end locks the session.
/// </summary>
public sealed class LineupService(OcopDbContext db)
{
    /// <summary>How many earlier sessions the sales history looks at.</summary>
    public const int HistorySessions = 100;

    /// <summary>
    /// Builds and stores the line-up. An explicit build (<paramref name="scheduled"/> false) applies
    /// only while the state is still <c>Building</c>, so running it twice stores it once; the
    /// scheduled build at registration close applies unless the line-up is locked or was edited by hand.
    /// </summary>
    public async Task<bool> BuildAsync(Guid sessionId, bool scheduled, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !ShouldApply(session, scheduled))
        {
            return false;
        }

        var input = await LoadInputAsync(session, ct);
        var plan = LineupBuilder.Build(input);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await SessionControl.LockAsync(db, sessionId, ct);
        if (locked is null || !ShouldApply(locked, scheduled))
        {
            return false;
        }

        await db.Segments.Where(s => s.SessionId == sessionId).ExecuteDeleteAsync(ct);
        await db.LineupLeftOuts.Where(s => s.SessionId == sessionId).ExecuteDeleteAsync(ct);
        db.Segments.AddRange(plan.Segments.Select(p => new Segment
        {
            SessionId = sessionId,
            Position = p.Position,
            ProductId = p.ProductId,
            ProducerId = p.ProducerId,
            PlannedStart = p.PlannedStart,
            Minutes = p.Minutes,
            PriceVnd = p.PriceVnd,
            Reason = p.Reason,
        }));
        db.LineupLeftOuts.AddRange(plan.LeftOut.Select(l => new LineupLeftOut { SessionId = sessionId, ProductId = l.ProductId, Reason = l.Reason }));
        locked.LineupState = LineupState.Built;
        locked.LineupEditedByHand = false;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private static bool ShouldApply(Session s, bool scheduled) =>
        s.Status == SessionStatus.Draft && (scheduled
            ? s.LineupState != LineupState.Locked && !s.LineupEditedByHand
            : s.LineupState == LineupState.Building);

    public async Task<LineupInput> LoadInputAsync(Session session, CancellationToken ct)
    {
        var candidates = await db.SessionEntries.AsNoTracking()
            .Where(e => e.SessionId == session.Id)
            .Select(e => new LineupCandidate(e.ProductId, e.Product!.Name, e.Product.ProducerId, e.Product.Category, e.Product.OcopStars,
                e.Product.Stock, e.Product.PriceVnd, e.DealPriceVnd, e.Minutes, e.Product.CertificateExpiresOn))
            .ToListAsync(ct);
        return new LineupInput(session.StartsAt, session.DurationMinutes, candidates, await HistoryAsync(session.StartsAt, ct));
    }

    /// <summary>
    /// Units and revenue per minute on air, from earlier sessions' segments that really aired
    /// (actual start and end) and their not-cancelled orders; by product and by category.
    /// </summary>
    public async Task<SalesHistory> HistoryAsync(DateTimeOffset before, CancellationToken ct)
    {
        var sessionIds = await db.Sessions.AsNoTracking()
            .Where(s => s.StartsAt < before && s.WentLiveAt != null)
            .OrderByDescending(s => s.StartsAt).Take(HistorySessions).Select(s => s.Id).ToListAsync(ct);
        if (sessionIds.Count == 0)
        {
            return SalesHistory.None;
        }

        var aired = await db.Segments.AsNoTracking()
            .Where(s => sessionIds.Contains(s.SessionId) && s.ActualStart != null && s.ActualEnd != null)
            .Select(s => new { s.SessionId, s.ProductId, s.ActualStart, s.ActualEnd })
            .ToListAsync(ct);
        if (aired.Count == 0)
        {
            return SalesHistory.None;
        }

        var sales = await db.Orders.AsNoTracking()
            .Where(o => sessionIds.Contains(o.SessionId) && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.SessionId, o.ProductId })
            .Select(g => new { g.Key.SessionId, g.Key.ProductId, Units = g.Sum(o => o.Quantity), Revenue = g.Sum(o => o.TotalVnd) })
            .ToListAsync(ct);
        var salesByKey = sales.ToDictionary(s => (s.SessionId, s.ProductId));
        var productIds = aired.Select(a => a.ProductId).Distinct().ToList();
        var categories = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Category, ct);

        var byProduct = new Dictionary<Guid, (double Minutes, double Units, double Revenue)>();
        foreach (var group in aired.GroupBy(a => (a.SessionId, a.ProductId)))
        {
            var minutes = group.Sum(a => Math.Max(0, (a.ActualEnd!.Value - a.ActualStart!.Value).TotalMinutes));
            if (minutes < 0.5)
            {
                continue;
            }

            salesByKey.TryGetValue(group.Key, out var sold);
            var acc = byProduct.GetValueOrDefault(group.Key.ProductId);
            byProduct[group.Key.ProductId] = (acc.Minutes + minutes, acc.Units + (sold?.Units ?? 0), acc.Revenue + (sold?.Revenue ?? 0));
        }

        var byCategory = new Dictionary<ProductCategory, (double Minutes, double Units, double Revenue)>();
        foreach (var (productId, acc) in byProduct)
        {
            if (categories.TryGetValue(productId, out var category))
            {
                var c = byCategory.GetValueOrDefault(category);
                byCategory[category] = (c.Minutes + acc.Minutes, c.Units + acc.Units, c.Revenue + acc.Revenue);
            }
        }

        return new SalesHistory(
            byProduct.ToDictionary(kv => kv.Key, kv => new AirRate(kv.Value.Units / kv.Value.Minutes, kv.Value.Revenue / kv.Value.Minutes)),
            byCategory.ToDictionary(kv => kv.Key, kv => new AirRate(kv.Value.Units / kv.Value.Minutes, kv.Value.Revenue / kv.Value.Minutes)));
    }
}
