using OcopLive.Payments;

namespace OcopLive.Orders;

public sealed record CustomerInput(string? Name, string? Phone);

/// <summary>The province and the commune by name (leniently) or by code (<c>provinceCode</c> "42", <c>communeCode</c> "18073").</summary>
public sealed record AddressInput(string? Province, string? Commune, string? Street, string? ProvinceCode = null, string? CommuneCode = null);

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

/// <summary>The official names and their codes (codes null only on an old row not matched yet, see docs/addresses.md).</summary>
public sealed record AddressOutput(string Province, string Commune, string? Street, string? ProvinceCode = null, string? CommuneCode = null);

public sealed record StatusRequest(OrderStatus? Status);

/// <summary>
/// The order path's JSON metadata made at build time (the request read, the 201 written) rather
/// than by reflection and emitted code at run time: less for the JIT at start and per type. Metadata
/// only, first in the app's resolver chain (<see cref="OrdersApi.AddOrders"/>): the app's options
/// (camelCase, enums as strings, UTC times, strict numbers, the UTF-8 encoder) still decide the
/// text, so the wire is the same byte for byte.
/// </summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(GenerationMode = System.Text.Json.Serialization.JsonSourceGenerationMode.Metadata)]
[System.Text.Json.Serialization.JsonSerializable(typeof(PlaceOrderRequest))]
[System.Text.Json.Serialization.JsonSerializable(typeof(OrderResponse))]
internal sealed partial class OrderJson : System.Text.Json.Serialization.JsonSerializerContext;
