using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
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
        producers.MapPost("/", CreateProducer).Accepts<ProducerRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        producers.MapGet("/", ListProducers).RequireAuthorization(Policies.Staff);
        producers.MapPatch("/{id:guid}", PatchProducer).Accepts<ProducerRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        producers.MapGet("/{id:guid}", GetProducer).RequireAuthorization(Policies.ProducerPortal)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        var products = app.MapGroup("/api/products").WithTags("Catalogue");
        products.MapPost("/", CreateProduct).Accepts<ProductRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status409Conflict);
        products.MapGet("/", ListProducts).RequireAuthorization(Policies.Staff);
        products.MapGet("/{id:guid}", GetProduct).RequireAuthorization(Policies.ProducerPortal)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        products.MapPatch("/{id:guid}", PatchProduct).Accepts<ProductRequest>("application/json").RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static Task<Results<Created<ProducerResponse>, ProblemHttpResult>> CreateProducer(
        HttpRequest request, Cataloguing catalogue, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<ProducerRequest, Producer, ProducerResponse>(request, r => catalogue.CreateProducerAsync(r, ct),
            p => $"/api/producers/{p.Id}", ProducerResponse.From, ct);

    public static async Task<Ok<List<ProducerResponse>>> ListProducers(OcopDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await CatalogQueries.ProducersAsync(db, ct));

    public static async Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> GetProducer(
        Guid id, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await CatalogQueries.ProducerAsync(db, id, user, ct));

    /// <summary>PATCH: the given fields replace the producer's (the bank account among them), checked with the create rules.</summary>
    public static Task<Results<Ok<ProducerResponse>, ProblemHttpResult>> PatchProducer(
        Guid id, HttpRequest request, Cataloguing catalogue, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<JsonObject, Producer, ProducerResponse>(request, patch => catalogue.ChangeProducerAsync(id, patch, ct),
            ProducerResponse.From, ct);

    public static Task<Results<Created<ProductResponse>, ProblemHttpResult>> CreateProduct(
        HttpRequest request, Cataloguing catalogue, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<ProductRequest, Product, ProductResponse>(request, r => catalogue.CreateProductAsync(r, ct),
            p => $"/api/products/{p.Id}", ProductResponse.From, ct);

    public static async Task<Ok<List<ProductResponse>>> ListProducts(Guid? producerId, OcopDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await CatalogQueries.ProductsAsync(db, producerId, ct));

    public static async Task<Results<Ok<ProductResponse>, ProblemHttpResult>> GetProduct(
        Guid id, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await CatalogQueries.ProductAsync(db, id, user, ct));

    /// <summary>PATCH: the given fields replace the product's, checked with the create rules.</summary>
    public static Task<Results<Ok<ProductResponse>, ProblemHttpResult>> PatchProduct(
        Guid id, HttpRequest request, Cataloguing catalogue, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<JsonObject, Product, ProductResponse>(request, patch => catalogue.ChangeProductAsync(id, patch, ct),
            ProductResponse.From, ct);
}
