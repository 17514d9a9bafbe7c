using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Pages.Catalogue;

/// <summary>The catalogue: producers and products, listed here and created through <see cref="Cataloguing"/>, as by the API.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(OcopDbContext db, Cataloguing catalogue) : PageModel
{
    public List<Catalog.Producer> Producers { get; private set; } = [];

    public List<Product> Products { get; private set; } = [];

    [BindProperty]
    public ProducerForm NewProducer { get; set; } = new();

    [BindProperty]
    public ProductForm NewProduct { get; set; } = new();

    /// <summary>The product whose talking points the editor below the table opens with (<c>?talk=</c>).</summary>
    [BindProperty(SupportsGet = true, Name = "talk")]
    public Guid? TalkProductId { get; set; }

    [BindProperty]
    public TalkingPointsForm TalkingPoints { get; set; } = new();

    public Product? TalkProduct { get; private set; }

    public IDictionary<string, string[]> TalkErrors { get; private set; } = new Dictionary<string, string[]>();

    public IDictionary<string, string[]> ProducerErrors { get; private set; } = new Dictionary<string, string[]>();

    public IDictionary<string, string[]> ProductErrors { get; private set; } = new Dictionary<string, string[]>();

    [TempData]
    public string? Message { get; set; }

    /// <summary>The producer whose bank account the editor opens with (<c>?bank=</c>, kept in the URL so a reload returns to it).</summary>
    [BindProperty(SupportsGet = true, Name = "bank")]
    public Guid? BankProducerId { get; set; }

    public long SampleAmountVnd => PaymentRules.SampleAmountVnd;

    public string SampleNote => PaymentRules.SampleNote;

    /// <summary>The producers table's account column: bank, account number, or cash on delivery.</summary>
    public static string BankSummary(Catalog.Producer p) =>
        p.BankBin is { } bin && p.BankAccountNumber is { } account
            ? $"{Banks.Find(bin)?.ShortName ?? bin} · {account}"
            : "COD";

    public sealed class ProducerForm
    {
        public string? Name { get; set; }
        public ProducerKind? Kind { get; set; }
        public string? Province { get; set; }
        public string? Commune { get; set; }
        public string? Phone { get; set; }
    }

    public sealed class ProductForm
    {
        public Guid? ProducerId { get; set; }
        public string? Name { get; set; }
        public ProductCategory? Category { get; set; }
        public int? OcopStars { get; set; }
        public string? Unit { get; set; }
        public long? PriceVnd { get; set; }
        public int? Stock { get; set; }
        public int? MaxPerOrder { get; set; }
        public string? CertificateNo { get; set; }
        public DateOnly? CertificateExpiresOn { get; set; }
        public string? TraceabilityUrl { get; set; }
        public string? Story { get; set; }
        public string? Highlight1 { get; set; }
        public string? Highlight2 { get; set; }
        public string? Highlight3 { get; set; }
        public string? Usage { get; set; }

        public string[] Highlights => [.. new[] { Highlight1, Highlight2, Highlight3 }.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!)];
    }

    /// <summary>The host's talking points of an existing product: story, three highlights, use and keeping.</summary>
    public sealed class TalkingPointsForm
    {
        public string? Story { get; set; }
        public string? Highlight1 { get; set; }
        public string? Highlight2 { get; set; }
        public string? Highlight3 { get; set; }
        public string? Usage { get; set; }

        public static TalkingPointsForm Of(Product p) => new()
        {
            Story = p.Story,
            Highlight1 = p.Highlights.ElementAtOrDefault(0),
            Highlight2 = p.Highlights.ElementAtOrDefault(1),
            Highlight3 = p.Highlights.ElementAtOrDefault(2),
            Usage = p.Usage,
        };

        /// <summary>The same change <c>PATCH /api/products/{id}</c> makes: blank fields clear, blank highlights are dropped.</summary>
        public System.Text.Json.Nodes.JsonObject ToPatch() => new()
        {
            ["story"] = Story ?? "",
            ["highlights"] = new System.Text.Json.Nodes.JsonArray([.. new[] { Highlight1, Highlight2, Highlight3 }
                .Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => (System.Text.Json.Nodes.JsonNode?)System.Text.Json.Nodes.JsonValue.Create(h))]),
            ["usage"] = Usage ?? "",
        };
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (TalkProduct is { } p)
        {
            TalkingPoints = TalkingPointsForm.Of(p);
        }
    }

    /// <summary>Saves the talking points of <c>?talk=</c> through the catalogue's change use case, as the API's PATCH does.</summary>
    public async Task<IActionResult> OnPostTalkingPointsAsync(CancellationToken ct)
    {
        if (TalkProductId is not { } id)
        {
            return NotFound();
        }

        var (product, refusal) = await catalogue.ChangeProductAsync(id, TalkingPoints.ToPatch(), ct);
        if (refusal is not null)
        {
            if (refusal.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            TalkErrors = refusal.ForForm("story");
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã lưu lời giới thiệu của {product!.Name}.";
        return RedirectToPage(new { talk = id });
    }

    public async Task<IActionResult> OnPostProducerAsync(CancellationToken ct)
    {
        var f = NewProducer;
        var (producer, refusal) = await catalogue.CreateProducerAsync(new ProducerRequest(f.Name, f.Kind, f.Province, f.Commune, f.Phone), ct);
        if (refusal is not null)
        {
            ProducerErrors = refusal.ForForm("name");
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã thêm chủ thể {producer!.Name}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostProductAsync(CancellationToken ct)
    {
        var f = NewProduct;
        var request = new ProductRequest(f.ProducerId, f.Name, f.Category, f.OcopStars, f.Unit, f.PriceVnd, f.Stock, f.MaxPerOrder,
            f.CertificateNo, f.CertificateExpiresOn, f.TraceabilityUrl, f.Story, f.Highlights, f.Usage);
        var (product, refusal) = await catalogue.CreateProductAsync(request, ct);
        if (refusal is not null)
        {
            ProductErrors = refusal.ForForm("name");
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã thêm sản phẩm {product!.Name}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        Products = await db.Products.AsNoTracking().Include(p => p.Producer).OrderBy(p => p.Producer!.Name).ThenBy(p => p.Name).ToListAsync(ct);
        TalkProduct = TalkProductId is { } talk ? Products.FirstOrDefault(p => p.Id == talk) : null;
    }
}
