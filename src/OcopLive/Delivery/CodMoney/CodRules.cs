using OcopLive.Payments;

namespace OcopLive.Delivery.CodMoney;

/// <summary>The order a settlement line names, as locked for the update.</summary>
internal sealed record CodOrder(Guid Id, long Number, Guid SessionId, Guid ProducerId, long TotalVnd, long PaidVnd, PaymentStatus Status,
    string OrderStatus, Guid ShipmentId);

/// <summary>The COD matcher's rules, pure.</summary>
public static class CodRules
{
    /// <summary>
    /// What collected money does to an order: it is always added to what the order received (the
    /// order shows what arrived; a refund is a person's decision), and the order becomes
    /// <see cref="PaymentStatus.Paid"/> once that covers its total. Only an exact payment needs no review.
    /// </summary>
    public static (CodOutcome Outcome, long PaidVnd, PaymentStatus Status) Apply(string orderStatus, PaymentStatus status, long totalVnd,
        long paidVnd, long collectedVnd)
    {
        if (collectedVnd == 0)
        {
            return (CodOutcome.FeeOnly, paidVnd, status);
        }

        var paid = checked(paidVnd + collectedVnd);
        if (orderStatus == nameof(Orders.OrderStatus.Cancelled))
        {
            return (CodOutcome.OrderCancelled, paid, status);
        }

        if (status == PaymentStatus.Paid)
        {
            return (CodOutcome.AlreadyPaid, paid, status);
        }

        if (paid < totalVnd)
        {
            return (CodOutcome.Short, paid, status);
        }

        return (paid == totalVnd ? CodOutcome.Paid : CodOutcome.Overpaid, paid, PaymentStatus.Paid);
    }

    /// <summary>Only an exact payment and a fee-only line (a returned or prepaid parcel) need no person.</summary>
    public static bool NeedsReview(CodOutcome outcome) => outcome is not (CodOutcome.Paid or CodOutcome.FeeOnly);

    /// <summary>The same money as the bank-transfer review list names it.</summary>
    public static NotificationOutcome AsNotification(CodOutcome outcome) => outcome switch
    {
        CodOutcome.Paid => NotificationOutcome.Paid,
        CodOutcome.Overpaid => NotificationOutcome.Overpaid,
        CodOutcome.Short => NotificationOutcome.Partial,
        CodOutcome.AlreadyPaid => NotificationOutcome.AlreadyPaid,
        CodOutcome.OrderCancelled => NotificationOutcome.OrderCancelled,
        _ => NotificationOutcome.Unmatched,
    };
}
