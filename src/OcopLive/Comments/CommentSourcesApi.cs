using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Comments;

/// <summary>A stream to follow; <see cref="AccessToken"/> is stored encrypted and never returned.</summary>
public sealed record CommentSourceRequest(CommentPlatform? Platform, string? StreamId, string? AccessToken, bool? Enabled);

/// <summary>A followed stream as the control room sees it: no token, only whether there is one.</summary>
public sealed record CommentSourceView(Guid Id, Guid SessionId, CommentPlatform Platform, string StreamId, bool Enabled, bool HasToken,
    int Received, string? LastError, DateTimeOffset? LastPolledAt);

public static class CommentSourcesApi
{
    public static WebApplicationBuilder AddCommentConnectors(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommentConnectorOptions>().Bind(builder.Configuration.GetSection(CommentConnectorOptions.Section))
            .Validate(o => o.MinPollInterval > TimeSpan.Zero && o.MaxBackoff >= o.MinPollInterval && o.ScanInterval > TimeSpan.Zero,
                "OcopLive:Comments intervals must be positive")
            .ValidateOnStart();
        builder.Services.AddHttpClient(CommentConnectors.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddHostedService<CommentConnectors>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCommentSources(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{id:guid}/comment-sources").WithTags("Comments").RequireAuthorization(Policies.Staff);
        group.MapGet("", List).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("", Add).Accepts<CommentSourceRequest>("application/json").Produces<CommentSourceView>(StatusCodes.Status201Created)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPatch("/{sourceId:guid}", Change).Accepts<CommentSourceRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{sourceId:guid}", Remove).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<Ok<List<CommentSourceView>>, ProblemHttpResult>> List(Guid id, OcopDbContext db, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.SessionNotFound();
        }

        var rows = await db.CommentSources.AsNoTracking().Where(s => s.SessionId == id).OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(rows.ConvertAll(View));
    }

    public static async Task<Results<Created<CommentSourceView>, ProblemHttpResult, ValidationProblem>> Add(
        Guid id, HttpRequest request, OcopDbContext db, IDataProtectionProvider protection, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CommentSourceRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var r = body.Value!;
        var errors = new Errors();
        var streamId = CommentRules.ValidateSource(r, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.SessionNotFound();
        }

        var source = new CommentSource
        {
            Id = Guid.CreateVersion7(),
            SessionId = id,
            Platform = r.Platform!.Value,
            StreamId = streamId!,
            ProtectedToken = Protect(protection, r.AccessToken),
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
            return Problems.Conflict("source-exists", "Luồng này đã được theo dõi (this stream is already followed)");
        }

        return TypedResults.Created($"/api/sessions/{id}/comment-sources/{source.Id}", View(source));
    }

    /// <summary>
    /// A new token (the old one expired), on/off, or another stream. The given fields are merged onto
    /// the stored source and the whole checked with the create rule (<see cref="CommentRules.ValidateSource"/>):
    /// what a create refuses, a change refuses, nothing changed. An absent or null token keeps the
    /// stored one. The cursor is kept unless the stream changes.
    /// </summary>
    public static async Task<Results<Ok<CommentSourceView>, ProblemHttpResult, ValidationProblem>> Change(Guid id, Guid sourceId,
        HttpRequest request, OcopDbContext db, IDataProtectionProvider protection,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<System.Text.Json.Nodes.JsonObject>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var source = await db.CommentSources.FirstOrDefaultAsync(s => s.Id == sourceId && s.SessionId == id, ct);
        if (source is null)
        {
            return Problems.NotFound("Không tìm thấy luồng (comment source not found)");
        }

        var current = new CommentSourceRequest(source.Platform, source.StreamId, null, source.Enabled);
        var (r, invalid) = JsonBody.Merge(current, body.Value!, json.Value.SerializerOptions);
        if (invalid is not null)
        {
            return invalid.ToProblem();
        }

        var errors = new Errors();
        var streamId = CommentRules.ValidateSource(r!, errors);
        if (r!.Enabled is null)
        {
            errors.Add("enabled", "true hoặc false (true or false).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (r.Platform != source.Platform || streamId != source.StreamId)
        {
            source.Platform = r.Platform!.Value;
            source.StreamId = streamId!;
            source.Cursor = null;
        }

        if (r.AccessToken is { Length: > 0 } token)
        {
            source.ProtectedToken = Protect(protection, token);
            source.LastError = null;
        }

        source.Enabled = r.Enabled!.Value;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
        {
            return Problems.Conflict("source-exists", "Luồng này đã được theo dõi (this stream is already followed)");
        }

        return TypedResults.Ok(View(source));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid id, Guid sourceId, OcopDbContext db, CancellationToken ct)
    {
        var n = await db.CommentSources.Where(s => s.Id == sourceId && s.SessionId == id).ExecuteDeleteAsync(ct);
        return n == 0 ? Problems.NotFound("Không tìm thấy luồng (comment source not found)") : TypedResults.NoContent();
    }

    private static string? Protect(IDataProtectionProvider protection, string? token) =>
        string.IsNullOrEmpty(token) ? null : protection.CreateProtector(CommentConnectors.TokenPurpose).Protect(token);

    private static CommentSourceView View(CommentSource s) =>
        new(s.Id, s.SessionId, s.Platform, s.StreamId, s.Enabled, s.ProtectedToken is not null, s.Received, s.LastError, s.LastPolledAt);
}
