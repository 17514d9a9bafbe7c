using OcopLive.Sessions;

namespace OcopLive.Lineups;

public sealed record SegmentResponse(
    int Position,
    Guid ProductId,
    string ProductName,
    Guid ProducerId,
    string ProducerName,
    DateTimeOffset PlannedStart,
    int Minutes,
    long PriceVnd,
    string Reason,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd);

public sealed record LeftOutResponse(Guid ProductId, string ProductName, string Reason);

public sealed record LineupResponse(Guid SessionId, LineupState State, IReadOnlyList<SegmentResponse> Segments, IReadOnlyList<LeftOutResponse> LeftOut);

public sealed record BuildAccepted(string JobId);

public sealed record LineupEditRequest(List<LineupEditSegment?>? Segments);

public sealed record LineupEditSegment(Guid? ProductId, int? Minutes, long? PriceVnd);
