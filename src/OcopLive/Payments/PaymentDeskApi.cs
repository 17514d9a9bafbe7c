using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>
/// What the hotline operator reads out to a caller who pays by transfer: the account the order was
/// placed against, the amount, the transfer note and a Vietnamese sentence that spells them out.
/// <c>accountName</c> is null when the producer has changed account since the order (the order
/// keeps paying the account it was placed against, whose holder's name is no longer on file).
/// </summary>
public sealed record TransferInstructions(Guid OrderId, long Number, PaymentMethod Method, PaymentStatus Status, long AmountVnd, long PaidVnd,
    string TransferNote, string? Bin, string? BankName, string? AccountNumber, string? AccountName, string ReadOut);

/// <summary>
/// The payment helpers of the staff desks: the hotline's read-out of an order's transfer
/// instructions, and the catalogue's sample VietQR with which a producer checks, in their own
/// banking app, that the account on file is theirs before the show.
/// </summary>
public static class PaymentDeskApi
{
    /// <summary>The sample's amount: small enough that a producer who does send it loses nothing that matters.</summary>
    public const long SampleAmountVnd = 10_000;

    /// <summary>No order number in it, so a sample transfer actually sent is kept for review, never applied to an order.</summary>
    public const string SampleNote = "KIEM TRA TAI KHOAN";

    public static IEndpointRouteBuilder MapPaymentDesk(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:guid}/transfer", Instructions).WithTags("Payments").RequireAuthorization(Policies.Hotline)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/producers/{id:guid}/bank/sample-qr", SampleQr).WithTags("Payments").RequireAuthorization(Policies.ProducerPortal)
            .Produces(StatusCodes.Status200OK, contentType: "image/svg+xml")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary><c>GET /api/orders/{id}/transfer</c> (Operator, Director, Admin): how the caller pays this order.</summary>
    public static async Task<Results<Ok<TransferInstructions>, ProblemHttpResult>> Instructions(Guid id, OcopDbContext db, CancellationToken ct)
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
            return Problems.OrderNotFound();
        }

        var payment = OrderPayment.Of(row.Number, row.TotalVnd, row.PaymentStatus, row.PaymentMethod, row.PayBin, row.PayAccount, row.PaidVnd);
        if (payment.Method != PaymentMethod.BankTransfer)
        {
            return TypedResults.Ok(new TransferInstructions(id, row.Number, payment.Method, payment.Status, row.TotalVnd, row.PaidVnd,
                payment.TransferNote, null, null, null, null, TransferReadOut.ForCashOnDelivery(row.TotalVnd)));
        }

        var sameAccount = row.BankBin == row.PayBin && row.BankAccountNumber is not null
            && PaymentRules.NormalizeAccount(row.BankAccountNumber) == PaymentRules.NormalizeAccount(row.PayAccount!);
        var accountName = sameAccount ? row.BankAccountName : null;
        var bankName = Banks.Find(row.PayBin)?.ShortName;
        return TypedResults.Ok(new TransferInstructions(id, row.Number, payment.Method, payment.Status, row.TotalVnd, row.PaidVnd,
            payment.TransferNote, row.PayBin, bankName, row.PayAccount, accountName,
            TransferReadOut.ForTransfer(row.TotalVnd, row.PayBin!, bankName, row.PayAccount!, accountName, payment.TransferNote)));
    }

    /// <summary>
    /// <c>GET /api/producers/{id}/bank/sample-qr</c> (staff, or the producer itself): a VietQR for
    /// <see cref="SampleAmountVnd"/> to the account on file, note <see cref="SampleNote"/>, as an SVG.
    /// Scanning it shows, in the banking app, the holder's name the bank has for that account.
    /// 404 when the producer has no account (cash on delivery).
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SampleQr(Guid id, OcopDbContext db, HttpContext http,
        CancellationToken ct)
    {
        if (!http.User.MaySeeProducer(id))
        {
            return Problems.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var bank = await db.Producers.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.BankBin, p.BankAccountNumber }).FirstOrDefaultAsync(ct);
        if (bank is null)
        {
            return Problems.ProducerNotFound();
        }

        if (bank.BankBin is null || bank.BankAccountNumber is null)
        {
            return Problems.NotFound("Chủ thể chưa có tài khoản ngân hàng (no bank account: cash on delivery)");
        }

        // The account changes when the catalogue saves a new one: never serve a cached image of the old one.
        http.Response.Headers.CacheControl = "no-store";
        var qr = VietQr.Build(bank.BankBin, bank.BankAccountNumber, SampleAmountVnd, SampleNote);
        return TypedResults.File(Encoding.UTF8.GetBytes(QrImages.Svg(qr)), "image/svg+xml");
    }
}
