using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Host;

/// <summary>Where a host lands after login: the sessions on air or coming, each a link to its host's screen.</summary>
[Authorize(Policy = Policies.HostScreen)]
public sealed class SessionsModel(OcopDbContext db, TimeProvider clock) : PageModel
{
    public List<Session> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddHours(-12);
        Sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Live || (s.Status == SessionStatus.Draft && s.StartsAt >= since))
            .OrderByDescending(s => s.Status == SessionStatus.Live).ThenBy(s => s.StartsAt).Take(20).ToListAsync(ct);
    }
}
