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
        builder.Services.AddSingleton<AppSecrets>();
        builder.Services.AddSingleton<OrderChallenges>();
        builder.Services.AddSingleton<ChallengeLedger>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChallengeLedger>());
        builder.Services.AddSingleton<OrderBatchWriter>();
        builder.Services.AddSingleton<OrderIntake>();
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
        orders.MapGet("/{id:guid}", GetOrder).RequireAuthorization(Policies.AnyUser)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{id:guid}/cancel", CancelOrder).RequireAuthorization(Policies.ProducerPortal)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        orders.MapPost("/{id:guid}/status", ChangeStatus).Accepts<StatusRequest>("application/json").RequireAuthorization(Policies.ProducerPortal)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapBulkCancel();
        return app;
    }

    /// <summary>
    /// Anonymous for the Web channel; Hotline needs Operator, Director or Admin. Validated here,
    /// decided and committed by the group-commit intake; 201 only after the commit.
    /// </summary>
    internal static async Task<IResult> PlaceOrder(Guid id, HttpRequest request, OrderIntake intake, PhoneRateLimiter phoneLimiter,
        OrderChallenges challenges, ChallengeLedger ledger, OcopMetrics metrics, CancellationToken ct)
    {
        string? key = null;
        if (request.Headers.TryGetValue(OrderRules.IdempotencyHeader, out var keyValues))
        {
            if (keyValues.Count != 1 || !OrderRules.IsValidIdempotencyKey(keyValues[0] ?? ""))
            {
                return Problems.Validation(new Dictionary<string, string[]>
                {
                    [OrderRules.IdempotencyHeader] = ["1–64 ký tự ASCII nhìn thấy được (1 to 64 visible ASCII characters)."],
                });
            }

            key = keyValues[0];
        }

        var read = await JsonBody.ReadAsync<PlaceOrderRequest>(request, ct);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var body = read.Value!;
        var user = request.HttpContext.User;
        string? operatorName = null;
        if (body.Channel == OrderChannel.Hotline)
        {
            if (user.Identity?.IsAuthenticated != true)
            {
                return Problems.Unauthorized("Đơn tổng đài cần đăng nhập (hotline orders need a login)");
            }

            if (!user.Passes(Policies.Hotline))
            {
                return Problems.Forbidden("Chỉ tổng đài viên đặt đơn tổng đài (hotline orders are for operators)");
            }

            operatorName = user.Identity.Name;
        }

        var errors = new Errors();
        var order = OrderRules.Validate(id, body, key, operatorName, errors);
        if (order is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        // Hotline and staff orders are never challenged nor counted per address: they come from the studio.
        var anonymousWeb = order.Channel == OrderChannel.Web && user.Identity?.IsAuthenticated != true;
        SolvedChallenge? solved = null;
        if (anonymousWeb)
        {
            try
            {
                order = order with
                {
                    ClientKey = await challenges.AddressKeyAsync(ClientAddress.PartitionKey(request.HttpContext.Connection.RemoteIpAddress), ct)
                    .WaitAsync(SecretTimeout, ct)
                };
                if (challenges.Required)
                {
                    solved = await challenges.CheckAsync(request.Headers[OrderChallenges.Header], ct).WaitAsync(SecretTimeout, ct);
                    if (solved is null)
                    {
                        metrics.OrdersRefused.Add(1, new KeyValuePair<string, object?>("reason", "ChallengeRequired"));
                        return ChallengeRequired();
                    }
                }
            }
            catch (Exception ex) when (ex is TimeoutException or NpgsqlException)
            {
                return ToResult(OrderOutcome.Unavailable, request.HttpContext);
            }
        }

        if (phoneLimiter.Check(order.CustomerPhone) is { } wait)
        {
            request.HttpContext.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metrics.OrdersRefused.Add(1, new KeyValuePair<string, object?>("reason", "PhoneRateLimited"));
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: Problems.TypeBase + "rate-limited",
                title: $"Số điện thoại này đặt quá nhiều đơn, thử lại sau {wait} giây (too many orders from this phone number)");
        }

        if (solved is { } solution)
        {
            var binding = key is null ? null : $"{id:N}:{key}:{order.Hash()}";
            switch (await ledger.SpendAsync(solution, binding, ct))
            {
                case null:
                    return ToResult(OrderOutcome.Unavailable, request.HttpContext);
                case false:
                    metrics.OrdersRefused.Add(1, new KeyValuePair<string, object?>("reason", "ChallengeReused"));
                    return ChallengeRequired();
            }
        }

        var outcome = await intake.PlaceAsync(order, ct);
        Record(metrics, outcome, order.Channel);
        return ToResult(outcome, request.HttpContext);
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

    /// <summary>400 <c>challenge-required</c>: no solution, a wrong, expired or already spent one.</summary>
    private static ValidationProblem ChallengeRequired() =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>
            {
                [OrderChallenges.Header] = ["Cần giải thử thách chống máy đặt hàng; trang đặt hàng tự làm việc này (a solved, unexpired, unused challenge is required)."],
            },
            title: "Cần xác minh bạn không phải máy (challenge required)", type: Problems.TypeBase + "challenge-required");

    internal static void Record(OcopMetrics metrics, OrderOutcome outcome, OrderChannel channel)
    {
        var channelTag = new KeyValuePair<string, object?>("channel", channel.ToString());
        if (outcome.Kind == OutcomeKind.Created)
        {
            metrics.OrdersAccepted.Add(1, channelTag);
        }
        else
        {
            metrics.OrdersRefused.Add(1, channelTag, new KeyValuePair<string, object?>("reason", outcome.Kind.ToString()));
        }
    }

    internal static IResult ToResult(OrderOutcome outcome, HttpContext http)
    {
        switch (outcome.Kind)
        {
            case OutcomeKind.Created:
            case OutcomeKind.Replayed:
                if (outcome.Kind == OutcomeKind.Replayed)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                }

                if (outcome.CommittedAt is { } committedAt)
                {
                    // When the order became durable (server clock): a live figure read after this
                    // instant includes it. The live bench matches orders to counters with it.
                    http.Response.Headers[CommittedAtHeader] = committedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
                }

                var order = outcome.Order!;
                if (order.Payment is { } payment)
                {
                    // Only the one who placed the order gets the token to follow its payment live.
                    var watch = http.RequestServices.GetRequiredService<PaymentWatch>();
                    order = order with { Payment = payment with { WatchToken = watch.TokenFor(order.Id) } };
                }

                return TypedResults.Created($"/api/orders/{order.Id}", order);
            case OutcomeKind.Invalid:
                return Problems.Validation(new Dictionary<string, string[]> { [outcome.Field!] = [outcome.Message!] });
            case OutcomeKind.NotFound:
                return Problems.NotFound(outcome.Message ?? "Không tìm thấy (not found)");
            case OutcomeKind.OrderingClosed:
                return Problems.Conflict("ordering-closed", "Phiên không nhận đơn lúc này (the session is not accepting orders)");
            case OutcomeKind.SoldOut:
                return Problems.Conflict("sold-out", "Hết hàng (not enough stock)");
            case OutcomeKind.LimitReached:
                return Problems.Conflict("limit-reached", "Đã đạt giới hạn mua cho số điện thoại này (limit per customer reached)", outcome.Message);
            case OutcomeKind.AddressLimitReached:
                // The contract's limit-reached, with the scope in its own member so a page can say which limit.
                return TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status409Conflict, type: Problems.TypeBase + "limit-reached",
                    title: "Đã đạt giới hạn mua từ địa chỉ mạng này (limit per network address reached)",
                    extensions: new Dictionary<string, object?> { ["scope"] = "address" });
            case OutcomeKind.PrepayRequired:
                // The buyer refused too many parcels to pay on delivery, and this producer takes no transfers.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: Problems.TypeBase + "prepay-required",
                    title: "Số điện thoại này đã từ chối nhận hàng nhiều lần nên không thể thanh toán khi nhận hàng; nhà sản xuất này chưa nhận chuyển khoản, "
                           + "nên chưa đặt được đơn (cash on delivery refused after refused parcels, and this producer takes no bank transfer)",
                    extensions: new Dictionary<string, object?> { ["refused"] = int.Parse(outcome.Message ?? "0", CultureInfo.InvariantCulture) });
            case OutcomeKind.KeyReused:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: Problems.TypeBase + "idempotency-key-reused",
                    title: "Idempotency-Key đã dùng cho một đơn khác (key already used with a different body)");
            case OutcomeKind.Overloaded:
                http.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "overloaded",
                    title: "Hệ thống đang quá tải, vui lòng thử lại (overloaded, retry shortly)");
            case OutcomeKind.Unavailable:
                http.Response.Headers.RetryAfter = "2";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "unavailable",
                    title: "Tạm thời không lưu được đơn, vui lòng thử lại (database unavailable, retry with the same Idempotency-Key)");
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError, type: Problems.TypeBase + "server-error",
                    title: "Lỗi hệ thống (server error)");
        }
    }

    /// <summary>Whoever passes the hotline policy (Operator, Director, Admin) or the owning producer.</summary>
    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> GetOrder(Guid id, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await Details(db.Orders.Where(o => o.Id == id), db).FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return Problems.OrderNotFound();
        }

        return user.Passes(Policies.Hotline) || user.ProducerId() == order.ProducerId
            ? TypedResults.Ok(order)
            : Problems.Forbidden("Không phải đơn của bạn (not your order)");
    }

    public static async Task<Results<Ok<OrderDetails>, ProblemHttpResult>> CancelOrder(
        Guid id, Fulfilment fulfilment, ClaimsPrincipal user, CancellationToken ct)
    {
        var (order, refusal) = await fulfilment.CancelAsync(id, user, ct);
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

    internal static IQueryable<OrderDetails> Details(IQueryable<Order> orders, OcopDbContext db) =>
        from o in orders
        join p in db.Products on o.ProductId equals p.Id
        select new OrderDetails(o.Id, o.Number, o.Status, o.SessionId, o.ProductId, p.Name, o.ProducerId, o.Quantity, o.UnitPriceVnd,
            o.TotalVnd, o.Channel, new CustomerOutput(o.CustomerName, o.CustomerPhone), new AddressOutput(o.Province, o.Commune, o.Street),
            o.CreatedAt, o.UpdatedAt)
        {
            Payment = OrderPayment.Of(o.Number, o.TotalVnd, o.PaymentStatus, o.PaymentMethod, o.PayBin, o.PayAccount, o.PaidVnd),
            Shipment = db.Shipments.Where(s => s.OrderId == o.Id)
                .Select(s => new Delivery.OrderShipment(s.Carrier, s.TrackingCode, s.Status, s.UpdatedAt, s.FeeVnd, s.CodVnd)).FirstOrDefault(),
        };
}
