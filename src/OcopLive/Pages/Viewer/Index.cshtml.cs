using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Viewer;

/// <summary>The viewers' mobile order page behind the QR code: the product on air and a short order form.</summary>
[AllowAnonymous]
public sealed class IndexModel(OcopDbContext db, IOptions<OcopLiveOptions> options) : PageModel
{
    public Session Session { get; private set; } = null!;

    public List<RundownRow> Rows { get; private set; } = [];

    public RundownRow? OnAir => Rows.FirstOrDefault(r => r.Position == Session.CurrentPosition);

    public string HotlinePhone => options.Value.HotlinePhone;

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
