using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Studio;

/// <summary><c>PUT /api/sessions/{id}/hard-out</c>: <c>hardOutAt</c> null removes it.</summary>
public sealed record HardOutRequest(DateTimeOffset? HardOutAt);

/// <summary>
/// Sets or removes a session's hard out (the TV slot's end). Allowed while planning and on air (a
/// channel may shorten a slot during the show), not after the end. It must fall after the start
/// and within <see cref="MaxAfterStart"/> of it.
/// </summary>
public sealed class HardOut(OcopDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan MaxAfterStart = TimeSpan.FromHours(24);

    public async Task<Outcome<BackTime>> SetAsync(Guid sessionId, HardOutRequest request, CancellationToken ct)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        if (request.HardOutAt is { } at && (at <= session.StartsAt || at > session.StartsAt + MaxAfterStart))
        {
            return Refusal.Invalid("hardOutAt", "Sau giờ bắt đầu, trong vòng 24 giờ (after the start, within 24 hours).");
        }

        if (session.Status is SessionStatus.Ended or SessionStatus.Closed)
        {
            return Refusal.Conflict("session-ended", "Phiên đã kết thúc (the session has ended)");
        }

        session.HardOutAt = request.HardOutAt?.ToUniversalTime();
        await db.SaveChangesAsync(ct);
        return (await StudioQueries.BackTimeAsync(db, sessionId, clock.GetUtcNow(), ct))!;
    }
}
