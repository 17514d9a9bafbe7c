using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
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
        comments.MapPost("/claim", Claim).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
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
        Guid id, HttpRequest request, CommentIntake intake, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<CommentRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var errors = new Errors();
        var comment = CommentRules.Validate(id, body.Value!, errors);
        if (comment is null)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var outcome = await intake.AcceptAsync(comment, ct);
        switch (outcome.Kind)
        {
            case CommentOutcomeKind.Created:
                return TypedResults.Accepted($"/api/comments/{outcome.View!.Id}", new CommentAccepted(outcome.View.Id, false));
            case CommentOutcomeKind.Duplicate:
                return TypedResults.Accepted((string?)null, new CommentAccepted(null, true));
            case CommentOutcomeKind.SessionNotFound:
                return Problems.SessionNotFound();
            case CommentOutcomeKind.Overloaded:
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "overloaded",
                    title: "Hệ thống đang quá tải, vui lòng gửi lại (overloaded, send the comment again shortly)");
            default:
                request.HttpContext.Response.Headers.RetryAfter = "2";
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "unavailable",
                    title: "Tạm thời không lưu được bình luận, vui lòng gửi lại (database unavailable, send the comment again)");
        }
    }

    public static async Task<Results<Ok<List<CommentView>>, ProblemHttpResult>> List(
        Guid id, int? limit, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var list = await desk.ListAsync(id, limit, user.Identity?.Name, ct);
        return list is null ? Problems.SessionNotFound() : TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<CommentView>, ProblemHttpResult>> Get(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var (view, refusal) = await desk.GetAsync(id, user.Identity?.Name, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }

    public static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> Claim(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var (claim, refusal) = await desk.ClaimAsync(id, user.Identity?.Name ?? "", ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(claim!);
    }

    public static async Task<Results<Ok<CommentView>, ProblemHttpResult>> Dismiss(Guid id, CommentDesk desk, ClaimsPrincipal user, CancellationToken ct)
    {
        var (view, refusal) = await desk.DismissAsync(id, user.Identity?.Name ?? "", ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(view!);
    }

    /// <summary>
    /// "chốt đơn": the comment's order through the same intake as the web and hotline orders (stock,
    /// limits, live figures), keyed by the comment so that a second confirm never makes a second
    /// order. A comment already confirmed answers 200 with its order.
    /// </summary>
    internal static async Task<IResult> Confirm(
        Guid id, HttpRequest request, CommentDesk desk, OrderIntake intake, OcopDbContext db, OcopMetrics metrics, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ConfirmRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (comment, order, refusal) = await desk.PrepareConfirmAsync(id, body.Value!, user, ct);
        if (comment is { State: CommentState.Confirmed, OrderId: { } existing })
        {
            var details = await OrderQueries.Details(db.Orders.Where(o => o.Id == existing), db).FirstOrDefaultAsync(ct);
            if (details is not null)
            {
                return TypedResults.Ok(details);
            }
        }

        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var outcome = await intake.PlaceAsync(order!, ct);
        OrdersApi.Record(metrics, outcome, OrderChannel.Comment);
        if (outcome.Order is { } placed && outcome.Kind is OutcomeKind.Created or OutcomeKind.Replayed)
        {
            await desk.MarkConfirmedAsync(comment!, placed.Id, user.Identity?.Name ?? "", ct);
        }

        return OrdersApi.ToResult(outcome, request.HttpContext);
    }
}
