using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Lineups;

/// <summary>A session's line-up: build (Hangfire job), read, edit by hand, lock (Admin, Director).</summary>
public static class LineupsApi
{
    public static IEndpointRouteBuilder MapLineups(this IEndpointRouteBuilder app)
    {
        var lineup = app.MapGroup("/api/sessions/{id:guid}/lineup").WithTags("Line-ups").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        lineup.MapGet("/", GetLineup);
        lineup.MapPut("/", EditLineup).Accepts<LineupEditRequest>("application/json").ProducesBodyProblems();
        lineup.MapPost("/build", BuildLineup);
        lineup.MapPost("/lock", LockLineup);
        return app;
    }

    public static async Task<Results<Ok<LineupResponse>, ProblemHttpResult>> GetLineup(Guid id, OcopDbContext db, CancellationToken ct)
    {
        var lineup = await LineupQueries.ReadAsync(db, id, ct);
        return lineup is null ? Problems.SessionNotFound() : TypedResults.Ok(lineup);
    }

    /// <summary>202 with the build job's id.</summary>
    public static async Task<Results<Accepted<BuildAccepted>, ProblemHttpResult>> BuildLineup(Guid id, LineupEdits edits, CancellationToken ct)
    {
        var (accepted, refusal) = await edits.BuildAsync(id, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Accepted($"/api/sessions/{id}/lineup", accepted!);
    }

    public static Task<Results<Ok<LineupResponse>, ProblemHttpResult>> EditLineup(
        Guid id, HttpRequest request, LineupEdits edits, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<LineupEditRequest, LineupResponse, LineupResponse>(request, body => edits.EditAsync(id, body, ct), l => l, ct);

    public static async Task<Results<Ok<LineupResponse>, ProblemHttpResult>> LockLineup(Guid id, LineupEdits edits, CancellationToken ct)
    {
        var (lineup, refusal) = await edits.LockAsync(id, ct);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(lineup!);
    }
}
