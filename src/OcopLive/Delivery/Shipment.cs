namespace OcopLive.Delivery;

/// <summary>The carriers a producer can ship with; the names are the contract's route values.</summary>
public enum Carrier
{
    GHN,
    GHTK,
    ViettelPost,
}

/// <summary>
/// A parcel's status in our words (the contract's), whatever the carrier calls it. The forward
/// path is <see cref="Created"/> → <see cref="PickedUp"/> → <see cref="InTransit"/> →
/// <see cref="Delivering"/> → <see cref="Delivered"/>; the others branch off it.
/// <see cref="DeliveryRules"/> maps each carrier's codes and orders the statuses.
/// </summary>
public enum ShipmentStatus
{
    Created,
    PickedUp,
    InTransit,
    Delivering,
    Delivered,
    DeliveryFailed,
    Returning,
    Returned,
    Cancelled,
}

/// <summary>
/// One carrier parcel for one order. The row is reserved (with <see cref="TrackingCode"/> still
/// null) before the carrier is called, and the order is unique here: a double click or a retry
/// after a timeout finds the row and asks the carrier by <see cref="ClientOrderCode"/> instead of
/// creating a second parcel.
/// </summary>
public sealed class Shipment
{
    public const int MaxTrackingCodeLength = 64;

    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public Guid ProducerId { get; set; }
    public Guid SessionId { get; set; }
    public Carrier Carrier { get; set; }
    /// <summary>What the carrier knows the parcel by on our side: the order number.</summary>
    public required string ClientOrderCode { get; set; }
    /// <summary>The carrier's own code (GHN <c>order_code</c>, GHTK <c>label</c>, Viettel Post <c>ORDER_NUMBER</c>); null until the carrier answered.</summary>
    public string? TrackingCode { get; set; }
    public ShipmentStatus Status { get; set; } = ShipmentStatus.Created;
    /// <summary>The carrier's last status code as it sent it (e.g. <c>delivering</c>, <c>5</c>, <c>501</c>).</summary>
    public string? CarrierStatus { get; set; }
    public long? FeeVnd { get; set; }
    /// <summary>Cash the carrier collects from the buyer: the order's total when unpaid, 0 when paid.</summary>
    public long CodVnd { get; set; }
    public int WeightGrams { get; set; }
    /// <summary>The carrier's own printable label, when it gives one as a link.</summary>
    public string? LabelUrl { get; set; }
    /// <summary>The carrier's last refusal while creating, for the producer to read.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the carrier says the current status happened (the ordering key for late callbacks).</summary>
    public DateTimeOffset? StatusAt { get; set; }
    /// <summary>Last time we heard from the carrier (callback or poll); the stale-parcel job asks about old ones.</summary>
    public DateTimeOffset? CheckedAt { get; set; }
    /// <summary>Set once the units of a returned parcel went back on stock (so it happens once).</summary>
    public DateTimeOffset? RestockedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>
/// One status report from a carrier (callback or poll), kept whether or not it matched a parcel:
/// the status history of a parcel, and the review list of reports for unknown codes.
/// (<see cref="Carrier"/>, <see cref="DedupeKey"/>) is unique, so a resent callback is stored once.
/// </summary>
public sealed class ShipmentEvent
{
    public long Id { get; set; }
    public Carrier Carrier { get; set; }
    public required string TrackingCode { get; set; }
    public Guid? ShipmentId { get; set; }
    /// <summary>The carrier's code and time, joined: a replay of the same report has the same key.</summary>
    public required string DedupeKey { get; set; }
    public required string CarrierStatus { get; set; }
    /// <summary>Our status for the carrier's code; null when the code means nothing to a parcel's status (a weight or fee update).</summary>
    public ShipmentStatus? Status { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public ShipmentEventOutcome Outcome { get; set; }
    /// <summary>The report as received (JSON or form fields), for review.</summary>
    public string? Payload { get; set; }
}

public enum ShipmentEventOutcome
{
    /// <summary>Moved the parcel to a new status.</summary>
    Applied,
    /// <summary>Older than the status shown, or not a status change: kept in the history only.</summary>
    Ignored,
    /// <summary>No parcel of ours has that code: kept for a person to look at.</summary>
    Unknown,
}

/// <summary>
/// A producer's own account with one carrier: the API token (encrypted with Data Protection, never
/// shown again), the shop id where the carrier needs one, and where the carrier picks parcels up.
/// </summary>
public sealed class CarrierAccount
{
    public Guid ProducerId { get; set; }
    public Carrier Carrier { get; set; }
    public required string ProtectedToken { get; set; }
    public string? ShopId { get; set; }
    public required string PickupProvinceCode { get; set; }
    public required string PickupCommuneCode { get; set; }
    public required string PickupStreet { get; set; }
    /// <summary>+84…</summary>
    public required string PickupPhone { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
