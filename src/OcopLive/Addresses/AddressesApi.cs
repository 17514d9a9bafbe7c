using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>
/// The two-level map (34 provinces, 3,321 communes) and the old → new conversion: anonymous and
/// cacheable (the answers change only with the data file, so they carry an ETag and a day's max-age).
/// The list of a province's communes is what the order pages fetch once and filter offline.
/// </summary>
public static class AddressesApi
{
    public static IEndpointRouteBuilder MapAddresses(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/addresses").WithTags("Addresses");
        group.MapGet("/provinces", GetProvinces).AllowAnonymous();
        group.MapGet("/provinces/{code}/communes", GetCommunes).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/map", GetMap).AllowAnonymous();
        group.MapGet("/communes", SearchCommunes).AllowAnonymous().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/convert", ConvertOld).AllowAnonymous().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/unmatched", GetUnmatched).RequireAuthorization(Policies.Staff);
        group.MapPost("/unmatched/{id:long}/resolve", Resolve).RequireAuthorization(Policies.Staff)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static StaticJson<IReadOnlyList<Province>> GetProvinces() => AddressViews.Provinces;

    public static StaticJson<CompactMap> GetMap() => AddressViews.All;

    public static Results<StaticJson<IReadOnlyList<CommuneItem>>, ProblemHttpResult> GetCommunes(string code) =>
        AddressViews.CommunesOf(code) is { } list ? list : Problems.NotFound("Không có tỉnh/thành phố mã này (no province with this code)");

    public static Results<StaticJson<CommuneSearch>, ProblemHttpResult> SearchCommunes(string? q, string? province, int? limit)
    {
        var (found, refusal) = AddressQueries.Search(q, province, limit);
        return found is not null ? found : refusal!.ToProblem();
    }

    public static Results<StaticJson<ConversionView>, ProblemHttpResult> ConvertOld(string? province, string? district, string? commune)
    {
        var (found, refusal) = AddressQueries.Convert(province, district, commune);
        return found is not null ? found : refusal!.ToProblem();
    }

    public static async Task<Ok<IReadOnlyList<UnmatchedAddressView>>> GetUnmatched(AddressBackfill backfill, CancellationToken ct) =>
        TypedResults.Ok(await backfill.ListAsync(ct));

    public static Task<Results<Ok<UnmatchedAddressView>, ProblemHttpResult>> Resolve(
        long id, HttpRequest request, ClaimsPrincipal user, AddressBackfill backfill, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<ResolveUnmatchedRequest, UnmatchedAddressView, UnmatchedAddressView>(
            request, body => backfill.ResolveAsync(id, body, user, ct), v => v, ct);
}

public static class AddressesSetup
{
    public static WebApplicationBuilder AddAddresses(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AddressBackfill>();
        return builder;
    }
}
