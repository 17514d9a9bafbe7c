using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Orders;

/// <summary>A returning caller's last delivery details, to fill the hotline form.</summary>
public sealed record CallerDetails(string Phone, string Name, string Province, string Commune, string? Street, DateTimeOffset LastOrderAt);

/// <summary>What a viewer may see of their own order: no customer data beyond what they typed.</summary>
public sealed record OrderStatusView([property: System.Text.Json.Serialization.JsonIgnore] Guid Id, long Number, OrderStatus Status, Guid SessionId, string ProductName, int Quantity, long TotalVnd,
    DateTimeOffset CreatedAt)
{
    public OrderPayment? Payment { get; init; }

    /// <summary>The order's carrier parcel, so the buyer sees where it is; null until one is made.</summary>
    public Delivery.OrderShipment? Shipment { get; init; }
}

public sealed record CallerLookupRequest(string? Phone);

public sealed record OrderLookupRequest(string? Number, string? Phone);

/// <summary>
/// Look-ups for the hotline desk (a caller by phone) and for viewers (an order by number and phone).
/// Both take the phone in a POST body, never in the URL: a query string ends up in proxies' and
/// browsers' histories and logs.
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

    /// <summary>
    /// The name and address of the last order placed with this phone number (any session); 404 when
    /// none. Limited per user (<see cref="RateLimits.CustomerLookup"/>) and written to the audit log
    /// (<see cref="AccessAudit"/>), found or not, before the answer leaves.
    /// </summary>
    public static async Task<Results<Ok<CallerDetails>, ValidationProblem, ProblemHttpResult>> LookupCaller(
        HttpRequest request, ClaimsPrincipal user, OcopDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CallerLookupRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var normalized = Phone.Normalize(body.Value!.Phone);
        if (normalized is null)
        {
            return PhoneProblem();
        }

        var last = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerPhone == normalized)
            .OrderByDescending(o => o.CreatedAt)
            .Select(o => new CallerDetails(o.CustomerPhone, o.CustomerName, o.Province, o.Commune, o.Street, o.CreatedAt))
            .FirstOrDefaultAsync(ct);
        await AccessAudits.RecordAsync(db, user, clock, AccessAudit.CustomerLookup, normalized, last is null ? 0 : 1, ct);
        return last is null ? Problems.NotFound("Khách gọi lần đầu (no earlier order for this number)") : TypedResults.Ok(last);
    }

    /// <summary>
    /// Anonymous: an order's status when both its number and the buyer's phone match; 404 for any
    /// mismatch, so the answer never tells whether a number exists. Rate-limited per address.
    /// </summary>
    public static async Task<Results<Ok<OrderStatusView>, ValidationProblem, ProblemHttpResult>> LookupOrder(
        HttpRequest request, OcopDbContext db, PaymentWatch watch, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<OrderLookupRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (number, phone) = (body.Value!.Number, body.Value.Phone);
        var errors = new Errors();
        if (!long.TryParse(number?.Trim().TrimStart('#'), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            errors.Add("number", "Mã đơn là một dãy số (the order number is digits).");
        }

        var normalized = Phone.Normalize(phone);
        if (normalized is null)
        {
            errors.Add("phone", "Số di động Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese mobile number).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var order = await (from o in db.Orders.AsNoTracking()
                           join p in db.Products on o.ProductId equals p.Id
                           where o.Number == n && o.CustomerPhone == normalized
                           select new OrderStatusView(o.Id, o.Number, o.Status, o.SessionId, p.Name, o.Quantity, o.TotalVnd, o.CreatedAt)
                           {
                               Payment = OrderPayment.Of(o.Number, o.TotalVnd, o.PaymentStatus, o.PaymentMethod, o.PayBin, o.PayAccount, o.PaidVnd),
                               Shipment = db.Shipments.Where(s => s.OrderId == o.Id)
                                   .Select(s => new Delivery.OrderShipment(s.Carrier, s.TrackingCode, s.Status, s.UpdatedAt, null, s.CodVnd))
                                   .FirstOrDefault(),
                           })
            .FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return Problems.NotFound("Không tìm thấy đơn với mã và số điện thoại này (no order with this number and phone)");
        }

        // Number and phone match: this is the buyer, who may follow the payment and see its QR.
        return TypedResults.Ok(order with { Payment = order.Payment! with { WatchToken = watch.TokenFor(order.Id) } });
    }

    private static ValidationProblem PhoneProblem() => Problems.Validation(new Dictionary<string, string[]>
    {
        ["phone"] = ["Số di động Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese mobile number)."],
    });
}
