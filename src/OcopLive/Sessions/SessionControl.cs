using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Lineups;

namespace OcopLive.Sessions;

/// <summary>Why a transition was refused: the problem word (e.g. <c>session-not-live</c>) and a title.</summary>
public static class SessionRefusals
{
    public static Refusal NotFound { get; } = Refusal.NotFound(Problems.SessionNotFoundTitle);
    public static Refusal LineupEmpty { get; } = Refusal.Conflict("lineup-empty", "Kịch bản chưa có phân đoạn nào (the line-up has no segments)");
    public static Refusal AlreadyLive { get; } = Refusal.Conflict("session-already-live", "Phiên đang lên sóng (the session is already live)");
    public static Refusal AlreadyEnded { get; } = Refusal.Conflict("session-ended", "Phiên đã kết thúc (the session has ended)");
    public static Refusal NotLive { get; } = Refusal.Conflict("session-not-live", "Phiên chưa lên sóng (the session is not live)");
    public static Refusal NoNext { get; } = Refusal.Conflict("no-next-segment", "Đã là phân đoạn cuối (this is the last segment)");
}

/// <summary>A session after a transition, and the segment on air (none once it ended).</summary>
public sealed record SessionTransition(Session Session, Segment? Current);

/// <summary>
/// The show's state machine (Draft → Live → Ended → Closed) and the segment on air. Every
/// transition locks the session row (SELECT … FOR UPDATE), so two concurrent <c>next</c> calls
/// advance one segment each, in turn, and never skip one.
/// </summary>
public static class SessionControl
{
    public static async Task<Outcome<SessionTransition>> GoLiveAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return SessionRefusals.NotFound;
        }

        if (session.Status != SessionStatus.Draft)
        {
            return session.Status == SessionStatus.Live ? SessionRefusals.AlreadyLive : SessionRefusals.AlreadyEnded;
        }

        var first = await db.Segments.Where(s => s.SessionId == id).OrderBy(s => s.Position).FirstOrDefaultAsync(ct);
        if (first is null)
        {
            return SessionRefusals.LineupEmpty;
        }

        session.Status = SessionStatus.Live;
        session.LineupState = LineupState.Locked;
        session.WentLiveAt = now;
        session.CurrentPosition = first.Position;
        first.ActualStart = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SessionTransition(session, first);
    }

    public static async Task<Outcome<SessionTransition>> NextAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return SessionRefusals.NotFound;
        }

        if (session.Status != SessionStatus.Live || session.CurrentPosition is not { } position)
        {
            return session.Status is SessionStatus.Draft ? SessionRefusals.NotLive : SessionRefusals.AlreadyEnded;
        }

        var pair = await db.Segments.Where(s => s.SessionId == id && s.Position >= position).OrderBy(s => s.Position).Take(2).ToListAsync(ct);
        if (pair.Count < 2)
        {
            return SessionRefusals.NoNext;
        }

        pair[0].ActualEnd = now;
        pair[1].ActualStart = now;
        session.CurrentPosition = pair[1].Position;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SessionTransition(session, pair[1]);
    }

    public static async Task<Outcome<SessionTransition>> EndAsync(OcopDbContext db, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        now = ToMicroseconds(now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await LockAsync(db, id, ct);
        if (session is null)
        {
            return SessionRefusals.NotFound;
        }

        if (session.Status != SessionStatus.Live)
        {
            return session.Status is SessionStatus.Draft ? SessionRefusals.NotLive : SessionRefusals.AlreadyEnded;
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
        return new SessionTransition(session, null);
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
