namespace OcopLive.Payments;

/// <summary>Whether the money for an order has arrived.</summary>
public enum PaymentStatus
{
    Unpaid,
    Paid,
    Refunded,
}

/// <summary>How the buyer pays: a bank transfer by VietQR, or cash to the carrier.</summary>
public enum PaymentMethod
{
    BankTransfer,
    CashOnDelivery,
}

/// <summary>Where a payment notification came from.</summary>
public enum NotificationSource
{
    /// <summary>The signed notification route (<c>POST /api/payments/notifications</c>).</summary>
    Webhook,

    /// <summary>A bank statement imported by hand (CSV or XLSX).</summary>
    Statement,

    /// <summary>A carrier's COD settlement line (<c>Delivery/CodMoney</c>): cash the carrier collected for a parcel.</summary>
    CodSettlement,
}

/// <summary>What the matcher did with one incoming transfer.</summary>
public enum NotificationOutcome
{
    /// <summary>Matched an order and paid it exactly (or completed earlier partial payments).</summary>
    Paid,

    /// <summary>Matched an order but the money so far is less than its total.</summary>
    Partial,

    /// <summary>Matched an order and the money so far is more than its total.</summary>
    Overpaid,

    /// <summary>Matched an order that was already paid: a second payment.</summary>
    AlreadyPaid,

    /// <summary>Matched a cancelled order: the money is to be returned.</summary>
    OrderCancelled,

    /// <summary>The note names an order, but the money went to another account than the order's.</summary>
    WrongAccount,

    /// <summary>No order's transfer note found in the content.</summary>
    Unmatched,

    /// <summary>
    /// The same transfer already arrived by the other road (a bank notification and a statement
    /// line, in either order): counted once, on the first; nothing to review.
    /// </summary>
    AlreadyCounted,
}

/// <summary>Whether a person has to look at a notification.</summary>
public enum ReviewState
{
    /// <summary>Nothing to do: the money paid an order exactly.</summary>
    None,
    Open,
    Resolved,
}

/// <summary>
/// One incoming transfer, as the bank's notification service or a statement line told it. Every
/// one is kept, matched or not: money is never dropped on the floor. The pair
/// (<see cref="Source"/>, <see cref="ExternalId"/>) is unique, which makes a replayed or
/// concurrently duplicated notification a no-op.
/// </summary>
public sealed class PaymentNotification
{
    public long Id { get; set; }
    public NotificationSource Source { get; set; }
    /// <summary>The notification's own id (webhook), or the statement line's reference.</summary>
    public required string ExternalId { get; set; }
    public required string AccountNumber { get; set; }
    public long AmountVnd { get; set; }
    public required string Content { get; set; }
    /// <summary>As the bank wrote it; kept raw because banks disagree on the format.</summary>
    public string? TransactionDate { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public NotificationOutcome Outcome { get; set; }
    public ReviewState Review { get; set; }
    /// <summary>The order the content named (applied to it unless the outcome says otherwise).</summary>
    public Guid? OrderId { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolutionNote { get; set; }
    /// <summary>The credited account's bank (NAPAS BIN) when the road told it: a statement always, a notification when it says.</summary>
    public string? Bin { get; set; }
    /// <summary><see cref="TransferIdentity.MatchKey"/>: account, amount, content and day (null without a readable day).</summary>
    public string? MatchKey { get; set; }
    /// <summary><see cref="TransferIdentity.ReferenceKey"/>: account and the bank's reference.</summary>
    public string? ReferenceKey { get; set; }
    /// <summary>The same transfer told by the other road (both point at each other): it was counted once.</summary>
    public long? TwinId { get; set; }
}
