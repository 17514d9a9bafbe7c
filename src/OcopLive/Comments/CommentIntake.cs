using System.Collections.Concurrent;
using Npgsql;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>A comment checked at the door, before the parser reads it.</summary>
public sealed record IncomingComment(Guid SessionId, CommentPlatform Platform, string CommentId, string Author, string Text, DateTimeOffset At);

/// <summary>
/// Takes comments in, from the API and from the connectors alike: parses each one against the
/// session's line-up, stores it once per platform + comment id (one statement that also resolves
/// "the product on air"), and hands the new ones to the desk's notifier. A comment seen again
/// changes nothing and is not pushed again.
/// </summary>
public sealed class CommentIntake(NpgsqlDataSource dataSource, CommentNotifier notifier, TimeProvider clock)
{
    /// <summary>How long a session's parser (its line-up's products) is reused before it is read again.</summary>
    public static readonly TimeSpan ParserFreshFor = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Guid, (CommentParser Parser, long ReadAt)> _parsers = new();

    // The product named, else the one on air now: the segment at the session's current position.
    private const string Insert = """
        INSERT INTO comments (id, session_id, platform, comment_id, author, text, at, received_at, kind, product_id, quantity, phone, state)
        SELECT $1, s.id, $3, $4, $5, $6, $7, $8, $9,
               coalesce($10, (SELECT sg.product_id FROM segments sg WHERE sg.session_id = s.id AND sg.position = s.current_position)),
               $11, $12, 'New'
          FROM sessions s WHERE s.id = $2
        ON CONFLICT (session_id, platform, comment_id) DO NOTHING
        RETURNING product_id
        """;

    /// <summary>Null when the session does not exist; otherwise the comment (new or already stored: <c>Created</c> says which).</summary>
    public async Task<(bool Created, CommentView? View)> AcceptAsync(IncomingComment c, CancellationToken ct)
    {
        var parser = await ParserAsync(c.SessionId, ct);
        if (parser is null)
        {
            return (false, null);
        }

        var parsed = parser.Parse(c.Text);
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        await using var cmd = dataSource.CreateCommand(Insert);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.SessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Platform.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.CommentId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Author });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = c.At.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        cmd.Parameters.Add(new NpgsqlParameter { Value = parsed.Kind.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = parsed.ProductId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter<int?> { TypedValue = parsed.Quantity, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = parsed.Phone, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return (false, null); // stored before: the same comment again
        }

        var productId = reader.IsDBNull(0) ? (Guid?)null : reader.GetGuid(0);
        var view = new CommentView(id, c.Platform, c.Author, CommentMask.Text(c.Text), parsed.Kind, productId, parsed.Quantity,
            CommentMask.Phone(parsed.Phone), CommentState.New, null, c.SessionId, c.CommentId, c.At.ToUniversalTime(), now, null, null,
            parsed.Phone is not null);
        notifier.Arrived(view);
        return (true, view);
    }

    /// <summary>True when the session exists (a duplicate answers 202 like a new one).</summary>
    public async Task<bool> SessionExistsAsync(Guid sessionId, CancellationToken ct) => await ParserAsync(sessionId, ct) is not null;

    private async Task<CommentParser?> ParserAsync(Guid sessionId, CancellationToken ct)
    {
        if (_parsers.TryGetValue(sessionId, out var cached) && clock.GetElapsedTime(cached.ReadAt) < ParserFreshFor)
        {
            return cached.Parser;
        }

        await using var cmd = dataSource.CreateCommand("""
            SELECT sg.position, p.id, p.name FROM sessions s
              LEFT JOIN segments sg ON sg.session_id = s.id
              LEFT JOIN products p ON p.id = sg.product_id
             WHERE s.id = $1 ORDER BY sg.position
            """);
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

        _parsers[sessionId] = (parser, clock.GetTimestamp());
        return parser;
    }

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

        return errors.Any ? null : new IncomingComment(sessionId, r.Platform!.Value, commentId!, author!, text!, r.At!.Value);
    }
}
