using System.Linq.Expressions;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Scheduler;

/// <summary>
/// Keeps a session's Hangfire jobs in step with its plan: (re)schedules them when the session is
/// created or changed, and deletes the old ones (their ids live in <c>session_jobs</c>). Jobs check
/// the session again when they run, so a job that escaped deletion does no harm.
/// </summary>
public sealed class SessionClock(OcopDbContext db, IBackgroundJobClient jobs, IOptions<SchedulerOptions> options, TimeProvider clock)
{
    /// <summary>Schedules the whole clock of a draft session, replacing what was scheduled before.</summary>
    public async Task ScheduleAsync(Session session, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var id = session.Id;
        var plan = new List<(SessionJobKind Kind, DateTimeOffset At, Expression<Func<SessionJobs, Task>> Job)>
        {
            (SessionJobKind.BuildLineup, session.StartsAt.AddMinutes(-o.BuildLeadMinutes),
                j => j.BuildLineupAsync(id, true, CancellationToken.None)),
            (SessionJobKind.StartingSoon, session.StartsAt.AddMinutes(-o.StartingSoonMinutes),
                j => j.StartingSoonAsync(id, CancellationToken.None)),
            (SessionJobKind.CloseOrdering, CloseAt(session),
                j => j.CloseOrderingAsync(id, CancellationToken.None)),
        };
        if (session.AutoGoLive)
        {
            plan.Add((SessionJobKind.AutoGoLive, session.StartsAt, j => j.AutoGoLiveAsync(id, CancellationToken.None)));
        }

        await CancelAsync(id, ct);
        foreach (var (kind, at, job) in plan)
        {
            // A step whose time has passed is not run late, except closing, which must happen.
            if (at <= now && kind != SessionJobKind.CloseOrdering)
            {
                continue;
            }

            db.SessionJobs.Add(new SessionJob { SessionId = id, Kind = kind, JobId = jobs.Schedule(job, at), RunAt = at });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// When ordering closes: <c>orderGraceMinutes</c> after the end; a show not ended by hand ends
    /// <c>durationMinutes</c> after it went live (or was planned to, if it went live early).
    /// </summary>
    public static DateTimeOffset CloseAt(Session s)
    {
        var start = s.WentLiveAt is { } wentLive && wentLive > s.StartsAt ? wentLive : s.StartsAt;
        return (s.EndedAt ?? start.AddMinutes(s.DurationMinutes)).AddMinutes(s.OrderGraceMinutes);
    }

    /// <summary>
    /// After <c>go-live</c> (a late start moves the fallback close) and after <c>end</c> (ordering
    /// closes <c>orderGraceMinutes</c> later): replaces the scheduled close.
    /// </summary>
    public async Task ScheduleCloseAsync(Session session, CancellationToken ct)
    {
        var at = CloseAt(session);
        var id = session.Id;
        var old = await db.SessionJobs.Where(j => j.SessionId == id && j.Kind == SessionJobKind.CloseOrdering).ToListAsync(ct);
        foreach (var job in old)
        {
            jobs.Delete(job.JobId);
        }

        db.SessionJobs.RemoveRange(old);
        db.SessionJobs.Add(new SessionJob
        {
            SessionId = id,
            Kind = SessionJobKind.CloseOrdering,
            JobId = jobs.Schedule<SessionJobs>(j => j.CloseOrderingAsync(id, CancellationToken.None), at),
            RunAt = at,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes every scheduled job of the session (the caller saves).</summary>
    public async Task CancelAsync(Guid sessionId, CancellationToken ct)
    {
        var old = await db.SessionJobs.Where(j => j.SessionId == sessionId).ToListAsync(ct);
        foreach (var job in old)
        {
            jobs.Delete(job.JobId);
        }

        db.SessionJobs.RemoveRange(old);
    }
}
