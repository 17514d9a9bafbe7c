using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Orders;

public sealed class OrderIntakeOptions
{
    public const string Section = "OcopLive:Orders";

    internal bool IsValid => ChallengeMaxNumber is >= 1_000 and <= 100_000_000 && ChallengeLifetime >= TimeSpan.FromSeconds(30)
        && ChallengeLifetime <= TimeSpan.FromHours(1) && (string.IsNullOrEmpty(ChallengeKey) || ChallengeKey.Length >= 32)
        && UnitsPerAddress >= 0 && PrepayAfterRefusals >= 0;

    /// <summary>Requests waiting for a batch; beyond this the intake answers 503 at once.</summary>
    public int QueueCapacity { get; set; } = 20_000;

    /// <summary>Most orders committed in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// Writers draining the queue. One by default: measured on 2 cores (docs/benchmarks.md), a
    /// second writer's batches want the same product rows and the same session row, so it mostly
    /// waits for the first one's commit, and its batches are smaller; with one writer the requests
    /// arriving during a commit make the next batch bigger instead.
    /// </summary>
    public int Writers { get; set; } = 1;

    /// <summary>How long a request waits for its answer before 503 (the contract's 5 s, less network).</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(4.5);

    /// <summary>
    /// On (default): an anonymous Web order carries a solved proof-of-work challenge in the
    /// <c>Ocop-Challenge</c> header. Off for benchmarks and load tests (docs/flash-deals.md).
    /// </summary>
    public ChallengeMode Challenge { get; set; } = ChallengeMode.On;

    /// <summary>
    /// The challenge's work: the page tries up to this many SHA-256 hashes, half on average.
    /// Sized so a mid-range phone solves it well under a second (docs/flash-deals.md).
    /// </summary>
    public int ChallengeMaxNumber { get; set; } = 10_000;

    /// <summary>How long a challenge may be spent after it was issued.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The HMAC key that signs challenges. Empty (default): a random key kept in PostgreSQL
    /// (<c>app_secrets</c>), the same on every node.
    /// </summary>
    public string? ChallengeKey { get; set; }

    /// <summary>
    /// Units of one product one client address may buy in one session, over all its orders (Web
    /// orders only; 0 = no cap). Generous: a carrier's NAT puts many viewers behind one address.
    /// Off with the other per-client limits (<c>OcopLive:RateLimiting:Enabled=false</c>).
    /// </summary>
    public int UnitsPerAddress { get; set; } = 200;

    /// <summary>
    /// A phone with this many refused parcels (<c>Delivery/Reliability</c>) cannot choose cash on
    /// delivery: its orders are taken only as bank transfers paid first (0 = the rule is off).
    /// </summary>
    public int PrepayAfterRefusals { get; set; } = Delivery.Reliability.ReliabilityRules.DefaultPrepayAfterRefusals;
}

/// <summary>
/// Group commit for order intake. Requests are validated at the edge, then queued; writers drain
/// the queue and commit every order that arrived together in one transaction
/// (<see cref="OrderBatchWriter"/>), then answer each request. Concurrent copies of one
/// Idempotency-Key on this node share the first one's answer.
/// </summary>
internal sealed class OrderIntake : BackgroundService
{
    private readonly GroupCommit<PendingOrder> _pipeline;
    private readonly ConcurrentDictionary<(Guid SessionId, string Key), PendingOrder> _inFlight = new();
    private readonly OrderIntakeOptions _options;

    public OrderIntake(OrderBatchWriter writer, IOptions<OrderIntakeOptions> options, OcopMetrics metrics, ILogger<OrderIntake> logger)
    {
        _options = options.Value;
        _pipeline = new GroupCommit<PendingOrder>(_options.QueueCapacity, _options.MaxBatchSize, _options.Writers, async (batch, ct) =>
        {
            // An order whose Idempotency-Key another node committed between our read and insert: once more, alone.
            foreach (var again in await writer.WriteAsync(batch, ct))
            {
                await _pipeline!.CommitAsync([again], ct);
            }
        }, logger, "orders");
        metrics.Meter.CreateObservableGauge("ocoplive.orders.queue.depth", () => _pipeline.Depth, "{order}", "Order requests waiting for a batch");
    }

    public async Task<OrderOutcome> PlaceAsync(ValidOrder order, CancellationToken ct)
    {
        // The body's hash only tells a replay from a reused key: without a key it is never read (a
        // SHA-256, a hex string and the canonical text spared per order).
        var pending = new PendingOrder(order, order.IdempotencyKey is null ? null : order.Hash());
        if (order.IdempotencyKey is { } key)
        {
            var first = _inFlight.GetOrAdd((order.SessionId, key), pending);
            if (!ReferenceEquals(first, pending))
            {
                // A copy of a request still in flight: the same answer, or 422 for another body.
                return first.Hash == pending.Hash ? await WaitAsync(first, ct) : OrderOutcome.KeyReused;
            }
        }

        try
        {
            if (!_pipeline.TryEnqueue(pending))
            {
                pending.TryAbandon();
                pending.Completion.TrySetResult(OrderOutcome.Overloaded);
                return OrderOutcome.Overloaded;
            }

            return await WaitAsync(pending, ct);
        }
        finally
        {
            if (order.IdempotencyKey is { } k)
            {
                _inFlight.TryRemove(KeyValuePair.Create((order.SessionId, k), pending));
            }
        }
    }

    private async Task<OrderOutcome> WaitAsync(PendingOrder pending, CancellationToken ct)
    {
        try
        {
            return await pending.Completion.Task.WaitAsync(_options.AnswerTimeout, ct);
        }
        catch (TimeoutException)
        {
            if (pending.TryAbandon())
            {
                pending.Completion.TrySetResult(OrderOutcome.Unavailable);
                return OrderOutcome.Unavailable;
            }

            // A writer holds it: its commit is under way and ends within the command timeout.
            try
            {
                return await pending.Completion.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
            }
            catch (TimeoutException)
            {
                return OrderOutcome.Unavailable;
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _pipeline.RunAsync(stoppingToken);
}
