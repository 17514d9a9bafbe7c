using OcopLive.Common;
using OcopLive.Lineups;

namespace OcopLive.Sessions;

public sealed record SessionRequest(string? Title, DateTimeOffset? StartsAt, int? DurationMinutes, string? Channel, int? OrderGraceMinutes,
    bool? AutoGoLive = null);

public sealed record SessionResponse(
    Guid Id,
    string Title,
    SessionStatus Status,
    DateTimeOffset StartsAt,
    int DurationMinutes,
    DateTimeOffset EndsAt,
    int OrderGraceMinutes,
    string? Channel,
    LineupState LineupState,
    int? CurrentPosition,
    DateTimeOffset? WentLiveAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    bool AutoGoLive,
    Guid? ProgrammeId)
{
    /// <summary>The TV slot's hard end (null: none); set with <c>PUT /api/sessions/{id}/hard-out</c>.</summary>
    public DateTimeOffset? HardOutAt { get; init; }

    public static SessionResponse From(Session s) => new(s.Id, s.Title, s.Status, s.StartsAt, s.DurationMinutes,
        SessionRules.EndsAt(s), s.OrderGraceMinutes, s.Channel, s.LineupState, s.CurrentPosition,
        s.WentLiveAt, s.EndedAt, s.ClosedAt, s.CreatedAt, s.AutoGoLive, s.ProgrammeId)
    { HardOutAt = s.HardOutAt };

    /// <summary>The fields a PATCH may change, as a request to merge onto.</summary>
    public SessionRequest ToRequest() => new(Title, StartsAt, DurationMinutes, Channel, OrderGraceMinutes, AutoGoLive);
}

public sealed record EntryRequest(Guid? ProductId, int? Minutes, long? DealPriceVnd, int? LimitPerCustomer);

public sealed record EntryResponse(
    Guid Id, Guid SessionId, Guid ProductId, string ProductName, Guid ProducerId, int? Minutes, long? DealPriceVnd,
    int? LimitPerCustomer, DateTimeOffset CreatedAt);

public static class SessionRules
{
    public const int MaxDurationMinutes = 12 * 60;
    public const int MaxGraceMinutes = 24 * 60;

    /// <summary>How far back a session may start: a show already held can still be recorded.</summary>
    public static readonly TimeSpan MaxPast = TimeSpan.FromDays(365);

    /// <summary>How far ahead a session may start: a season is planned months ahead, not decades.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(3 * 365);

    /// <summary>The planned end; a row saved before the start was bounded cannot make a listing overflow.</summary>
    public static DateTimeOffset EndsAt(Session s) =>
        s.StartsAt > DateTimeOffset.MaxValue.AddMinutes(-s.DurationMinutes) ? DateTimeOffset.MaxValue : s.StartsAt.AddMinutes(s.DurationMinutes);

    /// <summary>Validates a session request; <paramref name="now"/> bounds the start to a window around today.</summary>
    public static Session? ToSession(SessionRequest r, DateTimeOffset now, Errors errors)
    {
        var title = Text.Required(errors, "title", r.Title, 200);
        if (r.StartsAt is null)
        {
            errors.Add("startsAt", "Thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-05T20:00:00+07:00 (required, with an offset).");
        }
        else if (r.StartsAt < now - MaxPast || r.StartsAt > now + MaxAhead)
        {
            errors.Add("startsAt", "Trong khoảng từ 1 năm trước đến 3 năm tới (within a year back and three years ahead of now).");
        }

        if (r.DurationMinutes is not (>= 10 and <= MaxDurationMinutes))
        {
            errors.Add("durationMinutes", $"Từ 10 đến {MaxDurationMinutes} phút (10 to {MaxDurationMinutes} minutes).");
        }

        var grace = r.OrderGraceMinutes ?? Session.DefaultOrderGraceMinutes;
        if (grace is < 0 or > MaxGraceMinutes)
        {
            errors.Add("orderGraceMinutes", $"Từ 0 đến {MaxGraceMinutes} phút (0 to {MaxGraceMinutes} minutes).");
        }

        var channel = Text.Optional(errors, "channel", r.Channel, 100);
        if (errors.Any)
        {
            return null;
        }

        return new Session
        {
            Title = title!,
            StartsAt = r.StartsAt!.Value.ToUniversalTime(),
            DurationMinutes = r.DurationMinutes!.Value,
            OrderGraceMinutes = grace,
            Channel = channel,
            AutoGoLive = r.AutoGoLive ?? false,
        };
    }

    public static void CheckEntry(EntryRequest r, long? productPriceVnd, Errors errors)
    {
        if (r.ProductId is null || r.ProductId == Guid.Empty)
        {
            errors.Add("productId", "Không được để trống (required).");
        }

        if (r.Minutes is { } m && m is < SegmentLength.Min or > SegmentLength.Max)
        {
            errors.Add("minutes", $"Từ {SegmentLength.Min} đến {SegmentLength.Max} phút ({SegmentLength.Min} to {SegmentLength.Max}).");
        }

        if (r.DealPriceVnd is { } deal && (deal <= 0 || (productPriceVnd is { } price && deal > price)))
        {
            errors.Add("dealPriceVnd", "Giá ưu đãi dương và không cao hơn giá niêm yết (positive, at most the list price).");
        }

        if (r.LimitPerCustomer is < 1)
        {
            errors.Add("limitPerCustomer", "Ít nhất 1 (at least 1).");
        }
    }
}

/// <summary>The segment on air, as the control room sees it.</summary>
public sealed record CurrentSegment(
    int Position, Guid ProductId, string ProductName, Guid ProducerId, DateTimeOffset PlannedStart, int Minutes, long PriceVnd,
    DateTimeOffset? ActualStart);

/// <summary>The session (the same fields as <see cref="SessionResponse"/>) and the segment on air.</summary>
public sealed record SessionControlResponse(
    Guid Id,
    string Title,
    SessionStatus Status,
    DateTimeOffset StartsAt,
    int DurationMinutes,
    DateTimeOffset EndsAt,
    int OrderGraceMinutes,
    string? Channel,
    bool AutoGoLive,
    LineupState LineupState,
    int? CurrentPosition,
    DateTimeOffset? WentLiveAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    CurrentSegment? Current);

public sealed record SessionEventResponse(string Kind, string Message, DateTimeOffset At);

/// <summary>One minute of a session's committed, not-cancelled orders; <c>Minute</c> is the UTC start of the minute.</summary>
public sealed record SalesMinute(DateTimeOffset Minute, int Orders, int Units, long RevenueVnd);

public sealed record SalesPerMinute(Guid SessionId, Guid? ProductId, IReadOnlyList<SalesMinute> Buckets);

public sealed record ProgrammeRequest(
    string? Title, DayOfWeek? DayOfWeek, TimeOnly? LocalTime, int? DurationMinutes, int? OrderGraceMinutes, int? WeeksAhead,
    string? Channel, bool? AutoGoLive);

public sealed record ProgrammeResponse(
    Guid Id, string Title, DayOfWeek DayOfWeek, TimeOnly LocalTime, string TimeZone, int DurationMinutes, int OrderGraceMinutes,
    int WeeksAhead, string? Channel, bool AutoGoLive, DateTimeOffset CreatedAt)
{
    public static ProgrammeResponse From(Programme p) => new(p.Id, p.Title, p.DayOfWeek, p.LocalTime, VnFormat.Zone.Id,
        p.DurationMinutes, p.OrderGraceMinutes, p.WeeksAhead, p.Channel, p.AutoGoLive, p.CreatedAt);
}
