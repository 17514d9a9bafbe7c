using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Producers;

/// <summary>A producer's own sales and orders: the owning Producer, Admin and Director.</summary>
public static class ProducerSalesApi
{
    public static IEndpointRouteBuilder MapProducerSales(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers/{id:guid}").WithTags("Producers").RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/sales", GetSales);
        group.MapGet("/payment-totals", GetPaymentTotals);
        group.MapGet("/orders", GetOrders).Produces<List<OrderDetails>>().Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Ok<ProducerSales>, ProblemHttpResult>> GetSales(
        Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Refuse(id, sessionId, db, user, ct) is { } refusal
            ? refusal
            : TypedResults.Ok(await ProducerQueries.SalesAsync(db, id, sessionId, ct));

    public static async Task<Results<Ok<ProducerPaymentTotals>, ProblemHttpResult>> GetPaymentTotals(
        Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Refuse(id, sessionId, db, user, ct) is { } refusal
            ? refusal
            : TypedResults.Ok(await ProducerQueries.PaymentTotalsAsync(db, id, sessionId, ct));

    /// <summary>The header carrying the cursor of the next page (absent on the last page).</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>
    /// The producer's orders (<see cref="ProducerOrders"/>): JSON or CSV. A page is still a bare
    /// array, with the next page's cursor in <c>X-Next-Cursor</c> and a <c>Link</c>
    /// <c>rel="next"</c> when there is more.
    /// </summary>
    public static async Task<IResult> GetOrders(
        Guid id, Guid? sessionId, string? format, Payments.PaymentStatus? payment, int? limit, string? after,
        ProducerOrders orders, ClaimsPrincipal user, HttpContext http, CancellationToken ct)
    {
        var (list, refusal) = await orders.ListAsync(id, new ProducerOrdersFilter(sessionId, format, payment, limit, after), user, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        if (list!.Csv is { } csv)
        {
            return TypedResults.File(csv.Bytes, "text/csv; charset=utf-8", csv.FileName);
        }

        if (list.NextCursor is { } cursor)
        {
            LinkNextPage(http, cursor, list.PageSize);
        }

        return TypedResults.Ok(list.Rows);
    }

    /// <summary><c>X-Next-Cursor</c>, and the <c>Link</c> to the next page: this query with its limit and the cursor.</summary>
    private static void LinkNextPage(HttpContext http, string cursor, int limit)
    {
        http.Response.Headers[NextCursorHeader] = cursor;
        var query = http.Request.Query
            .Where(q => q.Key is not ("after" or "limit"))
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
            .Append("limit=" + limit.ToString(CultureInfo.InvariantCulture))
            .Append("after=" + cursor);
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
    }

    /// <summary>Another producer's figures → 403; an unknown producer or session → 404 (<see cref="ProducerQueries.RefuseAsync"/>).</summary>
    private static async Task<ProblemHttpResult?> Refuse(Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        (await ProducerQueries.RefuseAsync(db, id, sessionId, user, ct))?.ToProblem();
}
