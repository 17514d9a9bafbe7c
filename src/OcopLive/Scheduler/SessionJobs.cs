using Hangfire;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Scheduler;

/// <summary>
/// The session clock's Hangfire jobs. Each takes the session id, reads the session again and acts
/// only when the session still needs it, so a job that runs twice (retry, two nodes, a reschedule
/// that raced) has the effect of one run.
/// </summary>
public sealed class SessionJobs(
    RunShow show,
    OcopMetrics metrics,
    OcopDbContext db,
    LineupService lineups,
    IBackgroundJobClient jobs,
    ILiveNotifier notifier,
    TimeProvider clock,
    ILogger<SessionJobs> logger)
{
    /// <summary>Tolerance for a job that fires a little early (clock skew between nodes).</summary>
    private static readonly TimeSpan Early = TimeSpan.FromSeconds(5);


    [AutomaticRetry(Attempts = 3)]
    public async Task BuildLineupAsync(Guid sessionId, bool scheduled, CancellationToken ct)
    {
        var built = await lineups.BuildAsync(sessionId, scheduled, ct);
        logger.LogInformation("Line-up of session {SessionId}: {Result}", sessionId, built ? "built" : "nothing to do");
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task StartingSoonAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not { Status: SessionStatus.Draft })
        {
            return;
        }

        var message = $"Phiên \"{session.Title}\" sắp lên sóng lúc {VnFormat.Time(session.StartsAt)} (starting soon).";
        await AddEventOnceAsync(sessionId, "starting-soon", message, ct);
    }

    [AutomaticRetry(Attempts = 3)]
    public async Task AutoGoLiveAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        var now = clock.GetUtcNow();
        // Not before the start, and not at all once the planned slot is over (e.g. the app was down).
        if (session is not { Status: SessionStatus.Draft, AutoGoLive: true } || now < session.StartsAt - Early
            || now > session.StartsAt.AddMinutes(session.DurationMinutes))
        {
            return;
        }

        if (session.LineupState is LineupState.None or LineupState.Building)
        {
            await lineups.BuildAsync(sessionId, scheduled: true, ct);
        }

        var outcome = await SessionControl.GoLiveAsync(db, sessionId, now, ct);
        if (outcome.Refusal is { } refusal)
        {
            if (refusal == SessionRefusals.LineupEmpty)
            {
                await AddEventOnceAsync(sessionId, "auto-go-live-failed", "Không thể tự lên sóng: kịch bản trống (line-up empty).", ct);
            }

            return;
        }

        await show.WentLiveAsync(outcome.Value!, ct);
        await AddEventOnceAsync(sessionId, "auto-go-live", "Phiên tự động lên sóng (went live automatically).", ct);
        await notifier.SegmentChangedAsync(sessionId, ct);
    }

    /// <summary>
    /// Closes ordering once the grace after the end has passed. A session never ended by hand is
    /// ended first, at its duration after going live. Only the run that closes it asks for the reports.
    /// </summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task CloseOrderingAsync(Guid sessionId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await SessionControl.LockAsync(db, sessionId, ct);
        if (session is null || session.Status is SessionStatus.Draft or SessionStatus.Closed)
        {
            return;
        }

        var closeAt = SessionClock.CloseAt(session);
        if (now < closeAt - Early)
        {
            return;
        }

        metrics.JobLateness.Record(Math.Max(0, (now - closeAt).TotalMilliseconds),
            new KeyValuePair<string, object?>("job", "CloseOrdering"));
        var endedAt = closeAt.AddMinutes(-session.OrderGraceMinutes);

        if (session.Status == SessionStatus.Live)
        {
            if (session.CurrentPosition is { } position)
            {
                await db.Segments.Where(s => s.SessionId == sessionId && s.Position == position && s.ActualEnd == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.ActualEnd, endedAt), ct);
            }

            session.EndedAt = endedAt;
            session.CurrentPosition = null;
        }

        session.Status = SessionStatus.Closed;
        session.ClosedAt = now;
        db.SessionEvents.Add(new SessionEvent { SessionId = sessionId, Kind = "ordering-closed", Message = "Đã đóng nhận đơn (ordering closed).", At = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        jobs.Enqueue<SessionJobs>(j => j.WriteReportsAsync(sessionId, CancellationToken.None));
        await notifier.SegmentChangedAsync(sessionId, ct);
    }

    /// <summary>The post-session report per producer and product; rewritten whole, so a second run changes nothing.</summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task WriteReportsAsync(Guid sessionId, CancellationToken ct)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not { Status: SessionStatus.Closed })
        {
            return;
        }

        var sales = await db.Orders.AsNoTracking()
            .Where(o => o.SessionId == sessionId && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.ProducerId, o.ProductId })
            .Select(g => new { g.Key.ProducerId, g.Key.ProductId, Orders = g.Count(), Units = g.Sum(o => o.Quantity), Revenue = g.Sum(o => o.TotalVnd) })
            .ToListAsync(ct);
        var onAir = await db.Segments.AsNoTracking().Where(s => s.SessionId == sessionId)
            .Select(s => new { s.ProducerId, s.ProductId }).ToListAsync(ct);
        var keys = sales.Select(s => (s.ProducerId, s.ProductId)).Union(onAir.Select(s => (s.ProducerId, s.ProductId))).ToList();
        var productIds = keys.Select(k => k.ProductId).Distinct().ToList();
        var names = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two runs at once (a retry, another node) take turns on the session row.
        if (await SessionControl.LockAsync(db, sessionId, ct) is null)
        {
            return;
        }

        await db.ProducerReportLines.Where(l => l.SessionId == sessionId).ExecuteDeleteAsync(ct);
        await db.SessionEvents.Where(e => e.SessionId == sessionId && e.Kind == "report-written").ExecuteDeleteAsync(ct);
        foreach (var (producerId, productId) in keys)
        {
            var sold = sales.FirstOrDefault(s => s.ProducerId == producerId && s.ProductId == productId);
            db.ProducerReportLines.Add(new ProducerReportLine
            {
                SessionId = sessionId,
                ProducerId = producerId,
                ProductId = productId,
                ProductName = names.GetValueOrDefault(productId, "?"),
                Orders = sold?.Orders ?? 0,
                Units = sold?.Units ?? 0,
                RevenueVnd = sold?.Revenue ?? 0,
                GeneratedAt = now,
            });
        }

        db.SessionEvents.Add(new SessionEvent
        {
            SessionId = sessionId,
            Kind = "report-written",
            Message = $"Báo cáo sau phiên cho {keys.Select(k => k.ProducerId).Distinct().Count()} chủ thể (post-session reports written).",
            At = now,
        });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task AddEventOnceAsync(Guid sessionId, string kind, string message, CancellationToken ct)
    {
        if (await db.SessionEvents.AnyAsync(e => e.SessionId == sessionId && e.Kind == kind && e.Message == message, ct))
        {
            return;
        }

        db.SessionEvents.Add(new SessionEvent { SessionId = sessionId, Kind = kind, Message = message, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Session {SessionId}: {Kind}", sessionId, kind);
    }
}
