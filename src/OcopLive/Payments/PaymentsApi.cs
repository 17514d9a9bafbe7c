using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments;

/// <summary>
/// Bank transfers: the signed notification route, the buyer's watch of their order's payment,
/// the review of what did not match exactly, the bank list.
/// </summary>
public static class PaymentsApi
{
    public static IEndpointRouteBuilder MapPayments(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/api/payments").WithTags("Payments");
        payments.MapPost("/notifications", Notify).AllowAnonymous().RequireRateLimiting(PaymentsSetup.NotificationsLimit)
            .Accepts<JsonElement>("application/json")
            .Produces<NotificationAnswer>()
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapGet("/watch", Watch).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The buyer's order payment, by the watch token in the Ocop-Watch-Token header");
        payments.MapGet("/watch/qr", WatchQr).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The buyer's order VietQR as SVG, by the watch token in the Ocop-Watch-Token header");
        payments.MapGet("/review", Review).RequireAuthorization(Policies.ProducerPortal).ProducesValidationProblem();
        payments.MapPost("/notifications/{id:long}/resolve", Resolve).Accepts<ResolveRequest>("application/json")
            .RequireAuthorization(Policies.Staff).ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/api/sessions/{id:guid}/payments", SessionTotals).WithTags("Payments").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/banks", () => TypedResults.Ok(Banks.All)).WithTags("Payments").AllowAnonymous();
        return app;
    }

    /// <summary><c>POST /api/payments/notifications</c>: the bank's signed notification (<see cref="ReceiveBankNotification"/>).</summary>
    public static async Task<Results<Ok<NotificationAnswer>, ProblemHttpResult>> Notify(HttpRequest request, ReceiveBankNotification receive,
        CancellationToken ct) =>
        UseCaseEndpoint.Ok(await receive.ReceiveAsync(request.Body, request.Headers[ReceiveBankNotification.SignatureHeader], ct));

    /// <summary>A session's payment totals for the control room: ordered against paid, cancelled orders left out; an unknown session is 404.</summary>
    public static async Task<Results<Ok<SessionPaymentTotals>, ProblemHttpResult>> SessionTotals(Guid id, OcopDbContext db, CancellationToken ct) =>
        await db.Sessions.AnyAsync(s => s.Id == id, ct)
            ? TypedResults.Ok(await PaymentQueries.SessionTotalsAsync(db, id, ct))
            : Problems.SessionNotFound();

    /// <summary>
    /// Anonymous, for the buyer's page while its hub is down: the payment of the order the token in
    /// <see cref="PaymentWatch.TokenHeader"/> names. The token is never in the URL (proxies and
    /// traces log paths); a missing, forged or expired one is 404 like an unknown order.
    /// </summary>
    public static async Task<Results<Ok<PaymentUpdate>, ProblemHttpResult>> Watch(HttpRequest request, PaymentWatch watch, CancellationToken ct)
    {
        var update = watch.OrderOf(request.Headers[PaymentWatch.TokenHeader]) is { } orderId ? await watch.ReadAsync(orderId, ct) : null;
        return update is null ? Problems.OrderNotFound() : TypedResults.Ok(update);
    }

    /// <summary>The order's VietQR as an SVG image, for the buyer's page (404 for a cash-on-delivery order).</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> WatchQr(HttpRequest request, PaymentWatch watch, OcopDbContext db,
        HttpResponse response, CancellationToken ct)
    {
        if (watch.OrderOf(request.Headers[PaymentWatch.TokenHeader]) is not { } orderId)
        {
            return Problems.OrderNotFound();
        }

        var (svg, refusal) = await PaymentQueries.OrderQrSvgAsync(db, orderId, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        // Fetched by script with the header: no shared cache may keep it, and the browser's own
        // cache keys by URL alone, so nothing is cached at all.
        response.Headers.CacheControl = "no-store";
        return TypedResults.File(Encoding.UTF8.GetBytes(svg!), "image/svg+xml");
    }

    /// <summary>Transfers that need a person (all, or <c>?state=Open</c>), as far as the caller may see them.</summary>
    public static async Task<Results<Ok<List<NotificationView>>, ValidationProblem>> Review(ReviewState? state, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct) =>
        state is { } s && !Enum.IsDefined(s)
            ? Problems.Validation("state", "Open hoặc Resolved (Open or Resolved).")
            : TypedResults.Ok(await PaymentQueries.ReviewAsync(db, state, user, ct));

    /// <summary>Closes a transfer under review (<see cref="ResolvePayment"/>).</summary>
    public static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> Resolve(long id, HttpRequest request, ResolvePayment resolve,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ResolveRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (view, refusal) = await resolve.ResolveAsync(id, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }
}
