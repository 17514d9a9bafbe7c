using System.Threading.Channels;

namespace OcopLive.Common;

/// <summary>A request waiting in a <see cref="GroupCommit{T}"/> queue for its batch.</summary>
public interface IGroupCommitItem
{
    /// <summary>A writer takes the request; false when its caller already gave up (it is then left out).</summary>
    bool TryClaim();

    /// <summary>The caller gives up; false when a writer already took it (its commit may be under way).</summary>
    bool TryAbandon();

    /// <summary>An answer was given (a batch that failed half-way is not written again for those).</summary>
    bool IsAnswered { get; }

    /// <summary>Answers "PostgreSQL unavailable, nothing stored: send it again" (a 503), unless already answered.</summary>
    void AnswerUnavailable();

    /// <summary>Answers "failed" for an error that is not the database being away, unless already answered.</summary>
    void AnswerFailed();
}

/// <summary>
/// The group commit, once for every intake that needs one (orders, comments): callers queue their
/// request and wait; writers drain whatever is queued (up to a batch), hand the batch to the
/// feature's <c>write</c> (one transaction), which answers each request after the commit.
/// <list type="bullet">
/// <item>a full queue: <see cref="TryEnqueue"/> is false and the caller answers 503 at once;</item>
/// <item>PostgreSQL away (<see cref="IsUnavailable"/>): the whole batch is answered 503, nothing stored;</item>
/// <item>any other error in a batch of several: each request is written again alone, so one bad
/// request never sinks the others; alone, it is answered "failed";</item>
/// <item>shutting down: new requests are refused, and whatever is still queued gets a true 503.</item>
/// </list>
/// The writers get no stopping token: a batch that started commits or fails on its own.
/// </summary>
public sealed class GroupCommit<T>
    where T : class, IGroupCommitItem
{
    private readonly Channel<T> _queue;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _write;
    private readonly int _maxBatch;
    private readonly int _writers;
    private readonly ILogger _logger;
    private readonly string _what;

    /// <param name="what">What a request is, for the logs ("orders", "comments").</param>
    public GroupCommit(int capacity, int maxBatch, int writers, Func<IReadOnlyList<T>, CancellationToken, Task> write, ILogger logger, string what)
    {
        _maxBatch = maxBatch;
        _writers = Math.Max(1, writers);
        _write = write;
        _logger = logger;
        _what = what;
        _queue = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleWriter = false,
            SingleReader = _writers == 1,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Requests waiting for a batch.</summary>
    public int Depth => _queue.Reader.Count;

    /// <summary>Queues a request; false when the queue is full or the intake has stopped.</summary>
    public bool TryEnqueue(T item) => _queue.Writer.TryWrite(item);

    /// <summary>The writers, until <paramref name="stoppingToken"/>; then the queue is closed and emptied with 503s.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, _writers).Select(_ => Task.Run(() => DrainAsync(stoppingToken), CancellationToken.None)));
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            if (left.TryAbandon())
            {
                left.AnswerUnavailable();
            }
        }
    }

    private async Task DrainAsync(CancellationToken stoppingToken)
    {
        var batch = new List<T>(_maxBatch);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _maxBatch && reader.TryRead(out var item))
                {
                    if (item.TryClaim())
                    {
                        batch.Add(item);
                    }
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch, CancellationToken.None);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One batch through the feature's write, with the failure rules above. Also for a request the
    /// write itself sends round again (e.g. an order whose key another node committed meanwhile).
    /// </summary>
    public async Task CommitAsync(IReadOnlyList<T> batch, CancellationToken ct)
    {
        try
        {
            await _write(batch, ct);
        }
        catch (Exception ex) when (PostgresErrors.IsUnavailable(ex))
        {
            _logger.LogWarning(ex, "PostgreSQL unavailable: {Count} {What} answered 503", batch.Count, _what);
            foreach (var item in batch)
            {
                item.AnswerUnavailable();
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // Should not happen (every rule is checked before the write); if it does, one bad
            // request must not sink the others: each alone.
            _logger.LogError(ex, "Batch of {Count} {What} failed; writing them one by one", batch.Count, _what);
            foreach (var item in batch.Where(i => !i.IsAnswered))
            {
                await CommitAsync([item], ct);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "One of the {What} failed", _what);
            batch[0].AnswerFailed();
        }
    }
}
