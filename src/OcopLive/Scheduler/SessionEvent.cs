namespace OcopLive.Scheduler;

/// <summary>Something the session clock did (starting soon, went live automatically, closed, report written).</summary>
public sealed class SessionEvent
{
    public long Id { get; set; }
    public Guid SessionId { get; set; }
    /// <summary>e.g. starting-soon, auto-go-live, ordering-closed, report-written.</summary>
    public required string Kind { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset At { get; set; }
}
