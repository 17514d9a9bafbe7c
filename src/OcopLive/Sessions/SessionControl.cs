using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Lineups;

namespace OcopLive.Sessions;

/// <summary>Why a transition was refused: the problem word (e.g. <c>session-not-live</c>) and a title.</summary>
public sealed record ControlRefusal(string Word, string Title)
{
    public static ControlRefusal NotFound { get; } = new("not-found", Problems.SessionNotFoundTitle);
    public static ControlRefusal LineupEmpty { get; } = new("lineup-empty", "Kịch bản chưa có phân đoạn nào (the line-up has no segments)");
    public static ControlRefusal AlreadyLive { get; } = new("session-already-live", "Phiên đang lên sóng (the session is already live)");
    public static ControlRefusal AlreadyEnded { get; } = new("session-ended", "Phiên đã kết thúc (the session has ended)");
    public static ControlRefusal NotLive { get; } = new("session-not-live", "Phiên chưa lên sóng (the session is not live)");
    public static ControlRefusal NoNext { get; } = new("no-next-segment", "Đã là phân đoạn cuối (this is the last segment)");
}

public sealed record ControlOutcome(Session? Session, Segment? Current, ControlRefusal? Refusal)
{
    public static ControlOutcome Refused(ControlRefusal refusal) => new(null, null, refusal);
}

/// <summary>
/// The show's state machine (Draft → Live → Ended → Closed) and the segment on air. Every
/// transition locks the session row (SELECT … FOR UPDATE), so two concurrent <c>next</c> calls
/// advance one segment each, in turn, and never skip one.
/// </summary>
public static class SessionControl
{
    public static async Task<ControlOutcome> GoLiveAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return ControlOutcome.Refused(ControlRefusal.NotFound);
        }

        if (session.Status != SessionStatus.Draft)
        {
            return ControlOutcome.Refused(session.Status == SessionStatus.Live ? ControlRefusal.AlreadyLive : ControlRefusal.AlreadyEnded);
        }

        var first = await db.Segments.Where(s => s.SessionId == id).OrderBy(s => s.Position).FirstOrDefaultAsync(ct);
        if (first is null)
        {
            return ControlOutcome.Refused(ControlRefusal.LineupEmpty);
        }

        session.Status = SessionStatus.Live;
        session.LineupState = LineupState.Locked;
        session.WentLiveAt = now;
        session.CurrentPosition = first.Position;
        first.ActualStart = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ControlOutcome(session, first, null);
    }

    public static async Task<ControlOutcome> NextAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return ControlOutcome.Refused(ControlRefusal.NotFound);
        }

        if (session.Status != SessionStatus.Live || session.CurrentPosition is not { } position)
        {
            return ControlOutcome.Refused(session.Status is SessionStatus.Draft ? ControlRefusal.NotLive : ControlRefusal.AlreadyEnded);
        }

        var pair = await db.Segments.Where(s => s.SessionId == id && s.Position >= position).OrderBy(s => s.Position).Take(2).ToListAsync(ct);
        if (pair.Count < 2)
        {
            return ControlOutcome.Refused(ControlRefusal.NoNext);
        }

        pair[0].ActualEnd = now;
        pair[1].ActualStart = now;
        session.CurrentPosition = pair[1].Position;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ControlOutcome(session, pair[1], null);
    }

    public static async Task<ControlOutcome> EndAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return ControlOutcome.Refused(ControlRefusal.NotFound);
        }

        if (session.Status != SessionStatus.Live)
        {
            return ControlOutcome.Refused(session.Status is SessionStatus.Draft ? ControlRefusal.NotLive : ControlRefusal.AlreadyEnded);
        }

        if (session.CurrentPosition is { } position)
        {
            await db.Segments.Where(s => s.SessionId == id && s.Position == position && s.ActualEnd == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ActualEnd, now), ct);
        }

        session.Status = SessionStatus.Ended;
        session.EndedAt = now;
        session.CurrentPosition = null;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ControlOutcome(session, null, null);
    }

    /// <summary>PostgreSQL keeps microseconds: the answer shows the time exactly as it is stored.</summary>
    private static DateTimeOffset ToMicroseconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % 10), t.Offset);

    /// <summary>Reads the session with a row lock held until the caller's transaction ends.</summary>
    /// <summary>
    /// Locks the session row for a state change. The exclusive advisory lock first waits for order
    /// batches in flight on this session (they hold it shared, see OrderBatchWriter), so no order is
    /// accepted after the session closed.
    /// </summary>
    public static async Task<Session?> LockAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({id}::text, {OrderingLockSeed}))", ct);
        return await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
    }

    /// <summary>Seed of the advisory lock key that order batches and session state changes share.</summary>
    public const long OrderingLockSeed = 20_251_001;
}
