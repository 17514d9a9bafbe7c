namespace OcopLive.Scheduler;

public enum SessionJobKind
{
    BuildLineup,
    StartingSoon,
    AutoGoLive,
    CloseOrdering,
}

/// <summary>The Hangfire job currently scheduled for one step of a session's clock.</summary>
public sealed class SessionJob
{
    public Guid SessionId { get; set; }
    public SessionJobKind Kind { get; set; }
    public required string JobId { get; set; }
    public DateTimeOffset RunAt { get; set; }
}
