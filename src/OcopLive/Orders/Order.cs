using OcopLive.Payments;

namespace OcopLive.Orders;

public enum OrderChannel
{
    Web,
    Hotline,
    /// <summary>Confirmed by staff from a live-chat comment ("chốt đơn").</summary>
    Comment,
}

public enum OrderStatus
{
    Placed,
    Confirmed,
    Shipped,
    Delivered,
    Cancelled,
}

public sealed class Order
{
    public Guid Id { get; set; }
    /// <summary>Short number read back to the customer (from a database sequence).</summary>
    public long Number { get; set; }
    public Guid SessionId { get; set; }
    public Guid ProductId { get; set; }
    public Guid ProducerId { get; set; }
    public int Quantity { get; set; }
    public long UnitPriceVnd { get; set; }
    public long TotalVnd { get; set; }
    public required string CustomerName { get; set; }
    /// <summary>+84…</summary>
    public required string CustomerPhone { get; set; }
    public required string Province { get; set; }
    public required string Commune { get; set; }
    /// <summary>The province's and the commune's codes (two-level map since 1 July 2025); null only on an old row a person has not matched yet.</summary>
    public string? ProvinceCode { get; set; }
    public string? CommuneCode { get; set; }
    public string? Street { get; set; }
    public OrderChannel Channel { get; set; }
    public OrderStatus Status { get; set; } = OrderStatus.Placed;
    public string? IdempotencyKey { get; set; }
    /// <summary>Hash of the request body sent with <see cref="IdempotencyKey"/>.</summary>
    public string? RequestHash { get; set; }
    public string? OperatorUserName { get; set; }
    /// <summary>
    /// For an anonymous Web order: a keyed hash of the client's address (IPv4, or the IPv6 /64),
    /// never the address itself. Groups orders for the per-address cap and the bulk cancel.
    /// </summary>
    public string? ClientKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    /// <summary>Bank transfer when the producer had an account at order time, cash on delivery otherwise.</summary>
    public PaymentMethod PaymentMethod { get; set; } = PaymentMethod.CashOnDelivery;
    public PaymentStatus PaymentStatus { get; set; } = PaymentStatus.Unpaid;
    /// <summary>Money received for this order so far (all matched transfers added up).</summary>
    public long PaidVnd { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    /// <summary>The producer's bank account copied at order time: the one the order's QR names, the one a payment must reach.</summary>
    public string? PayBin { get; set; }
    public string? PayAccount { get; set; }

    /// <summary>
    /// The buyer had refused too many parcels to pay on delivery (<c>OcopLive:Orders:PrepayAfterRefusals</c>):
    /// the order is paid by transfer before it is shipped, and its parcel collects nothing.
    /// </summary>
    public bool PrepayRequired { get; set; }
}
