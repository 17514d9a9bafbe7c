using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
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
/// desk. A comment seen again (platform + comment id, in an earlier batch or twice in this one)
/// changes nothing and is not pushed again. At 500 comments/s one commit per comment was the
/// bottleneck (docs/comment-orders.md, "Ingestion figures").
/// </summary>
public sealed class CommentIntake : BackgroundService
{
    /// <summary>How long a session's parser (its line-up's products) is reused before it is read again.</summary>
    public static readonly TimeSpan ParserFreshFor = TimeSpan.FromSeconds(15);

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

    private readonly ConcurrentDictionary<Guid, (CommentParser Parser, long ReadAt)> _parsers = new();

    /// <summary>The writer's last <c>received_at</c> (the writer is the only reader of the queue).</summary>
    private DateTimeOffset _lastReceivedAt;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly NpgsqlDataSource _dataSource;
    private readonly CommentNotifier _notifier;
    private readonly TimeProvider _clock;
    private readonly ILogger<CommentIntake> _logger;
    private readonly System.Diagnostics.Metrics.Histogram<int> _batchSize;
    private readonly System.Diagnostics.Metrics.Histogram<double> _commitDuration;

    public CommentIntake(NpgsqlDataSource dataSource, CommentNotifier notifier, TimeProvider clock, OcopMetrics metrics, ILogger<CommentIntake> logger)
    {
        _dataSource = dataSource;
        _notifier = notifier;
        _clock = clock;
        _logger = logger;
        _batchSize = metrics.Meter.CreateHistogram<int>("ocoplive.comments.batch.size", "{comment}", "Comments stored by one statement");
        _commitDuration = metrics.Meter.CreateHistogram<double>("ocoplive.comments.batch.duration", "ms", "Time from batch start to commit");
        metrics.Meter.CreateObservableGauge("ocoplive.comments.queue.depth", () => _queue.Reader.Count, "{comment}", "Comments waiting for a batch");
    }

    // The product named, else the one on air now: the segment at the session's current position.
    // One row per comment of the batch (each comment once: the writer drops repeats first); a
    // comment whose session is gone has no row to join and is simply not stored.
    private const string Insert = """
        INSERT INTO comments (id, session_id, platform, comment_id, author, text, at, received_at, kind, product_id, quantity, phone, state)
        SELECT c.id, s.id, c.platform, c.comment_id, c.author, c.text, c.at, c.received_at, c.kind,
               coalesce(c.product_id, (SELECT sg.product_id FROM segments sg WHERE sg.session_id = s.id AND sg.position = s.current_position)),
               c.quantity, c.phone, 'New'
          FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[],
                      $9::text[], $10::uuid[], $11::int[], $12::text[])
               AS c(id, session_id, platform, comment_id, author, text, at, received_at, kind, product_id, quantity, phone)
          JOIN sessions s ON s.id = c.session_id
        ON CONFLICT (session_id, platform, comment_id) DO NOTHING
        RETURNING id, product_id
        """;

    /// <summary>Stores one comment (or finds it stored before); answers after the commit.</summary>
    public async Task<CommentOutcome> AcceptAsync(IncomingComment c, CancellationToken ct)
    {
        var pending = new Pending(c, _clock.GetUtcNow());
        return _queue.Writer.TryWrite(pending) ? await WaitAsync(pending, ct) : CommentOutcome.Overloaded;
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
            waits[i] = _queue.Writer.TryWrite(pending) ? WaitAsync(pending, ct) : Task.FromResult(CommentOutcome.Overloaded);
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatchSize);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatchSize && reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                // Not the host's stopping token: a batch that started commits or fails on its own.
                await WriteAsync(batch, CancellationToken.None);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Shutting down: new comments are refused at once (503), and whatever is still queued
        // gets a true 503, never silence.
        _queue.Writer.TryComplete();
        while (reader.TryRead(out var left))
        {
            left.Completion.TrySetResult(CommentOutcome.Unavailable);
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            await WriteOnceAsync(batch, ct);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            _logger.LogWarning(ex, "PostgreSQL unavailable: {Count} comments answered 503", batch.Count);
            Complete(batch, CommentOutcome.Unavailable);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // Should not happen (every field is checked at the door); if it does, one bad comment
            // must not sink the others: each alone.
            _logger.LogError(ex, "Comment batch of {Count} failed; storing one by one", batch.Count);
            foreach (var p in batch.Where(p => !p.Completion.Task.IsCompleted))
            {
                await WriteAsync([p], ct);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Comment not stored");
            Complete(batch, CommentOutcome.Unavailable);
        }
    }

