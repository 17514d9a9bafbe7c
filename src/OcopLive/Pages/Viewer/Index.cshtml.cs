using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Pages.Viewer;

/// <summary>
/// The viewers' mobile order page behind the QR code: the product on air and a short order form.
/// It follows the phones' feed (<c>JoinViewer</c> → <c>now</c>); when this node already carries
/// its viewer budget, the page is rendered to poll <c>GET /api/sessions/{id}/now</c> instead.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(OcopDbContext db, LiveWatchers watchers, IOptions<OcopLiveOptions> options, OrderChallenges challenges) : PageModel
{
    /// <summary>The <c>data-feed</c> of a page that follows the hub.</summary>
    public const string HubFeed = "hub";

    /// <summary>The <c>data-feed</c> of a page that polls <c>/now</c> (the node's viewer budget is reached).</summary>
    public const string PollFeed = "poll";

    public Session Session { get; private set; } = null!;

    public List<RundownRow> Rows { get; private set; } = [];

    public RundownRow? OnAir => Rows.FirstOrDefault(r => r.Position == Session.CurrentPosition);

    public string HotlinePhone => options.Value.HotlinePhone;

    public string Feed { get; private set; } = HubFeed;

    /// <summary>Orders from this page carry a solved challenge (the ALTCHA widget, challenge.js).</summary>
    public bool OrderChallenge => challenges.Required;

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null)
        {
            return NotFound();
        }

        Session = session;
        // Nothing personal in it (the challenge and the order are fetched by script): proxies and
        // this node's output cache (Common/Delivery) may serve it for a second.
        Response.Headers.CacheControl = Common.Delivery.ViewerPageCacheControl;
        Feed = watchers.ViewerBudgetReached(options.Value.Live.MaxViewerConnections) ? PollFeed : HubFeed;
        // A draft's line-up and deal prices stay in the studio until the session goes live: the
        // page shows the title and the start time only.
        Rows = session.Status == SessionStatus.Draft ? [] : await Rundown.ReadAsync(db, session, ct);
        return Page();
    }
}
