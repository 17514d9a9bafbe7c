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
    /// <summary>The TV slot's hard end, if the channel has one: the show must be off air by then (see <c>Studio/BackTiming</c>).</summary>
    public DateTimeOffset? HardOutAt { get; set; }

    public List<SessionEntry> Entries { get; set; } = [];

    public bool AcceptsOrders => SessionStatuses.AcceptsOrders(Status);
}

/// <summary>The one home of the rule "which statuses take orders": on air, and in the grace period after the end.</summary>
public static class SessionStatuses
{
    public static readonly IReadOnlyList<SessionStatus> TakingOrders = [SessionStatus.Live, SessionStatus.Ended];

    public static bool AcceptsOrders(SessionStatus status) => status is SessionStatus.Live or SessionStatus.Ended;

    /// <summary>The same rule for a status read as text from SQL.</summary>
    public static bool AcceptsOrders(string status) => Enum.TryParse<SessionStatus>(status, out var s) && AcceptsOrders(s);

    /// <summary>The statuses as a SQL list literal, e.g. <c>('Live', 'Ended')</c>, for hand-written queries.</summary>
    public static readonly string TakingOrdersSql = "(" + string.Join(", ", TakingOrders.Select(s => $"'{s}'")) + ")";
}
