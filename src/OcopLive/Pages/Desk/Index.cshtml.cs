using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Desk;

/// <summary>
/// The "chốt đơn" desk: a session's live-chat comments as they arrive, orders first; Enter confirms
/// the selected one, Delete dismisses it. Everything it does goes through the comments API.
/// </summary>
[Authorize(Policy = Policies.Hotline)]
public sealed class IndexModel(OcopDbContext db) : PageModel
{
    public Session Session { get; private set; } = null!;

    public List<RundownRow> Rows { get; private set; } = [];

    public string UserName => User.Identity?.Name ?? "";

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return NotFound();
        }

        Session = session;
        Rows = await Rundown.ReadAsync(db, session, ct);
        return Page();
    }
}
