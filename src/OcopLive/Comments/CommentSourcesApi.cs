using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The streams a session's comment connectors follow (Admin, Director); the work is <see cref="CommentSources"/>'.</summary>
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
        builder.Services.AddScoped<CommentSources>();
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

    public static async Task<Results<Ok<List<CommentSourceView>>, ProblemHttpResult>> List(Guid id, CommentSources sources, CancellationToken ct) =>
        await sources.ListAsync(id, ct) is { } list ? TypedResults.Ok(list) : Problems.SessionNotFound();

    public static Task<Results<Created<CommentSourceView>, ProblemHttpResult>> Add(
        Guid id, HttpRequest request, CommentSources sources, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<CommentSourceRequest, CommentSourceView, CommentSourceView>(request, r => sources.AddAsync(id, r, ct),
            s => $"/api/sessions/{id}/comment-sources/{s.Id}", s => s, ct);

    /// <summary>A new token (the old one expired), on/off or another stream, checked like a create (<see cref="CommentSources.ChangeAsync"/>).</summary>
    public static Task<Results<Ok<CommentSourceView>, ProblemHttpResult>> Change(
        Guid id, Guid sourceId, HttpRequest request, CommentSources sources, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<System.Text.Json.Nodes.JsonObject, CommentSourceView, CommentSourceView>(request,
            r => sources.ChangeAsync(id, sourceId, r, ct), s => s, ct);

    public static async Task<Results<NoContent, ProblemHttpResult>> Remove(Guid id, Guid sourceId, CommentSources sources, CancellationToken ct) =>
        await sources.RemoveAsync(id, sourceId, ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();
}
