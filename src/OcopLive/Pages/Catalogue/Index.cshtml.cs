using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Pages.Catalogue;

/// <summary>The catalogue: producers and products, listed and created with the API's own rules.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(OcopDbContext db, TimeProvider clock) : PageModel
{
    public List<Catalog.Producer> Producers { get; private set; } = [];

    public List<Product> Products { get; private set; } = [];

    [BindProperty]
    public ProducerForm NewProducer { get; set; } = new();

    [BindProperty]
    public ProductForm NewProduct { get; set; } = new();

    public IDictionary<string, string[]> ProducerErrors { get; private set; } = new Dictionary<string, string[]>();

    public IDictionary<string, string[]> ProductErrors { get; private set; } = new Dictionary<string, string[]>();

    [TempData]
    public string? Message { get; set; }

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
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostProducerAsync(CancellationToken ct)
    {
        var f = NewProducer;
        var errors = new Errors();
        Catalog.Producer? producer = CatalogRules.ToProducer(new ProducerRequest(f.Name, f.Kind, f.Province, f.Commune, f.Phone), errors);
        if (producer is not null && await db.Producers.AnyAsync(p => p.Name == producer.Name, ct))
        {
            errors.Add("name", "Chủ thể này đã có (a producer with this name exists).");
        }

        if (errors.Any)
        {
            ProducerErrors = errors.ToDictionary();
            await LoadAsync(ct);
            return Page();
        }

        producer!.CreatedAt = clock.GetUtcNow();
        db.Producers.Add(producer);
        await db.SaveChangesAsync(ct);
        Message = $"Đã thêm chủ thể {producer.Name}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostProductAsync(CancellationToken ct)
    {
        var f = NewProduct;
        var errors = new Errors();
        var product = new Product { Name = "", Unit = "" };
        var request = new ProductRequest(f.ProducerId, f.Name, f.Category, f.OcopStars, f.Unit, f.PriceVnd, f.Stock, f.MaxPerOrder,
            f.CertificateNo, f.CertificateExpiresOn, f.TraceabilityUrl);
        if (CatalogRules.Apply(request, product, errors))
        {
            if (!await db.Producers.AnyAsync(p => p.Id == product.ProducerId, ct))
            {
                errors.Add("producerId", "Không có chủ thể này (unknown producer).");
            }
            else if (await db.Products.AnyAsync(p => p.ProducerId == product.ProducerId && p.Name == product.Name, ct))
            {
                errors.Add("name", "Chủ thể đã có sản phẩm cùng tên (same name exists).");
            }
        }

        if (errors.Any)
        {
            ProductErrors = errors.ToDictionary();
            await LoadAsync(ct);
            return Page();
        }

        product.CreatedAt = clock.GetUtcNow();
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        Message = $"Đã thêm sản phẩm {product.Name}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        Products = await db.Products.AsNoTracking().Include(p => p.Producer).OrderBy(p => p.Producer!.Name).ThenBy(p => p.Name).ToListAsync(ct);
    }
}
