using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Catalog;

/// <summary>The reads of the catalogue: producers and products, as staff list them and as a producer sees its own.</summary>
public static class CatalogQueries
{
    public static async Task<List<ProducerResponse>> ProducersAsync(OcopDbContext db, CancellationToken ct)
    {
        var producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return producers.ConvertAll(ProducerResponse.From);
    }

    /// <summary>One producer, for staff or the producer itself.</summary>
    public static async Task<Outcome<ProducerResponse>> ProducerAsync(OcopDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(id))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var producer = await db.Producers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return producer is null ? Refusal.NotFound(Problems.ProducerNotFoundTitle) : ProducerResponse.From(producer);
    }

    /// <summary>Every product, or one producer's, by name.</summary>
    public static async Task<List<ProductResponse>> ProductsAsync(OcopDbContext db, Guid? producerId, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (producerId is { } pid)
        {
            query = query.Where(p => p.ProducerId == pid);
        }

        var products = await query.OrderBy(p => p.Name).ToListAsync(ct);
        return products.ConvertAll(ProductResponse.From);
    }

    /// <summary>One product, for staff or its producer.</summary>
    public static async Task<Outcome<ProductResponse>> ProductAsync(OcopDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return Refusal.NotFound(Problems.ProductNotFoundTitle);
        }

        return user.MaySeeProducer(product.ProducerId)
            ? ProductResponse.From(product)
            : Refusal.Forbidden("Không phải sản phẩm của bạn (not your product)");
    }
}
