using Npgsql;
using NpgsqlTypes;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>A comment checked at the door, before the parser reads it.</summary>
public sealed record IncomingComment(Guid SessionId, CommentPlatform Platform, string CommentId, string Author, string Text, DateTimeOffset At);

/// <summary>What became of one comment handed to <see cref="CommentIntake"/>.</summary>
public enum CommentOutcomeKind
{
    /// <summary>Stored now (committed) and pushed to the desk.</summary>
    Created,

    /// <summary>The same platform + comment id was stored before (or by another caller in the same batch): nothing changed.</summary>
    Duplicate,

    /// <summary>No such session.</summary>
    SessionNotFound,

    /// <summary>PostgreSQL is down, unreachable or too slow: nothing was stored by this call; send it again.</summary>
    Unavailable,

    /// <summary>The intake's queue is full: nothing was stored; send it again.</summary>
    Overloaded,
}

/// <summary>The answer for one comment: <c>View</c> is the stored comment when it was <see cref="CommentOutcomeKind.Created"/>.</summary>
public sealed record CommentOutcome(CommentOutcomeKind Kind, CommentView? View = null)
{
    public static readonly CommentOutcome Duplicate = new(CommentOutcomeKind.Duplicate);
    public static readonly CommentOutcome SessionNotFound = new(CommentOutcomeKind.SessionNotFound);
    public static readonly CommentOutcome Unavailable = new(CommentOutcomeKind.Unavailable);
    public static readonly CommentOutcome Overloaded = new(CommentOutcomeKind.Overloaded);
}

/// <summary>
/// Takes comments in, from the API and from the connectors alike, with a group commit: callers
/// queue their comments and wait; one writer drains whatever is queued (up to
/// <see cref="MaxBatchSize"/>), parses each against its session's line-up (the parser is cached per
/// session), stores the batch in one statement and one transaction (which also resolves "the
/// product on air"), commits, and only then answers each caller and pushes the new comments to the
/// desk (the queue, the batches and their failures are <see cref="GroupCommit{T}"/>'s; the
/// statements <see cref="CommentBatchSql"/>; the parsers <see cref="CommentParsers"/>; the checks at
/// the door <see cref="CommentRules"/>). A comment seen again (platform + comment id, in an earlier batch or twice in this one)
/// changes nothing and is not pushed again. At 500 comments/s one commit per comment was the
/// bottleneck (docs/comment-orders.md, "Ingestion figures").
/// </summary>
public sealed class CommentIntake : BackgroundService
{
    /// <summary>Comments waiting for a batch; beyond this a caller is answered 503 at once.</summary>
    public const int QueueCapacity = 20_000;

    /// <summary>Most comments stored by one statement.</summary>
    public const int MaxBatchSize = 1_000;

    /// <summary>The batch's statements; a slower server is treated as unavailable.</summary>
    private const int CommandTimeoutSeconds = 5;

    /// <summary>
    /// The longest a caller waits for its batch: the queue ahead of it, then its own commit (opening
    /// a connection and the statement's timeout). Past it the caller gets 503 and may send the
    /// comment again, which is harmless (stored once).
    /// </summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(25);

    private readonly GroupCommit<Pending> _pipeline;
    private readonly CommentParsers _parsers;

    /// <summary>The writer's last <c>received_at</c> (one writer: the pipeline's only reader).</summary>
    private DateTimeOffset _lastReceivedAt;

    private readonly NpgsqlDataSource _dataSource;
    private readonly CommentNotifier _notifier;
    private readonly TimeProvider _clock;
    private readonly System.Diagnostics.Metrics.Histogram<int> _batchSize;
    private readonly System.Diagnostics.Metrics.Histogram<double> _commitDuration;

