using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Live;
using OcopLive.Payments;

namespace OcopLive.Orders;

public static class OrdersApi
{
    /// <summary>On a 201 for a new order: when its transaction committed (UTC, ISO 8601).</summary>
    public const string CommittedAtHeader = "Ocop-Committed-At";

    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrderIntakeOptions>().Bind(builder.Configuration.GetSection(OrderIntakeOptions.Section))
            .Validate(o => o.IsValid, "OcopLive:Orders: ChallengeMaxNumber 1000–100000000, ChallengeLifetime 00:00:30–01:00:00, "
                + "ChallengeKey at least 32 characters when set, UnitsPerAddress 0 or more").ValidateOnStart();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, OrderJson.Default));
        builder.Services.AddSingleton<AppSecrets>();
        builder.Services.AddSingleton<OrderChallenges>();
        builder.Services.AddSingleton<ChallengeLedger>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChallengeLedger>());
        builder.Services.AddSingleton<OrderBatchWriter>();
        builder.Services.AddSingleton<OrderIntake>();
        builder.Services.AddSingleton<PlaceOrder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OrderIntake>());
        return builder;
    }

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/sessions/{id:guid}/orders", PlaceOrder)
            .WithTags("Orders")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.Orders)
            .Accepts<PlaceOrderRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created)
            .ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        var orders = app.MapGroup("/api/orders").WithTags("Orders");
        orders.MapGet("/challenge", GetChallenge).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        orders.MapGet("/{id:guid}", GetOrder).RequireAuthorization(Policies.AnyUser).RequireRateLimiting(RateLimits.CustomerLookup)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{id:guid}/cancel", CancelOrder).RequireAuthorization(Policies.ProducerPortal)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{id:guid}/status", ChangeStatus).Accepts<StatusRequest>("application/json").RequireAuthorization(Policies.ProducerPortal)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapBulkCancel();
        return app;
    }

    /// <summary>
    /// Anonymous for the Web channel; Hotline needs Operator, Director or Admin (<see cref="Orders.PlaceOrder"/>).
    /// The door reads the Idempotency-Key and the body; the handler decides; 201 only after the commit.
    /// </summary>
    internal static async Task<IResult> PlaceOrder(Guid id, HttpRequest request, PlaceOrder place, CancellationToken ct)
    {
        string? key = null;
        if (request.Headers.TryGetValue(OrderRules.IdempotencyHeader, out var keyValues))
        {
            if (keyValues.Count != 1 || !OrderRules.IsValidIdempotencyKey(keyValues[0] ?? ""))
            {
                return Problems.Validation(OrderRules.IdempotencyHeader, "1–64 ký tự ASCII nhìn thấy được (1 to 64 visible ASCII characters).");
            }

            key = keyValues[0];
        }

        var read = await JsonBody.ReadAsync<PlaceOrderRequest>(request, ct);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var http = request.HttpContext;
        var (placed, refusal) = await place.PlaceAsync(id, read.Value!,
            new OrderRequestContext(key, http.User, http.Connection.RemoteIpAddress, request.Headers[OrderChallenges.Header]), ct);
        return refusal is not null ? refusal.ToProblem(http.Response) : PlacedOrders.Created(placed!, http);
    }

    private static readonly TimeSpan SecretTimeout = TimeSpan.FromSeconds(3);

    /// <summary>A fresh challenge for the viewer's page to solve while the form is filled (anonymous; never cached).</summary>
    public static async Task<Results<Ok<ChallengeResponse>, ProblemHttpResult>> GetChallenge(
        OrderChallenges challenges, HttpResponse response, CancellationToken ct)
    {
        response.Headers.CacheControl = "no-store";
        try
        {
            return TypedResults.Ok(await challenges.IssueAsync(ct).WaitAsync(SecretTimeout, ct));
        }
        catch (Exception ex) when (ex is TimeoutException or NpgsqlException)
        {
            response.Headers.RetryAfter = "2";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "unavailable",
                title: "Tạm thời không tạo được thử thách, vui lòng thử lại (unavailable, retry shortly)");
        }
    }

    /// <summary>One order with its customer (<see cref="ReadOrder"/>): limited per user (<see cref="RateLimits.CustomerLookup"/>) and audited.</summary>
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> GetOrder(Guid id, ReadOrder read, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await read.ReadAsync(id, user, ct));

    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> CancelOrder(
        Guid id, CancelOrder cancel, ClaimsPrincipal user, CancellationToken ct)
    {
        var (order, refusal) = await cancel.CancelAsync(id, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(order!);
    }

    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> ChangeStatus(
        Guid id, HttpRequest request, Fulfilment fulfilment, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<StatusRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (order, refusal) = await fulfilment.ChangeStatusAsync(id, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(order!);
    }
}
