using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Delivery;

public sealed record ParcelsView(ParcelProgress Progress, IReadOnlyList<ParcelRow> Parcels);

public sealed record CallbackAnswer(string Outcome);

public sealed record UnknownReport(long Id, Carrier Carrier, string TrackingCode, string CarrierStatus, DateTimeOffset At, DateTimeOffset ReceivedAt,
    string? Payload);

/// <summary>The delivery routes: carrier accounts, one order's parcel, a session's parcels, and the carriers' callbacks.</summary>
public static class DeliveryApi
{
    public static IEndpointRouteBuilder MapDelivery(this IEndpointRouteBuilder app)
    {
        var producers = app.MapGroup("/api/producers/{id:guid}").WithTags("Delivery").RequireAuthorization(Policies.ProducerPortal);
        producers.MapGet("/carriers", ListAccounts);
        producers.MapGet("/carriers/{carrier}", GetAccount).ProducesProblem(StatusCodes.Status404NotFound);
        producers.MapPut("/carriers/{carrier}", SaveAccount).Accepts<CarrierAccountRequest>("application/json").ProducesBodyProblems();
        producers.MapGet("/sessions/{sessionId:guid}/shipments", Parcels);
        producers.MapPost("/sessions/{sessionId:guid}/shipments", QueueBulk).Accepts<BulkShipmentRequest>("application/json").ProducesBodyProblems();

        var orders = app.MapGroup("/api/orders/{id:guid}/shipment").WithTags("Delivery").RequireAuthorization(Policies.ProducerPortal);
        orders.MapPost("", Create).Accepts<ShipmentRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        orders.MapGet("", Get).ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/quote", Quote).Accepts<ShipmentRequest>("application/json").ProducesBodyProblems();
        orders.MapPost("/cancel", Cancel).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapGet("/label", Label).ProducesProblem(StatusCodes.Status404NotFound);

        var carriers = app.MapGroup("/api/carriers").WithTags("Delivery");
        carriers.MapPost("/ghn/callback/{secret}", GhnCallback).AllowAnonymous().RequireRateLimiting(DeliverySetup.CallbackLimit).DisableAntiforgery();
        carriers.MapPost("/ghtk/callback/{secret}", GhtkCallback).AllowAnonymous().RequireRateLimiting(DeliverySetup.CallbackLimit).DisableAntiforgery();
        carriers.MapPost("/viettelpost/callback/{secret}", ViettelPostCallback).AllowAnonymous().RequireRateLimiting(DeliverySetup.CallbackLimit)
            .DisableAntiforgery();
        carriers.MapGet("/callbacks/unknown", Unknown).RequireAuthorization(Policies.Staff);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<CarrierAccountView>>, ProblemHttpResult>> ListAccounts(
        Guid id, CarrierAccounts accounts, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await accounts.ListAsync(id, user, ct));

    private static async Task<Results<Ok<CarrierAccountView>, ProblemHttpResult>> GetAccount(
        Guid id, string carrier, CarrierAccounts accounts, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await accounts.GetAsync(id, carrier, user, ct));

    private static Task<Results<Ok<CarrierAccountView>, ProblemHttpResult>> SaveAccount(
        Guid id, string carrier, HttpRequest request, CarrierAccounts accounts, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<CarrierAccountRequest, CarrierAccountView, CarrierAccountView>(
            request, r => accounts.SaveAsync(id, carrier, r, user, ct), v => v, ct);

    private static async Task<Results<Created<ShipmentView>, Ok<ShipmentView>, ProblemHttpResult>> Create(
        Guid id, HttpRequest request, CreateShipment create, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ShipmentRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (made, refusal) = await create.CreateAsync(id, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem()
            : made!.Created ? TypedResults.Created($"/api/orders/{id}/shipment", made.Shipment)
            : TypedResults.Ok(made.Shipment);
    }

    private static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> Get(Guid id, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await DeliveryQueries.OrderParcelAsync(db, id, user, ct));

    private static Task<Results<Ok<QuoteView>, ProblemHttpResult>> Quote(
        Guid id, HttpRequest request, CreateShipment create, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<ShipmentRequest, QuoteView, QuoteView>(request, r => create.QuoteAsync(id, r, user, ct), v => v, ct);

    private static async Task<Results<Ok<ShipmentView>, ProblemHttpResult>> Cancel(
        Guid id, CancelShipment cancel, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await cancel.CancelAsync(id, user, ct));

    /// <summary>The carrier's own label: a redirect to its print page (GHN, Viettel Post) or its PDF passed on (GHTK).</summary>
    private static async Task<Results<RedirectHttpResult, FileContentHttpResult, ProblemHttpResult>> Label(
        Guid id, CancelShipment shipments, ClaimsPrincipal user, CancellationToken ct)
    {
        var (label, refusal) = await shipments.LabelAsync(id, user, ct);
        return refusal is not null ? refusal.ToProblem()
            : label!.Url is { } url ? TypedResults.Redirect(url)
            : TypedResults.File(label.Pdf!, "application/pdf", $"nhan-{id:N}.pdf");
    }

    private static async Task<Results<Ok<ParcelsView>, ProblemHttpResult>> Parcels(
        Guid id, Guid sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(id))
        {
            return Problems.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        return TypedResults.Ok(new ParcelsView(await DeliveryQueries.ProgressAsync(db, id, sessionId, ct),
            await DeliveryQueries.ParcelsAsync(db, id, sessionId, ct)));
    }

    private static async Task<Results<Accepted<BulkShipmentAccepted>, ProblemHttpResult>> QueueBulk(
        Guid id, Guid sessionId, HttpRequest request, ShipmentJobs jobs, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<BulkShipmentRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (accepted, refusal) = await jobs.QueueAsync(id, sessionId, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Accepted($"/api/producers/{id}/sessions/{sessionId}/shipments", accepted!);
    }

    private static async Task<Results<Ok<IReadOnlyList<UnknownReport>>, ProblemHttpResult>> Unknown(OcopDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await DeliveryQueries.UnknownReportsAsync(db, ct));

    // ---- Callbacks: the secret in the path, each carrier's own body ----

    private static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult>> GhnCallback(
        string secret, HttpRequest request, ReceiveCarrierCallback receive, CancellationToken ct) =>
        Answer(await receive.ReceiveAsync(Carrier.GHN, secret, request, ct));

    private static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult>> GhtkCallback(
        string secret, HttpRequest request, ReceiveCarrierCallback receive, CancellationToken ct) =>
        Answer(await receive.ReceiveAsync(Carrier.GHTK, secret, request, ct));

    private static async Task<Results<Ok<CallbackAnswer>, ProblemHttpResult>> ViettelPostCallback(
        string secret, HttpRequest request, ReceiveCarrierCallback receive, CancellationToken ct) =>
        Answer(await receive.ReceiveAsync(Carrier.ViettelPost, secret, request, ct));

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(outcome.Value!);
}
