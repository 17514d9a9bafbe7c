using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Control;

/// <summary>The control room: the rundown, go live / next / end, live figures, sales per minute.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(OcopDbContext db, IOptions<OcopLiveOptions> options) : PageModel
{
    /// <summary>The overlay's address for OBS/vMix: <c>OcopLive__PublicBaseUrl</c> when set, else this request's host.</summary>
    public string OverlayUrl
    {
        get
        {
            // The path comes from the overlay page's route (its @page line); only the origin is chosen here.
            var path = Url.Page("/Overlay", new { sessionId = Session.Id })![(Request.PathBase.Value?.Length ?? 0)..];
            return options.Value.PublicOrigin(Request) + path;
        }
    }

    public Session Session { get; private set; } = null!;

    public List<RundownRow> Rows { get; private set; } = [];

    /// <summary>The session clock's log (starting soon, automatic go-live, ordering closed, reports), newest first.</summary>
    public List<SessionEventResponse> Events { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        if (await LoadAsync(sessionId, ct) is false)
        {
            return NotFound();
        }

        // Only the page shows the log; the rundown handler, asked at every segment change, does not.
        Events = await db.SessionEvents.AsNoTracking().Where(e => e.SessionId == sessionId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(20)
            .Select(e => new SessionEventResponse(e.Kind, e.Message, e.At)).ToListAsync(ct);
        return Page();
    }

    /// <summary>The rundown as JSON, for the page script after go-live/next/end.</summary>
    public async Task<IActionResult> OnGetRundownAsync(Guid sessionId, CancellationToken ct)
    {
        if (await LoadAsync(sessionId, ct) is false)
        {
            return NotFound();
        }

        return new JsonResult(new
        {
            sessionId = Session.Id,
            status = Session.Status.ToString(),
            currentPosition = Session.CurrentPosition,
            startsAt = Session.StartsAt,
            endsAt = Session.StartsAt.AddMinutes(Session.DurationMinutes),
            wentLiveAt = Session.WentLiveAt,
            endedAt = Session.EndedAt,
            rows = Rows,
        });
    }

    private async Task<bool> LoadAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return false;
        }

        Session = session;
        Rows = await Rundown.ReadAsync(db, session, ct);
        return true;
    }
}
