using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Comments;

/// <summary>A stream to follow; <see cref="AccessToken"/> is stored encrypted and never returned.</summary>
public sealed record CommentSourceRequest(CommentPlatform? Platform, string? StreamId, string? AccessToken, bool? Enabled);

/// <summary>A followed stream as the control room sees it: no token, only whether there is one.</summary>
public sealed record CommentSourceView(Guid Id, Guid SessionId, CommentPlatform Platform, string StreamId, bool Enabled, bool HasToken,
    int Received, string? LastError, DateTimeOffset? LastPolledAt)
{
    public static CommentSourceView From(CommentSource s) =>
        new(s.Id, s.SessionId, s.Platform, s.StreamId, s.Enabled, s.ProtectedToken is not null, s.Received, s.LastError, s.LastPolledAt);
}

/// <summary>
/// The streams a session's comment connectors follow (YouTube, Facebook): list, add, change (a new
/// token or on/off) and remove. The access token is encrypted with Data Protection before it is stored.
/// </summary>
public sealed class CommentSources(OcopDbContext db, IDataProtectionProvider protection, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
{
    public const int MaxTokenLength = CommentRules.MaxSourceTokenLength;

    public static Refusal SourceNotFound { get; } = Refusal.NotFound("Không tìm thấy luồng (comment source not found)");

    /// <summary>The session's streams, oldest first; null when there is no such session.</summary>
    public async Task<List<CommentSourceView>?> ListAsync(Guid sessionId, CancellationToken ct)
    {
        if (!await SessionQueries.ExistsAsync(db, sessionId, ct))
        {
            return null;
        }

        var rows = await db.CommentSources.AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return rows.ConvertAll(CommentSourceView.From);
    }

    /// <summary>Follows a stream; 409 <c>source-exists</c> when the session already follows it.</summary>
    public async Task<Outcome<CommentSourceView>> AddAsync(Guid sessionId, CommentSourceRequest r, CancellationToken ct)
    {
        var errors = new Errors();
        var streamId = CommentRules.ValidateSource(r, errors);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!await SessionQueries.ExistsAsync(db, sessionId, ct))
        {
            return SessionRefusals.NotFound;
        }

        var source = new CommentSource
        {
            Id = Guid.CreateVersion7(),
            SessionId = sessionId,
            Platform = r.Platform!.Value,
            StreamId = streamId!,
            ProtectedToken = Protect(r.AccessToken),
            Enabled = r.Enabled ?? true,
            CreatedAt = clock.GetUtcNow(),
        };
        db.CommentSources.Add(source);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return Refusal.Conflict("source-exists", "Luồng này đã được theo dõi (this stream is already followed)");
        }

        return CommentSourceView.From(source);
    }

    /// <summary>
    /// A new token (the old one expired), on/off, or another stream. The given fields are merged onto
    /// the stored source and the whole checked with the create rule (<see cref="CommentRules.ValidateSource"/>):
    /// what a create refuses, a change refuses, nothing changed. An absent or null token keeps the
    /// stored one. The cursor is kept unless the stream changes (409 <c>source-exists</c> when the
    /// session already follows the new one).
    /// </summary>
    public async Task<Outcome<CommentSourceView>> ChangeAsync(Guid sessionId, Guid sourceId, System.Text.Json.Nodes.JsonObject patch,
        CancellationToken ct)
    {
        var source = await db.CommentSources.FirstOrDefaultAsync(s => s.Id == sourceId && s.SessionId == sessionId, ct);
        if (source is null)
        {
            return SourceNotFound;
        }

        var current = new CommentSourceRequest(source.Platform, source.StreamId, null, source.Enabled);
        var (r, invalid) = JsonBody.Merge(current, patch, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid;
        }

        var errors = new Errors();
        var streamId = CommentRules.ValidateSource(r!, errors);
        if (r!.Enabled is null)
        {
            errors.Add("enabled", "true hoặc false (true or false).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (r.Platform != source.Platform || streamId != source.StreamId)
        {
            source.Platform = r.Platform!.Value;
            source.StreamId = streamId!;
            source.Cursor = null;
        }

        if (r.AccessToken is { Length: > 0 } token)
        {
            source.ProtectedToken = Protect(token);
            source.LastError = null;
        }

        source.Enabled = r.Enabled!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return Refusal.Conflict("source-exists", "Luồng này đã được theo dõi (this stream is already followed)");
        }

        return CommentSourceView.From(source);
    }

    /// <summary>Stops following a stream; null when done, the refusal when there was no such source.</summary>
    public async Task<Refusal?> RemoveAsync(Guid sessionId, Guid sourceId, CancellationToken ct) =>
        await db.CommentSources.Where(s => s.Id == sourceId && s.SessionId == sessionId).ExecuteDeleteAsync(ct) == 0 ? SourceNotFound : null;

    private string? Protect(string? token) =>
        string.IsNullOrEmpty(token) ? null : protection.CreateProtector(CommentConnectors.TokenPurpose).Protect(token);
}
