using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Comments;

/// <summary>
/// The "chốt đơn" desk's use cases: list a session's comments, claim one (the claimant alone sees
/// its phone number), confirm it into an order through the same intake as every other channel, or
/// dismiss it.
/// </summary>
public sealed class CommentDesk(OcopDbContext db, CommentNotifier notifier, TimeProvider clock)
{
    /// <summary>How long a claim lasts without a new claim by the same operator.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(3);

    public const int DefaultListSize = 500;
    public const int MaxListSize = 5_000;

    /// <summary>The idempotency key of the order made from a comment: one comment, at most one order.</summary>
    public static string OrderKey(Guid commentId) => "comment-" + commentId.ToString("N");

    public async Task<List<CommentView>?> ListAsync(Guid sessionId, int? limit, string? viewer, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return null;
        }

        var take = Math.Clamp(limit ?? DefaultListSize, 1, MaxListSize);
        var rows = await db.Comments.AsNoTracking().Where(c => c.SessionId == sessionId)
            .OrderByDescending(c => c.ReceivedAt).ThenByDescending(c => c.Id).Take(take).ToListAsync(ct);
        var now = clock.GetUtcNow();
        rows.Reverse();
        return rows.ConvertAll(c => View(c, viewer, now));
    }

    public async Task<Outcome<CommentView>> GetAsync(Guid id, string? viewer, CancellationToken ct)
    {
        var c = await db.Comments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return c is null ? NotFound() : new Outcome<CommentView>(View(c, viewer, clock.GetUtcNow()), null);
    }

    /// <summary>
    /// The operator takes the comment: for <see cref="ClaimFor"/> (renewed by claiming again) only
    /// they see its phone number, and the other desks see who holds it. Another operator's live
    /// claim is a 409 <c>claimed</c>.
    /// </summary>
    public async Task<Outcome<ClaimResponse>> ClaimAsync(Guid id, string user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + ClaimFor;
        var taken = await db.Comments
            .Where(c => c.Id == id && (c.ClaimedBy == null || c.ClaimedBy == user || c.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedBy, user).SetProperty(c => c.ClaimedUntil, until), ct);
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return NotFound<ClaimResponse>();
        }

        if (taken == 0)
        {
            return new(null, Refusal.Conflict("claimed", $"{comment.ClaimedBy} đang xử lý bình luận này (another operator is handling this comment)"));
        }

        notifier.Changed(View(comment, null, now));
        PreviousBuyer? previous = null;
        if (comment.Phone is { } phone)
        {
            previous = await db.Orders.AsNoTracking().Where(o => o.CustomerPhone == phone).OrderByDescending(o => o.CreatedAt)
                .Select(o => new PreviousBuyer(o.CustomerName, o.Province, o.Commune, o.Street, o.ProvinceCode, o.CommuneCode)).FirstOrDefaultAsync(ct);
        }

        return new(new ClaimResponse(View(comment, user, now), previous), null);
    }

    /// <summary>Confirm: the comment's order, placed through <see cref="OrderIntake"/> like every order.</summary>
    public async Task<(Comment? Comment, ValidOrder? Order, Refusal? Refusal)> PrepareConfirmAsync(
        Guid id, ConfirmRequest body, ClaimsPrincipal user, CancellationToken ct)
    {
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return (null, null, Refusal.NotFound("Không tìm thấy bình luận (comment not found)"));
        }

        if (comment.State == CommentState.Dismissed)
        {
            return (comment, null, Refusal.Conflict("comment-dismissed", "Bình luận đã bỏ qua (the comment was dismissed)"));
        }

        var name = user.Identity?.Name ?? "";
        if (comment.ClaimedBy is { } holder && holder != name && comment.ClaimedUntil > clock.GetUtcNow())
        {
            return (comment, null, Refusal.Conflict("claimed", $"{holder} đang xử lý bình luận này (another operator is handling this comment)"));
        }

        var request = new PlaceOrderRequest(
            body.ProductId ?? comment.ProductId,
            body.Quantity ?? comment.Quantity ?? 1,
            new CustomerInput(body.Customer?.Name ?? Shorten(comment.Author), body.Customer?.Phone ?? comment.Phone),
            body.Address,
            OrderChannel.Comment);
        var errors = new Errors();
        var order = OrderRules.Validate(comment.SessionId, request, OrderKey(id), name, errors);
        return order is null ? (comment, null, Refusal.Invalid(errors)) : (comment, order, null);
    }

    public async Task<CommentView> MarkConfirmedAsync(Comment comment, Guid orderId, string user, CancellationToken ct)
    {
        await db.Comments.Where(c => c.Id == comment.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CommentState.Confirmed).SetProperty(c => c.OrderId, orderId)
                .SetProperty(c => c.HandledBy, user), ct);
        comment.State = CommentState.Confirmed;
        comment.OrderId = orderId;
        comment.HandledBy = user;
        var view = View(comment, null, clock.GetUtcNow());
        notifier.Changed(view);
        return view;
    }

    public async Task<Outcome<CommentView>> DismissAsync(Guid id, string user, CancellationToken ct)
    {
        var changed = await db.Comments.Where(c => c.Id == id && c.State == CommentState.New)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CommentState.Dismissed).SetProperty(c => c.HandledBy, user), ct);
        var comment = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (comment is null)
        {
            return NotFound();
        }

        if (comment.State == CommentState.Confirmed)
        {
            return new(null, Refusal.Conflict("comment-confirmed", "Bình luận đã thành đơn; hủy đơn nếu cần (already an order; cancel the order instead)"));
        }

        var view = View(comment, user, clock.GetUtcNow());
        if (changed > 0)
        {
            notifier.Changed(View(comment, null, clock.GetUtcNow()));
        }

        return new(view, null);
    }

    /// <summary>The author's name as the order's customer name (an order keeps at most 100 characters).</summary>
    private static string Shorten(string author) => author.Length <= OrderRules.MaxNameLength ? author : author[..OrderRules.MaxNameLength];

    internal static CommentView View(Comment c, string? viewer, DateTimeOffset now)
    {
        var unmasked = viewer is not null && c.ClaimedBy == viewer && c.ClaimedUntil > now;
        var claimLive = c.ClaimedUntil > now;
        return new CommentView(c.Id, c.Platform, c.Author, unmasked ? c.Text : CommentMask.Text(c.Text), c.Kind, c.ProductId, c.Quantity,
            unmasked ? c.Phone : CommentMask.Phone(c.Phone), c.State, c.OrderId, c.SessionId, c.CommentId, c.At, c.ReceivedAt,
            claimLive ? c.ClaimedBy : null, claimLive ? c.ClaimedUntil : null, !unmasked && c.Phone is not null);
    }

    private static Outcome<CommentView> NotFound() => NotFound<CommentView>();

    private static Outcome<T> NotFound<T>()
        where T : class => new(default, Refusal.NotFound("Không tìm thấy bình luận (comment not found)"));
}
