using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>The reads of payments that the API, the review, the resolve handler and the staff desks share.</summary>
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

    /// <summary>How the caller pays order <paramref name="id"/> (the hotline's read-out); null when there is no such order.</summary>
    public static async Task<TransferInstructions?> TransferInstructionsAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        var row = await (from o in db.Orders.AsNoTracking()
                         join p in db.Producers on o.ProducerId equals p.Id
                         where o.Id == id
                         select new
                         {
                             o.Number,
                             o.TotalVnd,
                             o.PaymentStatus,
                             o.PaymentMethod,
                             o.PayBin,
                             o.PayAccount,
                             o.PaidVnd,
                             p.BankBin,
                             p.BankAccountNumber,
                             p.BankAccountName,
                         })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var payment = OrderPayment.Of(row.Number, row.TotalVnd, row.PaymentStatus, row.PaymentMethod, row.PayBin, row.PayAccount, row.PaidVnd);
        if (payment.Method != PaymentMethod.BankTransfer)
        {
            return new TransferInstructions(id, row.Number, payment.Method, payment.Status, row.TotalVnd, row.PaidVnd,
                payment.TransferNote, null, null, null, null, TransferReadOut.ForCashOnDelivery(row.TotalVnd));
        }

        var sameAccount = row.BankBin == row.PayBin && row.BankAccountNumber is not null
            && PaymentRules.NormalizeAccount(row.BankAccountNumber) == PaymentRules.NormalizeAccount(row.PayAccount!);
        var accountName = sameAccount ? row.BankAccountName : null;
        var bankName = Banks.Find(row.PayBin)?.ShortName;
        return new TransferInstructions(id, row.Number, payment.Method, payment.Status, row.TotalVnd, row.PaidVnd,
            payment.TransferNote, row.PayBin, bankName, row.PayAccount, accountName,
            TransferReadOut.ForTransfer(row.TotalVnd, row.PayBin!, bankName, row.PayAccount!, accountName, payment.TransferNote));
    }

    /// <summary>
    /// The catalogue's sample VietQR for producer <paramref name="producerId"/>'s account on file
    /// (<see cref="PaymentRules.SampleAmountVnd"/>, note <see cref="PaymentRules.SampleNote"/>), as an SVG:
    /// staff or the producer itself; not found when the producer has no account (cash on delivery).
    /// </summary>
    public static async Task<Outcome<string>> SampleQrSvgAsync(OcopDbContext db, Guid producerId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var bank = await db.Producers.AsNoTracking().Where(p => p.Id == producerId)
            .Select(p => new { p.BankBin, p.BankAccountNumber }).FirstOrDefaultAsync(ct);
        if (bank is null)
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle);
        }

        if (bank.BankBin is null || bank.BankAccountNumber is null)
        {
            return Refusal.NotFound("Chủ thể chưa có tài khoản ngân hàng (no bank account: cash on delivery)");
        }

        return QrImages.Svg(VietQr.Build(bank.BankBin, bank.BankAccountNumber, PaymentRules.SampleAmountVnd, PaymentRules.SampleNote));
    }

    /// <summary>The VietQR of the buyer's order as SVG, for the buyer's page; 404 for a cash-on-delivery (or vanished) order.</summary>
    public static async Task<Outcome<string>> OrderQrSvgAsync(OcopDbContext db, Guid orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.Number, o.TotalVnd, o.PaymentMethod, o.PayBin, o.PayAccount }).FirstOrDefaultAsync(ct);
        var payment = order is null ? null : OrderPayment.Of(order.Number, order.TotalVnd, PaymentStatus.Unpaid, order.PaymentMethod, order.PayBin,
            order.PayAccount, 0);
        return payment?.VietQr is { } qr
            ? QrImages.Svg(qr)
            : Refusal.NotFound("Đơn thanh toán khi nhận hàng, không có mã VietQR (cash on delivery: no VietQR)");
    }
}
