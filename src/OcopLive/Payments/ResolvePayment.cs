using System.Security.Claims;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>
/// Closes a transfer under review. With <c>orderNumber</c>, a transfer that paid no order yet
/// (unmatched, wrong account) is applied to that order, as if its note had named it.
/// </summary>
public sealed class ResolvePayment(Reconciler reconciler, OcopDbContext db)
{
    public const int MaxNoteLength = 500;

    public async Task<Outcome<NotificationView>> ResolveAsync(long id, ResolveRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var note = request.Note?.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return Refusal.Invalid("note", "Tối đa 500 ký tự (at most 500 characters).");
        }

        if (await reconciler.ResolveAsync(id, request.OrderNumber, user.Identity?.Name ?? "?", note, ct) is { } refusal)
        {
            return refusal;
        }

        return await PaymentQueries.ViewAsync(db, id, ct);
    }
}
