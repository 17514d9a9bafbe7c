namespace OcopLive.Lineups;

/// <summary>One product segment of a session's line-up (thứ tự lên sóng).</summary>
public sealed class Segment
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    /// <summary>1-based running order.</summary>
    public int Position { get; set; }
    public Guid ProductId { get; set; }
    public Guid ProducerId { get; set; }
    public DateTimeOffset PlannedStart { get; set; }
    public int Minutes { get; set; }
    /// <summary>The price on air: the entry's deal price when one was given.</summary>
    public long PriceVnd { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset? ActualStart { get; set; }
    public DateTimeOffset? ActualEnd { get; set; }
}

/// <summary>
/// How long a segment may last, in one place: an entry asks for up to <see cref="Max"/> minutes
/// (<see cref="Default"/> when it does not say), the builder and a hand-made line-up give it
/// <see cref="Min"/> minutes up to what the entry asked.
/// </summary>
public static class SegmentLength
{
    public const int Min = 2;
    public const int Default = 5;
    public const int Max = 60;

    /// <summary>The longest segment an entry may get: its own minutes (or the default), within the limits.</summary>
    public static int Allowed(int? entryMinutes) => Math.Clamp(entryMinutes ?? Default, Min, Max);
}
