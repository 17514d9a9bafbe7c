namespace OcopLive.Payments;

/// <summary>A stored transfer as the review page and API show it.</summary>
public sealed record NotificationView(long Id, NotificationSource Source, string ExternalId, string AccountNumber, long AmountVnd, string Content,
    string? TransactionDate, DateTimeOffset ReceivedAt, NotificationOutcome Outcome, ReviewState Review, Guid? OrderId, long? OrderNumber,
    long? OrderTotalVnd, string? ResolvedBy, string? ResolutionNote);

/// <summary>Ordered against paid in one session (<c>receivedVnd</c>: all money matched to its orders, partial payments included).</summary>
public sealed record SessionPaymentTotals(Guid SessionId, int Orders, long RevenueVnd, int PaidOrders, long PaidRevenueVnd, long ReceivedVnd);

public sealed record ResolveRequest(long? OrderNumber, string? Note);

/// <summary>The answer to a notification: what was stored and what the matcher made of it.</summary>
public sealed record NotificationAnswer(long Id, NotificationOutcome? Outcome, bool Duplicate, long? OrderNumber, PaymentStatus? PaymentStatus);

/// <summary>
/// What the hotline operator reads out to a caller who pays by transfer: the account the order was
/// placed against, the amount, the transfer note and a Vietnamese sentence that spells them out.
/// <c>accountName</c> is null when the producer has changed account since the order (the order
/// keeps paying the account it was placed against, whose holder's name is no longer on file).
/// </summary>
public sealed record TransferInstructions(Guid OrderId, long Number, PaymentMethod Method, PaymentStatus Status, long AmountVnd, long PaidVnd,
    string TransferNote, string? Bin, string? BankName, string? AccountNumber, string? AccountName, string ReadOut);
