using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>The reads of payments that the API, the review and the resolve handler share.</summary>
public static class PaymentQueries
{
    /// <summary>A session's payment totals: ordered against paid, cancelled orders left out.</summary>
    public static async Task<SessionPaymentTotals> SessionTotalsAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        var orders = db.Orders.AsNoTracking().Where(o => o.SessionId == id && o.Status != Orders.OrderStatus.Cancelled);
        var totals = await orders.GroupBy(_ => 1).Select(g => new SessionPaymentTotals(id, g.Count(), g.Sum(o => o.TotalVnd),
                g.Count(o => o.PaymentStatus == PaymentStatus.Paid), g.Where(o => o.PaymentStatus == PaymentStatus.Paid).Sum(o => o.TotalVnd),
                g.Sum(o => o.PaidVnd)))
            .FirstOrDefaultAsync(ct);
        return totals ?? new SessionPaymentTotals(id, 0, 0, 0, 0, 0);
    }

    /// <summary>
    /// Transfers that need a person (all, or those in <paramref name="state"/>), newest first, at
    /// most 500: staff see every one; a producer sees those to its own account or naming its orders.
    /// </summary>
    public static async Task<List<NotificationView>> ReviewAsync(OcopDbContext db, ReviewState? state, ClaimsPrincipal user, CancellationToken ct)
    {
        var query = db.PaymentNotifications.AsNoTracking().Where(n => n.Review != ReviewState.None);
        if (state is { } s)
        {
            query = query.Where(n => n.Review == s);
        }

        if (!user.Passes(Policies.Staff))
        {
            var producerId = user.ProducerId();
            var account = await db.Producers.Where(p => p.Id == producerId).Select(p => p.BankAccountNumber).FirstOrDefaultAsync(ct);
            query = query.Where(n => (account != null && n.AccountNumber == account)
                || db.Orders.Any(o => o.Id == n.OrderId && o.ProducerId == producerId));
        }

        return await (from n in query
                      join o in db.Orders on n.OrderId equals o.Id into orders
                      from o in orders.DefaultIfEmpty()
                      orderby n.ReceivedAt descending
                      select new NotificationView(n.Id, n.Source, n.ExternalId, n.AccountNumber, n.AmountVnd, n.Content, n.TransactionDate,
                          n.ReceivedAt, n.Outcome, n.Review, n.OrderId, o == null ? null : o.Number, o == null ? null : o.TotalVnd, n.ResolvedBy,
                          n.ResolutionNote))
            .Take(500).ToListAsync(ct);
    }

    /// <summary>One stored transfer as the review shows it.</summary>
    public static Task<NotificationView> ViewAsync(OcopDbContext db, long id, CancellationToken ct) =>
        (from n in db.PaymentNotifications.AsNoTracking()
         where n.Id == id
         join o in db.Orders on n.OrderId equals o.Id into orders
         from o in orders.DefaultIfEmpty()
         select new NotificationView(n.Id, n.Source, n.ExternalId, n.AccountNumber, n.AmountVnd, n.Content, n.TransactionDate,
             n.ReceivedAt, n.Outcome, n.Review, n.OrderId, o == null ? null : o.Number, o == null ? null : o.TotalVnd, n.ResolvedBy,
             n.ResolutionNote)).FirstAsync(ct);
}
