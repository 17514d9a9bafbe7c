namespace OcopLive.Sessions;

public enum SessionStatus
{
    Draft,
    Live,
    Ended,
    Closed,
}

public enum LineupState
{
    None,
    Building,
    Built,
    Locked,
}

/// <summary>A live market session (Phiên chợ OCOP).</summary>
public sealed class Session
{
    public const int DefaultOrderGraceMinutes = 30;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Title { get; set; }
    public SessionStatus Status { get; set; } = SessionStatus.Draft;
    public DateTimeOffset StartsAt { get; set; }
    public int DurationMinutes { get; set; }
    public int OrderGraceMinutes { get; set; } = DefaultOrderGraceMinutes;
    public string? Channel { get; set; }
    /// <summary>When true, the session clock goes live at <see cref="StartsAt"/> by itself.</summary>
    public bool AutoGoLive { get; set; }
    /// <summary>The recurring programme that created this session, if any.</summary>
    public Guid? ProgrammeId { get; set; }
    public LineupState LineupState { get; set; } = LineupState.None;
    /// <summary>True after a manual edit: the scheduled build at registration close leaves it alone.</summary>
    public bool LineupEditedByHand { get; set; }
    /// <summary>Position of the segment on air, null before go-live and after the end.</summary>
    public int? CurrentPosition { get; set; }
    public DateTimeOffset? WentLiveAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public List<SessionEntry> Entries { get; set; } = [];

    public bool AcceptsOrders => Status is SessionStatus.Live or SessionStatus.Ended;
}
