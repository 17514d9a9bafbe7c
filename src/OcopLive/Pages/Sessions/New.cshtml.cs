using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Sessions;

/// <summary>Plans a new session; the start is typed in Vietnam time and stored in UTC.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class NewModel(OcopDbContext db, TimeProvider clock) : PageModel
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
                DateTimeStyles.None, out var local))
        {
            startsAt = new DateTimeOffset(local, VnFormat.Zone.GetUtcOffset(local));
        }

        var errors = new Errors();
        var session = SessionRules.ToSession(new SessionRequest(Title, startsAt, DurationMinutes, Channel, OrderGraceMinutes), errors);
        if (session is null)
        {
            Errors = errors.ToDictionary();
            return Page();
        }

        session.CreatedAt = clock.GetUtcNow();
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return Redirect($"/sessions/{session.Id}");
    }
}
