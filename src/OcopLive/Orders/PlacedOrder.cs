using System.Globalization;
using OcopLive.Common;
using OcopLive.Payments;

namespace OcopLive.Orders;

/// <summary>An order the intake committed (or had committed before, for a replayed key), as a use case's value.</summary>
public sealed record PlacedOrder(OrderResponse Order, bool Replayed, DateTimeOffset? CommittedAt);

/// <summary>
/// The edge between the group-commit intake and the use cases: the intake answers its own
/// <see cref="OrderOutcome"/> (one per request, inside its pipeline); callers turn it into the one
/// result shape here, and an HTTP edge turns that into the 201.
/// </summary>
public static class PlacedOrders
{
    /// <summary>The order made or replayed as the value; every other kind as the contract's refusal.</summary>
    public static Outcome<PlacedOrder> ToOutcome(this OrderOutcome outcome) => outcome.Kind switch
    {
        OutcomeKind.Created or OutcomeKind.Replayed => new PlacedOrder(outcome.Order!, outcome.Kind == OutcomeKind.Replayed, outcome.CommittedAt),
        OutcomeKind.Invalid => Refusal.Invalid(outcome.Field!, outcome.Message!),
        OutcomeKind.NotFound => Refusal.NotFound(outcome.Message ?? "Không tìm thấy (not found)"),
        OutcomeKind.OrderingClosed => Refusal.Conflict("ordering-closed", "Phiên không nhận đơn lúc này (the session is not accepting orders)"),
        OutcomeKind.SoldOut => Refusal.Conflict("sold-out", "Hết hàng (not enough stock)"),
        OutcomeKind.LimitReached => LimitReached("Đã đạt giới hạn mua cho số điện thoại này (limit per customer reached)", outcome.Message),
        // The contract's limit-reached, with the scope in its own member so a page can say which limit.
        OutcomeKind.AddressLimitReached => LimitReached("Đã đạt giới hạn mua từ địa chỉ mạng này (limit per network address reached)", outcome.Message,
            new Dictionary<string, object?> { ["scope"] = "address" }),
        // The buyer refused too many parcels to pay on delivery, and this producer takes no transfers.
        OutcomeKind.PrepayRequired => Refusal.Conflict("prepay-required",
            "Số điện thoại này đã từ chối nhận hàng nhiều lần nên không thể thanh toán khi nhận hàng; nhà sản xuất này chưa nhận chuyển khoản, "
            + "nên chưa đặt được đơn (cash on delivery refused after refused parcels, and this producer takes no bank transfer)") with
        {
            Extensions = new Dictionary<string, object?> { ["refused"] = int.Parse(outcome.Message ?? "0", CultureInfo.InvariantCulture) },
        },
        OutcomeKind.KeyReused => new Refusal(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
            "Idempotency-Key đã dùng cho một đơn khác (key already used with a different body)"),
        OutcomeKind.Overloaded => Refusal.Unavailable("overloaded", "Hệ thống đang quá tải, vui lòng thử lại (overloaded, retry shortly)", 1),
        OutcomeKind.Unavailable => Refusal.Unavailable("unavailable",
            "Tạm thời không lưu được đơn, vui lòng thử lại (database unavailable, retry with the same Idempotency-Key)", 2),
        _ => new Refusal(StatusCodes.Status500InternalServerError, "server-error", "Lỗi hệ thống (server error)"),
    };

    private static Refusal LimitReached(string title, string? detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Refusal.Conflict("limit-reached", title) with { Detail = detail, Extensions = extensions };

    /// <summary>Counts the order accepted or refused, by channel (and reason).</summary>
    public static void Record(this OcopMetrics metrics, OrderOutcome outcome, OrderChannel channel)
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

    /// <summary>The HTTP answer for an order placed: 201 with its headers, and the payment watch token for the one who placed it.</summary>
    public static IResult Created(PlacedOrder placed, HttpContext http)
    {
        if (placed.Replayed)
        {
            http.Response.Headers["Idempotent-Replayed"] = "true";
        }

        if (placed.CommittedAt is { } committedAt)
        {
            // When the order became durable (server clock): a live figure read after this
            // instant includes it. The live bench matches orders to counters with it.
            http.Response.Headers[OrdersApi.CommittedAtHeader] = committedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var order = placed.Order;
        if (order.Payment is { } payment)
        {
            // Only the one who placed the order gets the token to follow its payment live.
            var watch = http.RequestServices.GetRequiredService<PaymentWatch>();
            order = order with { Payment = payment with { WatchToken = watch.TokenFor(order.Id) } };
        }

        return TypedResults.Created($"/api/orders/{order.Id}", order);
    }

    /// <summary>The HTTP answer for an intake outcome: <see cref="Created"/> or the refusal's problem.</summary>
    public static IResult ToResult(this OrderOutcome outcome, HttpContext http)
    {
        var (placed, refusal) = outcome.ToOutcome();
        return refusal is not null ? refusal.ToProblem(http.Response) : Created(placed!, http);
    }
}
