using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Live;
using OcopLive.Scheduler;
using OcopLive.Studio;

namespace OcopLive.Sessions;

/// <summary>
/// The control room's go live, next segment and end: the transition (<see cref="SessionControl"/>),
/// then the studio's switcher and graphics in the background (never delaying the answer), the
/// fallback close of ordering (moved by a late start; <c>orderGraceMinutes</c> after the end), and
/// the live pages told the segment changed.
/// </summary>
public sealed class RunShow(OcopDbContext db, TimeProvider clock, ILiveNotifier notifier, SessionClock sessionClock, StudioLanes studio)
{
    public async Task<Outcome<SessionControlResponse>> GoLiveAsync(Guid id, CancellationToken ct)
    {
        var outcome = await SessionControl.GoLiveAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Value is { } done)
        {
            await WentLiveAsync(done, ct);
        }

        return await AnnounceAsync(outcome, ct);
    }

    /// <summary>What follows going live, by hand or by the auto go-live job: the studio's first segment, and the close of ordering moved by a late start.</summary>
    public async Task WentLiveAsync(SessionTransition done, CancellationToken ct)
    {
        studio.SegmentChanged(done.Session.Id, Transition.GoLive, done.Current?.Position, done.Current?.ProductId);
        await sessionClock.ScheduleCloseAsync(done.Session, ct);
    }

    public async Task<Outcome<SessionControlResponse>> NextAsync(Guid id, CancellationToken ct)
    {
        var outcome = await SessionControl.NextAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Value is { } done)
        {
            studio.SegmentChanged(done.Session.Id, Transition.Next, done.Current?.Position, done.Current?.ProductId);
        }

        return await AnnounceAsync(outcome, ct);
    }

    public async Task<Outcome<SessionControlResponse>> EndAsync(Guid id, CancellationToken ct)
    {
        var outcome = await SessionControl.EndAsync(db, id, clock.GetUtcNow(), ct);
        if (outcome.Value is { } done)
        {
            studio.SegmentChanged(done.Session.Id, Transition.End, null, null);
            await sessionClock.ScheduleCloseAsync(done.Session, ct);
        }

        return await AnnounceAsync(outcome, ct);
    }

    private async Task<Outcome<SessionControlResponse>> AnnounceAsync(Outcome<SessionTransition> outcome, CancellationToken ct)
    {
        if (outcome.Refusal is { } refusal)
        {
            return refusal;
        }

        await notifier.SegmentChangedAsync(outcome.Value!.Session.Id, ct);
        return await SessionQueries.ControlViewAsync(db, outcome.Value, ct);
    }
}
