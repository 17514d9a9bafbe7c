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
/// posted to this page; the line-up is built, edited and locked by the page script through the
/// line-up API.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class DetailModel(OcopDbContext db, TimeProvider clock) : PageModel
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
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        var request = new EntryRequest(ProductId, Minutes, DealPriceVnd, LimitPerCustomer);
        var product = Products.FirstOrDefault(p => p.Id == ProductId);
        var errors = new Errors();
        SessionRules.CheckEntry(request, product?.PriceVnd, errors);
        if (!errors.Any && product is null)
        {
            errors.Add("productId", "Không có sản phẩm này (unknown product).");
        }

        if (!errors.Any && (Session.Status != SessionStatus.Draft || Session.LineupState == LineupState.Locked))
        {
            errors.Add("productId", "Phiên đã chốt kịch bản, không đăng ký thêm được (the line-up is locked).");
        }

        if (!errors.Any && Entries.Any(e => e.ProductId == ProductId))
        {
            errors.Add("productId", "Sản phẩm đã đăng ký cho phiên này (already registered).");
        }

        if (errors.Any)
        {
            Errors = errors.ToDictionary();
            return Page();
        }

        db.SessionEntries.Add(new SessionEntry
        {
            SessionId = id,
            ProductId = product!.Id,
            Minutes = Minutes,
            DealPriceVnd = DealPriceVnd,
            LimitPerCustomer = LimitPerCustomer,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        Message = $"Đã đăng ký {product.Name}.";
        return Redirect($"/sessions/{id}");
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
