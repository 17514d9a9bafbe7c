using OcopLive.Orders;

namespace OcopLive.Comments;

/// <summary>A comment sent to OcopLive: by staff, a script or a connector.</summary>
public sealed record CommentRequest(CommentPlatform? Platform, string? CommentId, string? Author, string? Text, DateTimeOffset? At);

/// <summary>
/// A comment as the desk and the API show it. <see cref="Phone"/> and <see cref="Text"/> carry the
/// phone number masked except for the operator who claimed the comment (<see cref="CommentMask"/>).
/// </summary>
public sealed record CommentView(
    Guid Id,
    CommentPlatform Platform,
    string Author,
    string Text,
    CommentKind Kind,
    Guid? ProductId,
    int? Quantity,
    string? Phone,
    CommentState State,
    Guid? OrderId,
    Guid SessionId,
    string CommentId,
    DateTimeOffset At,
    DateTimeOffset ReceivedAt,
    string? ClaimedBy,
    DateTimeOffset? ClaimedUntil,
    bool PhoneMasked);

/// <summary>"chốt đơn": what the operator adds to the comment to make it an order.</summary>
public sealed record ConfirmRequest(CustomerInput? Customer, AddressInput? Address, int? Quantity, Guid? ProductId);

/// <summary>The answer to a claim: the comment unmasked, and the address of the phone's last order when there is one.</summary>
public sealed record ClaimResponse(CommentView Comment, PreviousBuyer? Previous);

public sealed record PreviousBuyer(string Name, string Province, string Commune, string? Street, string? ProvinceCode = null, string? CommuneCode = null);
