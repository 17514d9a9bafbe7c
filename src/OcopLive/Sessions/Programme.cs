namespace OcopLive.Sessions;

/// <summary>
/// A recurring show, e.g. "every Saturday 20:00 (Asia/Ho_Chi_Minh), 90 minutes": the scheduler
/// creates its next sessions ahead of time as drafts.
/// </summary>
public sealed class Programme
{
    public const int DefaultWeeksAhead = 2;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public DayOfWeek DayOfWeek { get; set; }
    /// <summary>Local time in Asia/Ho_Chi_Minh.</summary>
    public TimeOnly LocalTime { get; set; }
    public int DurationMinutes { get; set; }
    public int OrderGraceMinutes { get; set; } = Session.DefaultOrderGraceMinutes;
    public string? Channel { get; set; }
    /// <summary>How many weekly sessions exist ahead of now.</summary>
    public int WeeksAhead { get; set; } = DefaultWeeksAhead;
    public bool AutoGoLive { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
