using OcopLive.Common;

namespace OcopLive.Orders;

public enum OutcomeKind
{
    Created,
    Replayed,
    Invalid,
    NotFound,
    OrderingClosed,
    SoldOut,
    LimitReached,
    AddressLimitReached,
    /// <summary>The buyer must pay first (too many refused parcels) and the producer takes no transfers.</summary>
    PrepayRequired,
    KeyReused,
    Overloaded,
    Unavailable,
    Failed,
}

/// <summary>What happened to one order request; exactly one per request, true to the database.</summary>
public sealed record OrderOutcome(OutcomeKind Kind, OrderResponse? Order = null, string? Field = null, string? Message = null)
{
    /// <summary>For <see cref="OutcomeKind.Created"/>: the server's clock just after the commit returned.</summary>
    public DateTimeOffset? CommittedAt { get; init; }

    public static readonly OrderOutcome Overloaded = new(OutcomeKind.Overloaded);
    public static readonly OrderOutcome Unavailable = new(OutcomeKind.Unavailable);
    public static readonly OrderOutcome KeyReused = new(OutcomeKind.KeyReused);
}

/// <summary>A request waiting in the intake queue for its batch.</summary>
internal sealed class PendingOrder(ValidOrder order, string? hash) : IGroupCommitItem
{
    private const int Queued = 0, Claimed = 1, Abandoned = 2;
    private int _state;

    public ValidOrder Order { get; } = order;
    /// <summary>The body's hash, only for a request with an Idempotency-Key (null otherwise).</summary>
    public string? Hash { get; } = hash;
    public TaskCompletionSource<OrderOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The writer takes the request; false when its client already gave up.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _state, Claimed, Queued) == Queued;

    /// <summary>The client gives up; false when a writer already took it (its commit may be under way).</summary>
    public bool TryAbandon() => Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued;

    public bool IsAnswered => Completion.Task.IsCompleted;

    public void AnswerUnavailable() => Completion.TrySetResult(OrderOutcome.Unavailable);

    public void AnswerFailed() => Completion.TrySetResult(new OrderOutcome(OutcomeKind.Failed));
}
