using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Sessions;

namespace OcopLive.Pages.Sessions;

/// <summary>
/// Plans a new session; the start is typed in Vietnam time and stored in UTC. The session is
/// created by <see cref="SessionPlanning"/>, as through the API: with its session-clock jobs.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class NewModel(SessionPlanning planning, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? Title { get; set; }

    /// <summary>yyyy-MM-ddTHH:mm in Asia/Ho_Chi_Minh (a datetime-local input).</summary>
    [BindProperty]
    public string? StartsAtLocal { get; set; }

    [BindProperty]
    public int? DurationMinutes { get; set; } = 60;

    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public int? OrderGraceMinutes { get; set; } = Session.DefaultOrderGraceMinutes;

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public void OnGet()
    {
        var start = VnFormat.Local(clock.GetUtcNow()).AddHours(1);
        StartsAtLocal = start.ToString("yyyy-MM-dd'T'HH:00", CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        DateTimeOffset? startsAt = null;
        if (DateTime.TryParseExact(StartsAtLocal, ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local) && local.Year > 1)
        {
            // (Year 1 in UTC+7 would fall before DateTimeOffset's range; the planning rules bound the rest.)
            startsAt = new DateTimeOffset(local, VnFormat.Zone.GetUtcOffset(local));
        }

        var (session, refusal) = await planning.CreateAsync(new SessionRequest(Title, startsAt, DurationMinutes, Channel, OrderGraceMinutes), ct);
        if (refusal is not null)
        {
            Errors = refusal.ForForm("title");
            return Page();
        }

        return RedirectToPage("/Sessions/Detail", new { id = session!.Id });
    }
}
