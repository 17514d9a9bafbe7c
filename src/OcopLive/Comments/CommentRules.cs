using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The checks a comment passes at the door, before it is queued (<see cref="CommentIntake"/>).</summary>
public static class CommentRules
{
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
