using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Pages.Sessions;

/// <summary>
/// Planning one session: the products registered for it (entries) and its line-up. Entries are
/// posted to this page and registered by <see cref="SessionPlanning"/>, as through the API; the line-up is built, edited and locked by the page script through the
/// line-up API.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DetailModel(OcopDbContext db, SessionPlanning planning) : PageModel
{
    public sealed record EntryRow(Guid ProductId, string ProductName, string ProducerName, long PriceVnd, int Stock, int? Minutes,
        long? DealPriceVnd, int? LimitPerCustomer);

    public sealed record ProductChoice(Guid Id, string Name, string ProducerName, long PriceVnd, int Stock);

    public Session Session { get; private set; } = null!;

    public List<EntryRow> Entries { get; private set; } = [];

    public List<ProductChoice> Products { get; private set; } = [];

    public List<RundownRow> Rows { get; private set; } = [];

    [BindProperty]
    public Guid? ProductId { get; set; }

    [BindProperty]
    public int? Minutes { get; set; }

    [BindProperty]
    public long? DealPriceVnd { get; set; }

    [BindProperty]
    public int? LimitPerCustomer { get; set; }

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEntryAsync(Guid id, CancellationToken ct)
    {
        var (entry, refusal) = await planning.AddEntryAsync(id, new EntryRequest(ProductId, Minutes, DealPriceVnd, LimitPerCustomer), ct);
        if (refusal?.Status == StatusCodes.Status404NotFound && refusal.Field is null)
        {
            return NotFound();
        }

        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (refusal is not null)
        {
            Errors = refusal.ForForm("productId");
            return Page();
        }

        Message = $"Đã đăng ký {entry!.ProductName}.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (session is null)
        {
            return false;
        }

        Session = session;
        Entries = await db.SessionEntries.AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.CreatedAt)
            .Select(e => new EntryRow(e.ProductId, e.Product!.Name, e.Product.Producer!.Name, e.Product.PriceVnd, e.Product.Stock, e.Minutes,
                e.DealPriceVnd, e.LimitPerCustomer))
            .ToListAsync(ct);
        Products = await db.Products.AsNoTracking().OrderBy(p => p.Producer!.Name).ThenBy(p => p.Name)
            .Select(p => new ProductChoice(p.Id, p.Name, p.Producer!.Name, p.PriceVnd, p.Stock))
            .ToListAsync(ct);
        Rows = await Rundown.ReadAsync(db, session, ct);
        return true;
    }
}
