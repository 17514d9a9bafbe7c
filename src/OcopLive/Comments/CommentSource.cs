namespace OcopLive.Comments;

/// <summary>
/// A stream whose live chat a connector follows for a session: a YouTube live chat or a Facebook
/// live video. The platform's access token is kept encrypted with Data Protection
/// (<see cref="ProtectedToken"/>) and never leaves the server in an answer or a log line.
/// </summary>
public sealed class CommentSource
{
    public const int MaxStreamIdLength = 200;

    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public CommentPlatform Platform { get; set; }
    /// <summary>YouTube: the <c>liveChatId</c>; Facebook: the live video's id.</summary>
    public required string StreamId { get; set; }
    public string? ProtectedToken { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>Where the next poll resumes: YouTube's <c>nextPageToken</c>, Facebook's <c>after</c> cursor.</summary>
    public string? Cursor { get; set; }
    public int Received { get; set; }
    /// <summary>The last refusal from the platform (rate limit, expired token), for the control room.</summary>
    public string? LastError { get; set; }
    public DateTimeOffset? LastPolledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
