using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The checks a comment passes at the door, before it is queued (<see cref="CommentIntake"/>).</summary>
public static class CommentRules
{
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

    /// <summary>The longest platform access token accepted (YouTube and Facebook tokens are a few hundred characters).</summary>
    public const int MaxSourceTokenLength = 4_000;

    /// <summary>
    /// The one rule for a followed stream, on create and on change (a PATCH is merged onto the
    /// stored source first, so an explicit empty or null field is refused like on create): a
    /// platform with a connector, a stream id of 1–200 characters, a token of at most 4,000.
    /// Returns the trimmed stream id, or null with the errors filled.
    /// </summary>
    public static string? ValidateSource(CommentSourceRequest r, Errors errors)
    {
        if (r.Platform is not (CommentPlatform.YouTube or CommentPlatform.Facebook))
        {
            errors.Add("platform", "Kết nối tự động cho YouTube hoặc Facebook (connectors exist for YouTube and Facebook).");
        }

        var streamId = r.StreamId?.Trim();
        if (string.IsNullOrEmpty(streamId) || streamId.Length > CommentSource.MaxStreamIdLength)
        {
            errors.Add("streamId", "Mã luồng trực tiếp (YouTube liveChatId, Facebook live video id).");
        }

        if (r.AccessToken is { Length: > MaxSourceTokenLength })
        {
            errors.Add("accessToken", "Quá dài (too long).");
        }

        return errors.Any ? null : streamId;
    }
}
