using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Producers;
using OcopLive.Sessions;

namespace OcopLive.Pages.Producer;

/// <summary>
/// The producer portal: own products and live sales, sessions, orders for fulfilment, CSV. A
/// Producer always sees their own producer; asking for another one is 403. Directors and Admins
/// choose with <c>?producerId=</c>.
/// </summary>
[Authorize(Policy = Policies.ProducerPortal)]
public sealed class IndexModel(OcopDbContext db) : PageModel
{
    public Catalog.Producer? Producer { get; private set; }

    public List<Catalog.Producer> Choices { get; private set; } = [];

    public List<Product> Products { get; private set; } = [];

    public List<Session> Sessions { get; private set; } = [];

    public Session? Selected { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? producerId, Guid? sessionId, CancellationToken ct)
    {
        if (!MaySee(ref producerId))
        {
            return Forbid();
        }

        if (producerId is not { } id)
        {
            Choices = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
            return Page();
        }

        Producer = await db.Producers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (Producer is null)
        {
            return NotFound();
        }

        Products = await db.Products.AsNoTracking().Where(p => p.ProducerId == id).OrderBy(p => p.Name).ToListAsync(ct);
        var sessionIds = db.Segments.Where(s => s.ProducerId == id).Select(s => s.SessionId)
            .Union(db.ProductSales.Where(s => s.ProducerId == id).Select(s => s.SessionId));
        Sessions = await db.Sessions.AsNoTracking().Where(s => sessionIds.Contains(s.Id))
            .OrderByDescending(s => s.StartsAt).Take(50).ToListAsync(ct);
        Selected = sessionId is { } sid
            ? Sessions.FirstOrDefault(s => s.Id == sid)
            : Sessions.FirstOrDefault(s => s.Status == SessionStatus.Live) ?? Sessions.FirstOrDefault();
        return Page();
    }

    /// <summary>
    /// The figures the page script starts from, and polls while the hub is away: the producer's
    /// sales in each session (or in the one asked for), each in the shape of the hub's
    /// <c>sales</c> event, so the script merges both the same way.
    /// </summary>
    public async Task<IActionResult> OnGetSalesAsync(Guid? producerId, Guid? sessionId, CancellationToken ct)
    {
        if (!MaySee(ref producerId))
        {
            return Forbid();
        }

        if (producerId is not { } id)
        {
            return NotFound();
        }

        return new JsonResult(new { producerId = id, sessions = await ProducerQueries.BySessionAsync(db, id, sessionId, ct) });
    }

    /// <summary>A Producer always gets its own producer and is refused another; staff get the one they ask for.</summary>
    private bool MaySee(ref Guid? producerId)
    {
        if (!User.Passes(Policies.Staff))
        {
            var own = User.ProducerId();
            if (own is null || (producerId is { } asked && asked != own))
            {
                return false;
            }

            producerId = own;
        }

        return true;
    }
}
