using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>Orders per minute for the control room's chart (Admin, Director).</summary>
public static class SalesPerMinuteApi
{
    public static IEndpointRouteBuilder MapSalesPerMinute(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/sales-per-minute", GetSalesPerMinute)
            .WithTags("Sessions")
            .RequireAuthorization(Policies.Staff);
        return app;
    }

    /// <summary>Buckets per UTC minute (<see cref="SessionQueries.SalesPerMinuteAsync"/>); <c>productId</c> narrows to one product, e.g. the one on air.</summary>
    public static async Task<Results<Ok<SalesPerMinute>, ProblemHttpResult>> GetSalesPerMinute(
        Guid id, Guid? productId, OcopDbContext db, CancellationToken ct) =>
        await SessionQueries.SalesPerMinuteAsync(db, id, productId, ct) is { } sales ? TypedResults.Ok(sales) : Problems.SessionNotFound();
}
