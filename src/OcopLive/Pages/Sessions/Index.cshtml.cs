using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Sessions;

[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(OcopDbContext db) : PageModel
{
    public List<Session> Sessions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Sessions = await db.Sessions.AsNoTracking().OrderByDescending(s => s.StartsAt).Take(100).ToListAsync(ct);
}
