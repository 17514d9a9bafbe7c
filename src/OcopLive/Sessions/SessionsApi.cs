using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>Planning sessions and registering their products (Admin, Director); the work is <see cref="SessionPlanning"/>'s.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/api/sessions").WithTags("Sessions").RequireAuthorization(Policies.Staff);
        sessions.MapPost("/", CreateSession).Accepts<SessionRequest>("application/json").ProducesBodyProblems();
        sessions.MapGet("/", ListSessions);
        sessions.MapGet("/{id:guid}", GetSession).ProducesProblem(StatusCodes.Status404NotFound);
        sessions.MapPatch("/{id:guid}", PatchSession).Accepts<SessionRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapDelete("/{id:guid}", DeleteSession).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapPost("/{id:guid}/entries", AddEntry).Accepts<EntryRequest>("application/json").ProducesBodyProblems()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        sessions.MapGet("/{id:guid}/entries", ListEntries).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static Task<Results<Created<SessionResponse>, ProblemHttpResult>> CreateSession(
        HttpRequest request, SessionPlanning planning, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<SessionRequest, Session, SessionResponse>(request, r => planning.CreateAsync(r, ct),
            s => $"/api/sessions/{s.Id}", SessionResponse.From, ct);

    public static async Task<Ok<List<SessionResponse>>> ListSessions(OcopDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await SessionQueries.ListAsync(db, ct));

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetSession(Guid id, OcopDbContext db, CancellationToken ct) =>
        await SessionQueries.GetAsync(db, id, ct) is { } session ? TypedResults.Ok(session) : Problems.SessionNotFound();

    public static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> PatchSession(
        Guid id, HttpRequest request, SessionPlanning planning, CancellationToken ct) =>
        UseCaseEndpoint.ChangeAsync<JsonObject, Session, SessionResponse>(request, patch => planning.ChangeAsync(id, patch, ct),
            SessionResponse.From, ct);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteSession(Guid id, SessionPlanning planning, CancellationToken ct) =>
        await planning.DeleteAsync(id, ct) is { } refusal ? refusal.ToProblem() : TypedResults.NoContent();

    public static Task<Results<Created<EntryResponse>, ProblemHttpResult>> AddEntry(
        Guid id, HttpRequest request, SessionPlanning planning, CancellationToken ct) =>
        UseCaseEndpoint.CreateAsync<EntryRequest, EntryResponse, EntryResponse>(request, r => planning.AddEntryAsync(id, r, ct),
            e => $"/api/sessions/{id}/entries/{e.Id}", e => e, ct);

    public static async Task<Results<Ok<List<EntryResponse>>, ProblemHttpResult>> ListEntries(Guid id, OcopDbContext db, CancellationToken ct) =>
        await SessionQueries.EntriesAsync(db, id, ct) is { } entries ? TypedResults.Ok(entries) : Problems.SessionNotFound();
}
