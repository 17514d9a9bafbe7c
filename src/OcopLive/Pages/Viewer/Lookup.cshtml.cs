using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Data;

namespace OcopLive.Pages.Viewer;

/// <summary>A viewer looks up an order by its number and their phone (the API answers only when both match).</summary>
[AllowAnonymous]
public sealed class LookupModel(OcopDbContext db) : PageModel
{
    public Guid SessionId { get; private set; }

    public string Title { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        var title = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return NotFound();
        }

        (SessionId, Title) = (sessionId, title);
        return Page();
    }
}
