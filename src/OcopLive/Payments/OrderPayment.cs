using System.Text.Json.Serialization;

namespace OcopLive.Payments;

/// <summary>
/// The <c>payment</c> object of an order as the contract shows it (<c>status</c>, <c>method</c>,
/// <c>vietQr</c>, <c>transferNote</c>), plus the money received so far and, in the answer to the
/// buyer who placed it, the token that lets their page follow this one order's payment live.
/// </summary>
public sealed record OrderPayment(PaymentStatus Status, PaymentMethod Method, string? VietQr, string TransferNote, long PaidVnd)
{
    /// <summary>Only in the 201 to the buyer: <c>JoinOrder(watchToken)</c> on <c>/hubs/live</c>, or <c>GET /api/payments/watch</c> with the <c>Ocop-Watch-Token</c> header; it expires (<see cref="PaymentOptions.WatchTokenLifetime"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WatchToken { get; init; }

    /// <summary>
    /// Only when the buyer may not pay on delivery (too many refused parcels): why, in Vietnamese,
    /// for the viewer's page; the order is then a bank transfer to be paid before it is shipped.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PrepayReason { get; init; }

    /// <summary>
    /// The payment of order <paramref name="number"/>: a VietQR for its total to the account the
    /// order was placed against, or cash on delivery when that producer had no account.
    /// </summary>
    public static OrderPayment Of(long number, long totalVnd, PaymentStatus status, PaymentMethod method, string? bin, string? account,
        long paidVnd)
    {
        var note = Payments.TransferNote.For(number);
        var qr = method == PaymentMethod.BankTransfer && bin is not null && account is not null && totalVnd > 0
            ? Payments.VietQr.Build(bin, account, totalVnd, note)
            : null;
        return new OrderPayment(status, qr is null ? PaymentMethod.CashOnDelivery : method, qr, note, paidVnd);
    }
}