    private async Task WriteOnceAsync(List<Pending> batch, CancellationToken ct)
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
                parsers[c.SessionId] = parser = await ParserAsync(conn, c.SessionId, ct);
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
            await using (var cmd = new NpgsqlCommand(Insert, conn, tx) { CommandTimeout = CommandTimeoutSeconds })
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

    private async Task<CommentParser?> ParserAsync(NpgsqlConnection conn, Guid sessionId, CancellationToken ct)
    {
        if (_parsers.TryGetValue(sessionId, out var cached) && _clock.GetElapsedTime(cached.ReadAt) < ParserFreshFor)
        {
            return cached.Parser;
        }

        await using var cmd = new NpgsqlCommand("""
            SELECT sg.position, p.id, p.name FROM sessions s
              LEFT JOIN segments sg ON sg.session_id = s.id
              LEFT JOIN products p ON p.id = sg.product_id
             WHERE s.id = $1 ORDER BY sg.position
            """, conn) { CommandTimeout = CommandTimeoutSeconds };
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        var products = new List<CommentProduct>();
        var exists = false;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                exists = true;
                if (!r.IsDBNull(0))
                {
                    products.Add(new CommentProduct(r.GetGuid(1), r.GetInt32(0), r.GetString(2)));
                }
            }
        }

        if (!exists)
        {
            return null;
        }

        // A product aired twice keeps its first position as its code.
        var parser = new CommentParser(products.DistinctBy(p => p.Id));
        if (_parsers.Count > 1_000)
        {
            _parsers.Clear();
        }

        _parsers[sessionId] = (parser, _clock.GetTimestamp());
        return parser;
    }

    private static void Complete(IEnumerable<Pending> batch, CommentOutcome outcome)
    {
        foreach (var p in batch)
        {
            p.Completion.TrySetResult(outcome);
        }
    }

    /// <summary>The server is down, unreachable, restarting or too slow to answer.</summary>
    private static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => PostgresErrors.IsUnavailable(pg.SqlState),
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or TimeoutException,
        TimeoutException or SocketException or IOException => true,
        InvalidOperationException ioe => ioe.InnerException is not null && IsUnavailable(ioe.InnerException),
        _ => false,
    };

    private sealed class Pending(IncomingComment comment, DateTimeOffset receivedAt)
    {
        public IncomingComment Comment { get; } = comment;

        public DateTimeOffset ReceivedAt { get; } = receivedAt;

        public TaskCompletionSource<CommentOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Row(Pending Pending, Guid Id, ParsedComment Parsed, DateTimeOffset ReceivedAt);

    private static readonly DateTimeOffset EarliestAt = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestAt = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IncomingComment? Validate(Guid sessionId, CommentRequest r, Errors errors)
    {
        if (r.Platform is null)
        {
            errors.Add("platform", "YouTube, Facebook, TikTok, Zalo hoặc Other (one of the platforms).");
        }

        var commentId = r.CommentId?.Trim();
        if (string.IsNullOrEmpty(commentId) || commentId.Length > Comment.MaxCommentIdLength)
        {
            errors.Add("commentId", $"Mã bình luận 1–{Comment.MaxCommentIdLength} ký tự (the platform's comment id, 1 to {Comment.MaxCommentIdLength} characters).");
        }

        var author = Text.Clean(r.Author);
        if (author is null || author.Length > Comment.MaxAuthorLength)
        {
            errors.Add("author", $"Tên người bình luận 1–{Comment.MaxAuthorLength} ký tự (author, 1 to {Comment.MaxAuthorLength} characters).");
        }

        var text = r.Text?.Normalize(System.Text.NormalizationForm.FormC).Trim();
        if (string.IsNullOrEmpty(text) || text.Length > Comment.MaxTextLength)
        {
            errors.Add("text", $"Nội dung 1–{Comment.MaxTextLength} ký tự (text, 1 to {Comment.MaxTextLength} characters).");
        }

        if (r.At is null)
        {
            errors.Add("at", "Thời điểm bình luận, ISO 8601 có múi giờ (when it was typed, with an offset).");
        }
        else if (r.At.Value < EarliestAt || r.At.Value > LatestAt)
        {
            // Year 0001 or 9999 is no comment typed during a show: refused, not stored.
            errors.Add("at", "Thời điểm bình luận không hợp lệ (not a plausible time for a comment).");
        }

        return errors.Any ? null : new IncomingComment(sessionId, r.Platform!.Value, commentId!, author!, text!, r.At!.Value);
    }
}
