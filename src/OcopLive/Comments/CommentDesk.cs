using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Comments;

/// <summary>
/// The "chốt đơn" desk's use cases: list a session's comments, claim one (the claimant alone sees
/// its phone number) or dismiss it. Confirming it into an order is <see cref="ConfirmComment"/>.
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
    /// claim is a 409 <c>claimed</c>. A claim that shows the phone's previous buyer (name, address)
    /// is written to the access audit before the answer leaves, like the caller look-up.
    /// </summary>
    public async Task<Outcome<ClaimResponse>> ClaimAsync(Guid id, ClaimsPrincipal claimant, CancellationToken ct)
    {
        var user = claimant.Identity?.Name ?? "";
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

        var claim = new ClaimResponse(View(comment, user, now), previous);
        if (previous is not null)
        {
            await AccessAudits.RecordAsync(db, claimant, clock, AccessAudit.CommentClaim, claim.Comment.Phone ?? "", 1, ct);
        }

        return claim;
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
