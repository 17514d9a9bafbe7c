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
