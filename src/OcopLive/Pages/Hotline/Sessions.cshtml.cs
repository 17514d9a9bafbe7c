using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Hotline;

/// <summary>The operators' start page: sessions taking orders now or soon, each with its hotline desk.</summary>
[Authorize(Policy = Policies.Hotline)]
public sealed class SessionsModel(OcopDbContext db, TimeProvider clock) : PageModel
{
    public List<Session> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        Sessions = await db.Sessions.AsNoTracking()
            .Where(s => s.Status == SessionStatus.Live || s.Status == SessionStatus.Ended || s.StartsAt >= since)
            .Where(s => s.Status != SessionStatus.Closed)
            .OrderBy(s => s.StartsAt).Take(50).ToListAsync(ct);
    }
}
