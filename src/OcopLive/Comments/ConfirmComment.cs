using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Comments;

/// <summary>
/// "chốt đơn": the comment's order through the same intake as the web and hotline orders (stock,
/// limits, live figures), keyed by the comment so that a second confirm never makes a second
/// order. A comment already confirmed is not short-cut to its order (that gave the whole order, the
/// customer's address included, for any body): the same body replays through the intake's
/// idempotency key (the same order again), a different one is refused like any reused key.
/// </summary>
internal sealed class ConfirmComment(OcopDbContext db, OrderIntake intake, CommentNotifier notifier, OcopMetrics metrics, TimeProvider clock)
{
    public async Task<Outcome<PlacedOrder>> ConfirmAsync(Guid id, ConfirmRequest body, ClaimsPrincipal user, CancellationToken ct)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return Refusal.NotFound("Không tìm thấy bình luận (comment not found)");
        }

        if (comment.State == CommentState.Dismissed)
        {
            return Refusal.Conflict("comment-dismissed", "Bình luận đã bỏ qua (the comment was dismissed)");
        }

        var name = user.Identity?.Name ?? "";
        if (comment.ClaimedBy is { } holder && holder != name && comment.ClaimedUntil > clock.GetUtcNow())
        {
            return Refusal.Conflict("claimed", $"{holder} đang xử lý bình luận này (another operator is handling this comment)");
        }

        var request = new PlaceOrderRequest(
            body.ProductId ?? comment.ProductId,
            body.Quantity ?? comment.Quantity ?? 1,
            new CustomerInput(body.Customer?.Name ?? Shorten(comment.Author), body.Customer?.Phone ?? comment.Phone),
            body.Address,
            OrderChannel.Comment);
        var errors = new Errors();
        if (OrderRules.Validate(comment.SessionId, request, CommentDesk.OrderKey(id), name, errors) is not { } order)
        {
            return Refusal.Invalid(errors);
        }

        var outcome = await intake.PlaceAsync(order, ct);
        metrics.Record(outcome, OrderChannel.Comment);
        var (placed, refusal) = outcome.ToOutcome();
        if (refusal is not null)
        {
            return refusal;
        }

        await MarkConfirmedAsync(comment, placed!.Order.Id, name, ct);
        return placed;
    }

    private async Task MarkConfirmedAsync(Comment comment, Guid orderId, string user, CancellationToken ct)
    {
        await db.Comments.Where(c => c.Id == comment.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CommentState.Confirmed).SetProperty(c => c.OrderId, orderId)
                .SetProperty(c => c.HandledBy, user), ct);
        comment.State = CommentState.Confirmed;
        comment.OrderId = orderId;
        comment.HandledBy = user;
        notifier.Changed(CommentDesk.View(comment, null, clock.GetUtcNow()));
    }

    /// <summary>The author's name as the order's customer name (an order keeps at most 100 characters).</summary>
    private static string Shorten(string author) => author.Length <= OrderRules.MaxNameLength ? author : author[..OrderRules.MaxNameLength];
}
