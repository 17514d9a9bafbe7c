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
