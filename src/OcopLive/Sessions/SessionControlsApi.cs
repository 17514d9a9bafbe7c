using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>Running the show: go live, next segment, end (Admin, Director).</summary>
public static class SessionControlsApi
{
    public static IEndpointRouteBuilder MapSessionControls(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions/{id:guid}").WithTags("Session controls").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/go-live", GoLive);
        sessions.MapPost("/next", Next);
        sessions.MapPost("/end", End);
        sessions.MapGet("/events", ListEvents);
        return app;
    }

    /// <summary>Goes live; a late start moves the fallback close of ordering accordingly (<see cref="RunShow"/>).</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> GoLive(Guid id, RunShow show, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await show.GoLiveAsync(id, ct));

    /// <summary>Next segment; the studio's switcher and graphics follow in the background (never delaying the answer).</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> Next(Guid id, RunShow show, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await show.NextAsync(id, ct));

    /// <summary>Ends the show and schedules the close of ordering <c>orderGraceMinutes</c> later.</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> End(Guid id, RunShow show, CancellationToken ct) =>
        UseCaseEndpoint.Ok(await show.EndAsync(id, ct));

    public static async Task<Results<Ok<List<SessionEventResponse>>, ProblemHttpResult>> ListEvents(Guid id, OcopDbContext db, CancellationToken ct) =>
        await SessionQueries.EventsAsync(db, id, ct) is { } events ? TypedResults.Ok(events) : SessionRefusals.NotFound.ToProblem();
}
