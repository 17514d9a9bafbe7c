using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Catalog;

/// <summary>
/// Keeping the catalogue, one method per use case, called alike by <see cref="CatalogApi"/> and
/// the catalogue page: add a producer, add a product, change a product.
/// </summary>
public sealed class Cataloguing(OcopDbContext db, TimeProvider clock, IOptions<JsonOptions> json)
{
    private static readonly Refusal ProducerExists =
        Refusal.Conflict("producer-exists", "Chủ thể này đã có (a producer with this name exists)", "name");

    private static readonly Refusal ProductExists =
        Refusal.Conflict("product-exists", "Chủ thể đã có sản phẩm cùng tên (the producer has a product with this name)", "name");

    public async Task<Outcome<Producer>> CreateProducerAsync(ProducerRequest request, CancellationToken ct)
    {
        var errors = new Errors();
        var producer = CatalogRules.ToProducer(request, errors);
        if (producer is null)
        {
            return Refusal.Invalid(errors);
        }

        if (await db.Producers.AnyAsync(p => p.Name == producer.Name, ct))
        {
            return ProducerExists;
        }

        producer.CreatedAt = clock.GetUtcNow();
        db.Producers.Add(producer);
        if (await SaveAsync(producer, ProducerExists, ct) is { } refusal)
        {
            return refusal;
        }

        return producer;
    }

    /// <summary>
    /// Merges the given fields onto the producer (e.g. <c>{ "bank": { … } }</c>, or <c>"bank": null</c>
    /// to go back to cash on delivery) and checks the result with the create rules. Orders already
    /// placed keep the account they were placed against.
    /// </summary>
    public async Task<Outcome<Producer>> ChangeProducerAsync(Guid id, JsonObject patch, CancellationToken ct)
    {
        var producer = await db.Producers.FirstOrDefaultAsync(p => p.Id == id, ct);
        if (producer is null)
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle);
        }

        var (request, invalid) = JsonBody.Merge(ProducerResponse.From(producer).ToRequest(), patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        var changed = request is null ? null : CatalogRules.ToProducer(request, errors);
        if (changed is null)
        {
            return Refusal.Invalid(errors);
        }

        producer.Name = changed.Name;
        producer.Kind = changed.Kind;
        producer.Province = changed.Province;
        producer.Commune = changed.Commune;
        producer.ProvinceCode = changed.ProvinceCode;
        producer.CommuneCode = changed.CommuneCode;
        producer.Phone = changed.Phone;
        producer.BankBin = changed.BankBin;
        producer.BankAccountNumber = changed.BankAccountNumber;
        producer.BankAccountName = changed.BankAccountName;
        if (await SaveAsync(producer, ProducerExists, ct) is { } refusal)
        {
            return refusal;
        }

        return producer;
    }

    public async Task<Outcome<Product>> CreateProductAsync(ProductRequest request, CancellationToken ct)
    {
        var errors = new Errors();
        var product = new Product { Name = "", Unit = "" };
        if (!CatalogRules.Apply(request, product, Today(), errors))
        {
            return Refusal.Invalid(errors);
        }

        if (!await db.Producers.AnyAsync(p => p.Id == product.ProducerId, ct))
        {
            return UnknownProducer();
        }

        if (await db.Products.AnyAsync(p => p.ProducerId == product.ProducerId && p.Name == product.Name, ct))
        {
            return ProductExists;
        }

        product.CreatedAt = clock.GetUtcNow();
        db.Products.Add(product);
        if (await SaveAsync(product, ProductExists, ct) is { } refusal)
        {
            return refusal;
        }

        return product;
    }

    /// <summary>
    /// Merges the given fields onto the product and validates the result with the create rules.
    /// The row is locked for the update so a stock change never loses a concurrent order's decrement.
    /// </summary>
    public async Task<Outcome<Product>> ChangeProductAsync(Guid id, JsonObject patch, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.FromSql($"SELECT * FROM products WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (product is null)
        {
            return Refusal.NotFound(Problems.ProductNotFoundTitle);
        }

        var (request, invalid) = JsonBody.Merge(ProductResponse.From(product).ToRequest(), patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        if (request is null || !CatalogRules.Apply(request, product, Today(), errors))
        {
            return Refusal.Invalid(errors);
        }

        if (db.Entry(product).Property(p => p.ProducerId).IsModified
            && !await db.Producers.AnyAsync(p => p.Id == product.ProducerId, ct))
        {
            return UnknownProducer();
        }

        if (await SaveAsync(product, ProductExists, ct) is { } refusal)
        {
            return refusal;
        }

        await tx.CommitAsync(ct);
        return product;
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static Refusal UnknownProducer() => Refusal.Invalid("producerId", "Không có chủ thể này (unknown producer).");

    /// <summary>Saves; a unique name taken by a concurrent request in between is the same conflict as one seen before.</summary>
    private async Task<Refusal?> SaveAsync(object entity, Refusal onDuplicate, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            db.Entry(entity).State = EntityState.Detached;
            return onDuplicate;
        }
    }
}