    public CommentIntake(NpgsqlDataSource dataSource, CommentNotifier notifier, TimeProvider clock, OcopMetrics metrics, ILogger<CommentIntake> logger)
    {
        _dataSource = dataSource;
        _notifier = notifier;
        _clock = clock;
        _parsers = new CommentParsers(clock);
        _pipeline = new GroupCommit<Pending>(QueueCapacity, MaxBatchSize, writers: 1, WriteAsync, logger, "comments");
        _batchSize = metrics.Meter.CreateHistogram<int>("ocoplive.comments.batch.size", "{comment}", "Comments stored by one statement");
        _commitDuration = metrics.Meter.CreateHistogram<double>("ocoplive.comments.batch.duration", "ms", "Time from batch start to commit");
        metrics.Meter.CreateObservableGauge("ocoplive.comments.queue.depth", () => _pipeline.Depth, "{comment}", "Comments waiting for a batch");
    }

    /// <summary>Stores one comment (or finds it stored before); answers after the commit.</summary>
    public async Task<CommentOutcome> AcceptAsync(IncomingComment c, CancellationToken ct)
    {
        var pending = new Pending(c, _clock.GetUtcNow());
        return _pipeline.TryEnqueue(pending) ? await WaitAsync(pending, ct) : CommentOutcome.Overloaded;
    }

    /// <summary>
    /// A whole page of comments (a connector's poll): queued together, so they are stored by the
    /// same statement when the queue is quiet. The outcomes are in the order of <paramref name="comments"/>.
    /// </summary>
    public async Task<CommentOutcome[]> AcceptManyAsync(IReadOnlyList<IncomingComment> comments, CancellationToken ct)
    {
        var waits = new Task<CommentOutcome>[comments.Count];
        var now = _clock.GetUtcNow();
        for (var i = 0; i < comments.Count; i++)
        {
            var pending = new Pending(comments[i], now);
            waits[i] = _pipeline.TryEnqueue(pending) ? WaitAsync(pending, ct) : Task.FromResult(CommentOutcome.Overloaded);
        }

        return await Task.WhenAll(waits);
    }

