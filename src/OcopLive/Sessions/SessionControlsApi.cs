using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Scheduler;
using OcopLive.Studio;

namespace OcopLive.Sessions;

/// <summary>The segment on air, as the control room sees it.</summary>
public sealed record CurrentSegment(
    int Position, Guid ProductId, string ProductName, Guid ProducerId, DateTimeOffset PlannedStart, int Minutes, long PriceVnd,
    DateTimeOffset? ActualStart);

/// <summary>The session (the same fields as <see cref="SessionResponse"/>) and the segment on air.</summary>
public sealed record SessionControlResponse(
    Guid Id,
    string Title,
    SessionStatus Status,
    DateTimeOffset StartsAt,
    int DurationMinutes,
    DateTimeOffset EndsAt,
    int OrderGraceMinutes,
    string? Channel,
    bool AutoGoLive,
    LineupState LineupState,
    int? CurrentPosition,
    DateTimeOffset? WentLiveAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    CurrentSegment? Current);

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

    /// <summary>Goes live; a late start moves the fallback close of ordering accordingly.</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> GoLive(
        Guid id, OcopDbContext db, TimeProvider clock, ILiveNotifier notifier, SessionClock sessionClock, StudioLanes studio, CancellationToken ct)
    {
        var outcome = await SessionControl.GoLiveAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Session is { } session)
        {
            studio.SegmentChanged(session.Id, Transition.GoLive, outcome.Current?.Position, outcome.Current?.ProductId);
            await sessionClock.ScheduleCloseAsync(session, ct);
        }

        return await RespondAsync(db, notifier, outcome, ct);
    }

    /// <summary>Next segment; the studio's switcher and graphics follow in the background (never delaying the answer).</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> Next(
        Guid id, OcopDbContext db, TimeProvider clock, ILiveNotifier notifier, StudioLanes studio, CancellationToken ct)
    {
        var outcome = await SessionControl.NextAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Session is { } session)
        {
            studio.SegmentChanged(session.Id, Transition.Next, outcome.Current?.Position, outcome.Current?.ProductId);
        }

        return await RespondAsync(db, notifier, outcome, ct);
    }

    /// <summary>Ends the show and schedules the close of ordering <c>orderGraceMinutes</c> later.</summary>
    public static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> End(
        Guid id, OcopDbContext db, TimeProvider clock, ILiveNotifier notifier, SessionClock sessionClock, StudioLanes studio, CancellationToken ct)
    {
        var outcome = await SessionControl.EndAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Session is { } session)
        {
            studio.SegmentChanged(session.Id, Transition.End, null, null);
            await sessionClock.ScheduleCloseAsync(session, ct);
        }

        return await RespondAsync(db, notifier, outcome, ct);
    }

    public static async Task<Results<Ok<List<SessionEventResponse>>, ProblemHttpResult>> ListEvents(Guid id, OcopDbContext db, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.NotFound(ControlRefusal.NotFound.Title);
        }

        var events = await db.SessionEvents.AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new SessionEventResponse(e.Kind, e.Message, e.At)).ToListAsync(ct);
        return TypedResults.Ok(events);
    }

    private static async Task<Results<Ok<SessionControlResponse>, ProblemHttpResult>> RespondAsync(
        OcopDbContext db, ILiveNotifier notifier, ControlOutcome outcome, CancellationToken ct)
    {
        if (outcome.Refusal is { } refusal)
        {
            return refusal == ControlRefusal.NotFound ? Problems.NotFound(refusal.Title) : Problems.Conflict(refusal.Word, refusal.Title);
        }

        var s = outcome.Session!;
        await notifier.SegmentChangedAsync(s.Id, ct);
        CurrentSegment? current = null;
        if (outcome.Current is { } seg)
        {
            var name = await db.Products.AsNoTracking().Where(p => p.Id == seg.ProductId).Select(p => p.Name).FirstAsync(ct);
            current = new CurrentSegment(seg.Position, seg.ProductId, name, seg.ProducerId, seg.PlannedStart, seg.Minutes, seg.PriceVnd, seg.ActualStart);
        }

        return TypedResults.Ok(new SessionControlResponse(s.Id, s.Title, s.Status, s.StartsAt, s.DurationMinutes,
            SessionRules.EndsAt(s), s.OrderGraceMinutes, s.Channel, s.AutoGoLive, s.LineupState, s.CurrentPosition,
            s.WentLiveAt, s.EndedAt, s.ClosedAt, s.CreatedAt, current));
    }
}

public sealed record SessionEventResponse(string Kind, string Message, DateTimeOffset At);
