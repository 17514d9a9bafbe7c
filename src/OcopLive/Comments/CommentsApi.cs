using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Orders;

namespace OcopLive.Comments;

/// <summary>What <c>POST /api/sessions/{id}/comments</c> answers: the stored comment's id, or that it was stored before.</summary>
public sealed record CommentAccepted(Guid? Id, bool Duplicate);

public static class CommentsApi
{
    public static WebApplicationBuilder AddComments(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CommentNotifier>();
        builder.Services.AddSingleton<CommentIntake>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CommentIntake>());
        builder.Services.AddScoped<CommentDesk>();
        builder.Services.AddScoped<ConfirmComment>();
        builder.Services.AddScoped<ReceiveComment>();
        builder.AddCommentConnectors();
        return builder;
    }

    public static WebApplication MapComments(this WebApplication app)
    {
        var sessions = app.MapGroup("/api/sessions/{id:guid}").WithTags("Comments").RequireAuthorization(Policies.Hotline);
        sessions.MapPost("/comments", Receive).Accepts<CommentRequest>("application/json")
            .Produces<CommentAccepted>(StatusCodes.Status202Accepted).ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sessions.MapGet("/comments", List).ProducesProblem(StatusCodes.Status404NotFound);

        var comments = app.MapGroup("/api/comments/{id:guid}").WithTags("Comments").RequireAuthorization(Policies.Hotline);
        comments.MapGet("", Get).ProducesProblem(StatusCodes.Status404NotFound);
        // A claim shows the phone's previous buyer (name, address): limited and audited like the caller look-up.
        comments.MapPost("/claim", Claim).RequireRateLimiting(RateLimits.CustomerLookup)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        comments.MapPost("/confirm", Confirm).Accepts<ConfirmRequest>("application/json")
            .Produces<OrderResponse>(StatusCodes.Status201Created).Produces<OrderDetails>()
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        comments.MapPost("/dismiss", Dismiss).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        app.MapHub<DeskHub>(DeskHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        app.MapCommentSources();
        app.MapBuyers();
        return app;
    }

    /// <summary>
    /// 202 for a new comment and for one stored before (the same platform + commentId is stored
    /// once), answered only after the comment's batch is committed: a 202 means stored. 503 when
    /// the database is unavailable or the intake's queue is full (send it again: harmless).
    /// </summary>
    public static async Task<Results<Accepted<CommentAccepted>, ProblemHttpResult, ValidationProblem>> Receive(
        Guid id, HttpRequest request, ReceiveComment receive, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CommentRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (accepted, refusal) = await receive.ReceiveAsync(id, body.Value!, ct);
        return refusal is not null
            ? refusal.ToProblem(request.HttpContext.Response)
            : TypedResults.Accepted(accepted!.Id is { } commentId ? $"/api/comments/{commentId}" : null, accepted);
    }

    public static async Task<Results<Ok<List<CommentView>>, ProblemHttpResult, ValidationProblem>> List(
        Guid id, int? limit, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        if (limit is < 1 or > CommentDesk.MaxListSize)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = [$"1–{CommentDesk.MaxListSize}."] });
        }

        var list = await desk.ListAsync(id, limit, user.Identity?.Name, ct);
        return list is null ? Problems.SessionNotFound() : TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<CommentView>, ProblemHttpResult>> Get(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var (view, refusal) = await desk.GetAsync(id, user.Identity?.Name, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }

    /// <summary>The operator takes the comment; a claim that shows the previous buyer is audited (<see cref="CommentDesk.ClaimAsync"/>).</summary>
    public static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> Claim(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await desk.ClaimAsync(id, user, ct));

    public static async Task<Results<Ok<CommentView>, ProblemHttpResult>> Dismiss(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var (view, refusal) = await desk.DismissAsync(id, user.Identity?.Name ?? "", ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }

    /// <summary>"chốt đơn": 201 with the order made; confirming again with the same body replays it, another body is refused.</summary>
    internal static async Task<IResult> Confirm(Guid id, HttpRequest request, ConfirmComment confirm, ClaimsPrincipal user, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ConfirmRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (placed, refusal) = await confirm.ConfirmAsync(id, body.Value!, user, ct);
        return refusal is not null ? refusal.ToProblem(request.HttpContext.Response) : PlacedOrders.Created(placed!, request.HttpContext);
    }
}