    private static async Task<CommentOutcome> WaitAsync(Pending pending, CancellationToken ct)
    {
        try
        {
            return await pending.Completion.Task.WaitAsync(AnswerTimeout, ct);
        }
        catch (TimeoutException)
        {
            return CommentOutcome.Unavailable;
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _pipeline.RunAsync(stoppingToken);

    private async Task WriteAsync(IReadOnlyList<Pending> batch, CancellationToken ct)
    {
        var started = _clock.GetTimestamp();
        await using var conn = await _dataSource.OpenConnectionAsync(ct);

        // Each session's parser (cached; read on this connection when stale); an unknown session
        // is answered at once. A comment sent twice in this batch is written once: its copies
        // wait for the first one's answer.
        var rows = new List<Row>(batch.Count);
        var firsts = new Dictionary<(Guid, CommentPlatform, string), Row>(batch.Count);
        var copies = new List<(Pending Pending, Row First)>();
        var parsers = new Dictionary<Guid, CommentParser?>();
        foreach (var p in batch)
        {
            var c = p.Comment;
            if (!parsers.TryGetValue(c.SessionId, out var parser))
            {
                parsers[c.SessionId] = parser = await _parsers.GetAsync(conn, c.SessionId, ct);
            }

            if (parser is null)
            {
                p.Completion.TrySetResult(CommentOutcome.SessionNotFound);
            }
            else if (firsts.TryGetValue((c.SessionId, c.Platform, c.CommentId), out var first))
            {
                copies.Add((p, first));
            }
            else
            {
                var row = new Row(p, Guid.CreateVersion7(), parser.Parse(c.Text), NextReceivedAt(p.ReceivedAt));
                firsts.Add((c.SessionId, c.Platform, c.CommentId), row);
                rows.Add(row);
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var stored = new Dictionary<Guid, Guid?>(rows.Count);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await using (var cmd = new NpgsqlCommand(CommentBatchSql.Insert, conn, tx) { CommandTimeout = CommandTimeoutSeconds })
            {
                cmd.Parameters.Add(Array(rows.Select(r => r.Id).ToArray(), NpgsqlDbType.Uuid));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.SessionId).ToArray(), NpgsqlDbType.Uuid));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.Platform.ToString()).ToArray(), NpgsqlDbType.Text));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.CommentId).ToArray(), NpgsqlDbType.Text));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.Author).ToArray(), NpgsqlDbType.Text));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.Text).ToArray(), NpgsqlDbType.Text));
                cmd.Parameters.Add(Array(rows.Select(r => r.Pending.Comment.At.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz));
                cmd.Parameters.Add(Array(rows.Select(r => r.ReceivedAt).ToArray(), NpgsqlDbType.TimestampTz));
                cmd.Parameters.Add(Array(rows.Select(r => r.Parsed.Kind.ToString()).ToArray(), NpgsqlDbType.Text));
                cmd.Parameters.Add(Array(rows.Select(r => r.Parsed.ProductId).ToArray(), NpgsqlDbType.Uuid));
                cmd.Parameters.Add(Array(rows.Select(r => r.Parsed.Quantity).ToArray(), NpgsqlDbType.Integer));
                cmd.Parameters.Add(Array(rows.Select(r => r.Parsed.Phone).ToArray(), NpgsqlDbType.Text));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    stored[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetGuid(1);
                }
            }

            await tx.CommitAsync(ct);
        }

        _batchSize.Record(batch.Count);
        _commitDuration.Record(_clock.GetElapsedTime(started).TotalMilliseconds);

        // Committed: now, and only now, the answers and the desk's pushes.
        var created = new List<CommentView>(stored.Count);
        foreach (var row in rows)
        {
            if (stored.TryGetValue(row.Id, out var productId))
            {
                var c = row.Pending.Comment;
                var parsed = row.Parsed;
                var view = new CommentView(row.Id, c.Platform, c.Author, CommentMask.Text(c.Text), parsed.Kind, productId, parsed.Quantity,
                    CommentMask.Phone(parsed.Phone), CommentState.New, null, c.SessionId, c.CommentId, c.At.ToUniversalTime(), row.ReceivedAt, null, null,
                    parsed.Phone is not null);
                created.Add(view);
                row.Pending.Completion.TrySetResult(new CommentOutcome(CommentOutcomeKind.Created, view));
            }
            else
            {
                // Stored before (or its session was deleted since the parser was read).
                row.Pending.Completion.TrySetResult(CommentOutcome.Duplicate);
            }
        }

        foreach (var (pending, _) in copies)
        {
            pending.Completion.TrySetResult(CommentOutcome.Duplicate);
        }

        _notifier.Arrived(created);
    }

    /// <summary>
    /// When the comment reached the intake, made strictly later than the one before it (the
    /// database keeps microseconds): the desk lists by <c>received_at</c>, so the comments of one
    /// batch, or of one connector page, keep the order they came in.
    /// </summary>
    private DateTimeOffset NextReceivedAt(DateTimeOffset at)
    {
        var floor = _lastReceivedAt.AddTicks(TimeSpan.TicksPerMicrosecond);
        _lastReceivedAt = at > floor ? at : floor;
        return _lastReceivedAt;
    }

    private static NpgsqlParameter Array<T>(T[] values, NpgsqlDbType type) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type };

    private sealed class Pending(IncomingComment comment, DateTimeOffset receivedAt) : IGroupCommitItem
    {
        public IncomingComment Comment { get; } = comment;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public TaskCompletionSource<CommentOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsAnswered => Completion.Task.IsCompleted;

        /// <summary>A comment's caller does not give up on its place: a late answer is still the truth.</summary>
        public bool TryClaim() => true;

        public bool TryAbandon() => true;

        public void AnswerUnavailable() => Completion.TrySetResult(CommentOutcome.Unavailable);

        public void AnswerFailed() => Completion.TrySetResult(CommentOutcome.Unavailable);
    }

    private sealed record Row(Pending Pending, Guid Id, ParsedComment Parsed, DateTimeOffset ReceivedAt);
}
