using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Live;
using OcopLive.Studio;

namespace OcopLive.Pages.Host;

/// <summary>
/// The host's screen: readable from three metres on a studio monitor or a tablet. Rendered with
/// the line-up's talking points and the live figures; host.js then follows /hubs/live (figures,
/// segment changes, cues) and reads <c>GET /api/sessions/{id}/host</c> again only at a segment change.
/// </summary>
[Authorize(Policy = Policies.HostScreen)]
public sealed class IndexModel(OcopDbContext db, LiveCache cache, TimeProvider clock, IOptions<StudioOptions> options) : PageModel
{
    public HostScreen Screen { get; private set; } = null!;

    public LiveSnapshot? Snapshot { get; private set; }

    /// <summary>The screen's data for host.js, in the API's JSON shape.</summary>
    public string DataJson => JsonSerializer.Serialize(new { screen = Screen, snapshot = Snapshot }, Json);

    private static readonly JsonSerializerOptions Json = Wire();

    private static JsonSerializerOptions Wire()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WireJson.Configure(options);
        return options;
    }

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        if (await StudioQueries.HostScreenAsync(db, sessionId, clock.GetUtcNow(), options.Value.LowStockUnits, ct) is not { } screen)
        {
            return NotFound();
        }

        Screen = screen;
        try
        {
            Snapshot = (await cache.GetAsync(sessionId, ct))?.Snapshot;
        }
        catch (LiveFiguresUnavailableException)
        {
            // The page still shows the line-up; the hub brings the figures.
        }

        return Page();
    }
}
