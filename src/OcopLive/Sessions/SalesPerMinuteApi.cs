using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>One minute of a session's committed, not-cancelled orders; <c>Minute</c> is the UTC start of the minute.</summary>
public sealed record SalesMinute(DateTimeOffset Minute, int Orders, int Units, long RevenueVnd);

public sealed record SalesPerMinute(Guid SessionId, Guid? ProductId, IReadOnlyList<SalesMinute> Buckets);

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

    /// <summary>
    /// Buckets per UTC minute, oldest first, only minutes that had orders (the chart fills the
    /// gaps). <c>productId</c> narrows to one product, e.g. the one on air. The column aliases are
    /// snake_case because the naming convention maps the result record's properties too.
    /// </summary>
    public static async Task<Results<Ok<SalesPerMinute>, ProblemHttpResult>> GetSalesPerMinute(
        Guid id, Guid? productId, OcopDbContext db, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.SessionNotFound();
        }

        var buckets = await db.Database.SqlQuery<SalesMinute>(
            $"""
            SELECT date_trunc('minute', created_at) AS minute, count(*)::int AS orders,
                   coalesce(sum(quantity), 0)::int AS units, coalesce(sum(total_vnd), 0)::bigint AS revenue_vnd
              FROM orders
             WHERE session_id = {id} AND status <> 'Cancelled' AND ({productId}::uuid IS NULL OR product_id = {productId}::uuid)
             GROUP BY 1
             ORDER BY 1
            """).ToListAsync(ct);
        return TypedResults.Ok(new SalesPerMinute(id, productId, buckets));
    }
}
