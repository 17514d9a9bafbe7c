using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>
/// A platform's comment at the door: checked, then stored by <see cref="CommentIntake"/> in its
/// next batch. Stored means committed; the same platform + commentId is stored once (a duplicate
/// answers with no id). 503 when the database is unavailable or the intake's queue is full.
/// </summary>
public sealed class ReceiveComment(CommentIntake intake)
{
    public async Task<Outcome<CommentAccepted>> ReceiveAsync(Guid sessionId, CommentRequest request, CancellationToken ct)
    {
        var errors = new Errors();
        var comment = CommentRules.Validate(sessionId, request, errors);
        if (comment is null)
        {
            return Refusal.Invalid(errors);
        }

        var outcome = await intake.AcceptAsync(comment, ct);
        return outcome.Kind switch
        {
            CommentOutcomeKind.Created => new CommentAccepted(outcome.View!.Id, false),
            CommentOutcomeKind.Duplicate => new CommentAccepted(null, true),
            CommentOutcomeKind.SessionNotFound => Refusal.NotFound(Problems.SessionNotFoundTitle),
            CommentOutcomeKind.Overloaded => Refusal.Unavailable("overloaded",
                "Hệ thống đang quá tải, vui lòng gửi lại (overloaded, send the comment again shortly)", retryAfterSeconds: 1),
            _ => Refusal.Unavailable("unavailable",
                "Tạm thời không lưu được bình luận, vui lòng gửi lại (database unavailable, send the comment again)", retryAfterSeconds: 2),
        };
    }
}
