using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Studio;

/// <summary>
/// Talkback: the control room sends a cue to the host's screen, the host taps to acknowledge. The
/// cue is pushed (hub event <c>cue</c>, host group only) right after its commit; the acknowledgement
/// is pushed the same way (<c>cueAcked</c>), so the control room sees it.
/// </summary>
public sealed class Talkback(OcopDbContext db, TimeProvider clock, StudioNotifier notifier)
{
    public async Task<Outcome<CueView>> SendAsync(Guid sessionId, CueRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Errors();
        var text = Text.Required(errors, "text", request.Text, Cue.MaxTextLength);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        var cue = new Cue
        {
            SessionId = sessionId,
            Text = text!,
            At = Microseconds(clock.GetUtcNow()),
            SentBy = user.Identity?.Name ?? "?",
        };
        db.Add(cue);
        await db.SaveChangesAsync(ct);
        var view = CueView.From(cue);
        await notifier.CueAsync(view, ct);
        return view;
    }

    /// <summary>Acknowledges a cue; a second tap answers the first acknowledgement again.</summary>
    public async Task<Outcome<CueView>> AckAsync(Guid cueId, ClaimsPrincipal user, CancellationToken ct)
    {
        var cue = await db.Set<Cue>().FirstOrDefaultAsync(c => c.Id == cueId, ct);
        if (cue is null)
        {
            return Refusal.NotFound("Không tìm thấy lời nhắn (cue not found)");
        }

        if (cue.AckedAt is null)
        {
            cue.AckedAt = Microseconds(clock.GetUtcNow());
            cue.AckedBy = user.Identity?.Name ?? "?";
            await db.SaveChangesAsync(ct);
            await notifier.CueAckedAsync(CueView.From(cue), ct);
        }

        return CueView.From(cue);
    }

    /// <summary>PostgreSQL keeps microseconds: the answer shows the time exactly as stored.</summary>
    private static DateTimeOffset Microseconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % 10), t.Offset);
}
