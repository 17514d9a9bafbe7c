using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Catalog;

/// <summary>Producers and products: the catalogue the production team keeps (Admin, Director).</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder app)
    {
        var producers = app.MapGroup("/api/producers").WithTags("Catalogue");
        producers.MapPost("/", CreateProducer).Accepts<ProducerRequest>("application/json").RequireAuthorization(Policies.Staff);
        producers.MapGet("/", ListProducers).RequireAuthorization(Policies.Staff);
        producers.MapGet("/{id:guid}", GetProducer).RequireAuthorization(Policies.ProducerPortal);

        var products = app.MapGroup("/api/products").WithTags("Catalogue");
        products.MapPost("/", CreateProduct).Accepts<ProductRequest>("application/json").RequireAuthorization(Policies.Staff);
        products.MapGet("/", ListProducts).RequireAuthorization(Policies.Staff);
        products.MapGet("/{id:guid}", GetProduct).RequireAuthorization(Policies.ProducerPortal);
        products.MapPatch("/{id:guid}", PatchProduct).Accepts<ProductRequest>("application/json").RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<Created<ProducerResponse>, ValidationProblem, ProblemHttpResult>> CreateProducer(
        HttpRequest request, OcopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ProducerRequest>(request, ct);
        if (body is null)
        {
            return Unwrap(problem);
        }

        var errors = new Errors();
        var producer = CatalogRules.ToProducer(body, errors);
        if (producer is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await db.Producers.AnyAsync(p => p.Name == producer.Name, ct))
        {
            return Problems.Conflict("producer-exists", "Chủ thể này đã có (a producer with this name exists)");
        }

        producer.CreatedAt = clock.GetUtcNow();
        db.Producers.Add(producer);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/producers/{producer.Id}", ProducerResponse.From(producer));
    }

    public static async Task<Ok<List<ProducerResponse>>> ListProducers(OcopDbContext db, CancellationToken ct)
    {
        var producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        return TypedResults.Ok(producers.ConvertAll(ProducerResponse.From));
    }

    public static async Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> GetProducer(
        Guid id, OcopDbContext db, HttpContext http, CancellationToken ct)
    {
        if (!http.User.MaySeeProducer(id))
        {
            return Problems.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var producer = await db.Producers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return producer is null
            ? Problems.NotFound("Không tìm thấy chủ thể (producer not found)")
            : TypedResults.Ok(ProducerResponse.From(producer));
    }

    public static async Task<Results<Created<ProductResponse>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        HttpRequest request, OcopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ProductRequest>(request, ct);
        if (body is null)
        {
            return Unwrap(problem);
        }

        var errors = new Errors();
        var product = new Product { Name = "", Unit = "" };
        if (!CatalogRules.Apply(body, product, errors))
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (!await db.Producers.AnyAsync(p => p.Id == product.ProducerId, ct))
        {
            errors.Add("producerId", "Không có chủ thể này (unknown producer).");
            return Problems.Validation(errors.ToDictionary());
        }

        if (await db.Products.AnyAsync(p => p.ProducerId == product.ProducerId && p.Name == product.Name, ct))
        {
            return Problems.Conflict("product-exists", "Chủ thể đã có sản phẩm cùng tên (the producer has a product with this name)");
        }

        product.CreatedAt = clock.GetUtcNow();
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/products/{product.Id}", ProductResponse.From(product));
    }

    public static async Task<Ok<List<ProductResponse>>> ListProducts(Guid? producerId, OcopDbContext db, CancellationToken ct)
    {
        var query = db.Products.AsNoTracking();
        if (producerId is { } pid)
        {
            query = query.Where(p => p.ProducerId == pid);
        }

        var products = await query.OrderBy(p => p.Name).ToListAsync(ct);
        return TypedResults.Ok(products.ConvertAll(ProductResponse.From));
    }

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(
        Guid id, OcopDbContext db, HttpContext http, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (product is null)
        {
            return Problems.NotFound("Không tìm thấy sản phẩm (product not found)");
        }

        return http.User.MaySeeProducer(product.ProducerId)
            ? TypedResults.Ok(ProductResponse.From(product))
            : Problems.Forbidden("Không phải sản phẩm của bạn (not your product)");
    }

    /// <summary>
    /// Merges the given fields onto the product and validates the result with the create rules.
    /// The row is locked for the update so a stock change never loses a concurrent order's decrement.
    /// </summary>
    public static async Task<Results<Ok<ProductResponse>, ValidationProblem, ProblemHttpResult>> PatchProduct(
        Guid id, HttpRequest request, OcopDbContext db, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (patch, problem) = await JsonBody.ReadAsync<JsonObject>(request, ct);
        if (patch is null)
        {
            return Unwrap(problem);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var product = await db.Products.FromSql($"SELECT * FROM products WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (product is null)
        {
            return Problems.NotFound("Không tìm thấy sản phẩm (product not found)");
        }

        var (request2, invalid) = JsonBody.Merge(ProductResponse.From(product).ToRequest(), patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        if (request2 is null || !CatalogRules.Apply(request2, product, errors))
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (db.Entry(product).Property(p => p.ProducerId).IsModified
            && !await db.Producers.AnyAsync(p => p.Id == product.ProducerId, ct))
        {
            errors.Add("producerId", "Không có chủ thể này (unknown producer).");
            return Problems.Validation(errors.ToDictionary());
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: "23505" })
        {
            return Problems.Conflict("product-exists", "Chủ thể đã có sản phẩm cùng tên (the producer has a product with this name)");
        }

        await tx.CommitAsync(ct);
        return TypedResults.Ok(ProductResponse.From(product));
    }

    private static ValidationProblem Unwrap(IResult? problem) => problem as ValidationProblem
        ?? throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
}
