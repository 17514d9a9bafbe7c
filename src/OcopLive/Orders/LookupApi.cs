using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>
/// Look-ups for the hotline desk (a caller by phone, <see cref="CallerLookup"/>) and for viewers (an
/// order by number and phone, <see cref="BuyerLookup"/>). Both take the phone in a POST body, never
/// in the URL: a query string ends up in proxies' and browsers' histories and logs.
/// </summary>
public static class LookupApi
{
    public static IEndpointRouteBuilder MapLookups(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/customers/lookup", LookupCaller)
            .WithTags("Orders")
            .Accepts<CallerLookupRequest>("application/json")
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(Policies.Hotline)
            .RequireRateLimiting(RateLimits.CustomerLookup);
        app.MapPost("/api/orders/lookup", LookupOrder)
            .WithTags("Orders")
            .Accepts<OrderLookupRequest>("application/json")
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Lookup);
        return app;
    }

    /// <summary>A returning caller's last delivery details; limited per user (<see cref="RateLimits.CustomerLookup"/>) and audited.</summary>
    public static Task<Results<Ok<CallerDetails>, ProblemHttpResult>> LookupCaller(
        HttpRequest request, ClaimsPrincipal user, CallerLookup lookup, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<CallerLookupRequest, CallerDetails, CallerDetails>(request, r => lookup.LookupAsync(r, user, ct), d => d, ct);

    /// <summary>Anonymous: a viewer's own order by number and phone; rate-limited per address (<see cref="RateLimits.Lookup"/>).</summary>
    public static Task<Results<Ok<OrderStatusView>, ProblemHttpResult>> LookupOrder(HttpRequest request, BuyerLookup lookup, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<OrderLookupRequest, OrderStatusView, OrderStatusView>(request, r => lookup.LookupAsync(r, ct), v => v, ct);
}
