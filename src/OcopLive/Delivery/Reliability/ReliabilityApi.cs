using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Delivery.Reliability;

/// <summary>The buyer-reliability route: counts per phone, audited and rate-limited like the caller look-up.</summary>
public static class ReliabilityApi
{
    public static IEndpointRouteBuilder MapReliability(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/customers/reliability", Get).WithTags("Delivery")
            .WithSummary("Parcels delivered, returned and refused for one phone over every producer and session (counts only; audited)")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireAuthorization(Policies.Hotline)
            .RequireRateLimiting(RateLimits.CustomerLookup);
        return app;
    }

    public static async Task<Results<Ok<ReliabilityView>, ProblemHttpResult>> Get(string? phone, BuyerReliabilityLookup lookup, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (view, refusal) = await lookup.LookupAsync(phone, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }
}
