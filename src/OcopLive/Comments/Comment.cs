namespace OcopLive.Comments;

/// <summary>Where a live-chat comment was typed (the contract's names).</summary>
public enum CommentPlatform
{
    YouTube,
    Facebook,
    TikTok,
    Zalo,
    Other,
}

public enum CommentState
{
    New,
    Confirmed,
    Dismissed,
}

/// <summary>
/// A comment from a session's live chat, as the parser read it when it arrived. Stored once per
/// platform + platform comment id (connectors see the same comment again after a reconnect).
/// </summary>
public sealed class Comment
{
    public const int MaxCommentIdLength = 128;
    public const int MaxAuthorLength = 100;
    public const int MaxTextLength = 2_000;

    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public CommentPlatform Platform { get; set; }
    /// <summary>The platform's id of the comment.</summary>
    public required string CommentId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    /// <summary>When it was typed (the platform's time, or the sender's).</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>When OcopLive received it.</summary>
    public DateTimeOffset ReceivedAt { get; set; }
    public CommentKind Kind { get; set; }
    /// <summary>The product named, else the one on air when it arrived; null when nothing was on air.</summary>
    public Guid? ProductId { get; set; }
    public int? Quantity { get; set; }
    /// <summary>+84…</summary>
    public string? Phone { get; set; }
    public CommentState State { get; set; }
    public Guid? OrderId { get; set; }
    /// <summary>The operator handling it (sees the phone unmasked), until <see cref="ClaimedUntil"/>.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    /// <summary>Who confirmed or dismissed it.</summary>
    public string? HandledBy { get; set; }
}
