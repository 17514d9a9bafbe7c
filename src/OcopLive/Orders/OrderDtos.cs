using OcopLive.Payments;

namespace OcopLive.Orders;

public sealed record CustomerInput(string? Name, string? Phone);

public sealed record AddressInput(string? Province, string? Commune, string? Street);

public sealed record PlaceOrderRequest(Guid? ProductId, int? Quantity, CustomerInput? Customer, AddressInput? Address, OrderChannel? Channel);

/// <summary>The answer to a placed order (contract fields first).</summary>
public sealed record OrderResponse(
    Guid Id,
    long Number,
    OrderStatus Status,
    Guid ProductId,
    int Quantity,
    long UnitPriceVnd,
    long TotalVnd,
    DateTimeOffset CreatedAt,
    Guid SessionId,
    OrderChannel Channel)
{
    public OrderPayment? Payment { get; init; }
}

/// <summary>An order with its customer: for staff and the owning producer only.</summary>
public sealed record OrderDetails(
    Guid Id,
    long Number,
    OrderStatus Status,
    Guid SessionId,
    Guid ProductId,
    string ProductName,
    Guid ProducerId,
    int Quantity,
    long UnitPriceVnd,
    long TotalVnd,
    OrderChannel Channel,
    CustomerOutput Customer,
    AddressOutput Address,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public OrderPayment? Payment { get; init; }

    /// <summary>The order's carrier parcel; null until one is made.</summary>
    public Delivery.OrderShipment? Shipment { get; init; }
}

public sealed record CustomerOutput(string Name, string Phone);

public sealed record AddressOutput(string Province, string Commune, string? Street);

public sealed record StatusRequest(OrderStatus? Status);
