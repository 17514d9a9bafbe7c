using Microsoft.EntityFrameworkCore;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>The reads of sessions, their entries, events, sales per minute and programmes that the API and the handlers share.</summary>
public static class SessionQueries
{
    /// <summary>The newest 200 sessions, latest start first.</summary>
    public static async Task<List<SessionResponse>> ListAsync(OcopDbContext db, CancellationToken ct)
    {
        var sessions = await db.Sessions.AsNoTracking().OrderByDescending(s => s.StartsAt).Take(200).ToListAsync(ct);
        return sessions.ConvertAll(SessionResponse.From);
    }

    /// <summary>One session; null when there is none.</summary>
    public static async Task<SessionResponse?> GetAsync(OcopDbContext db, Guid id, CancellationToken ct) =>
        await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } session ? SessionResponse.From(session) : null;

    public static Task<bool> ExistsAsync(OcopDbContext db, Guid id, CancellationToken ct) => db.Sessions.AnyAsync(s => s.Id == id, ct);

    /// <summary>The products registered for a session, oldest first; null when there is no such session.</summary>
    public static async Task<List<EntryResponse>?> EntriesAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        if (!await ExistsAsync(db, id, ct))
        {
            return null;
        }

        return await db.SessionEntries.AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.CreatedAt)
            .Select(e => new EntryResponse(e.Id, e.SessionId, e.ProductId, e.Product!.Name, e.Product.ProducerId, e.Minutes,
                e.DealPriceVnd, e.LimitPerCustomer, e.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>A session's event log, in order; null when there is no such session.</summary>
    public static async Task<List<SessionEventResponse>?> EventsAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        if (!await ExistsAsync(db, id, ct))
        {
            return null;
        }

        return await db.SessionEvents.AsNoTracking().Where(e => e.SessionId == id).OrderBy(e => e.At).ThenBy(e => e.Id)
            .Select(e => new SessionEventResponse(e.Kind, e.Message, e.At)).ToListAsync(ct);
    }

    /// <summary>
    /// Buckets per UTC minute, oldest first, only minutes that had orders (the chart fills the
    /// gaps); <paramref name="productId"/> narrows to one product. Null when there is no such session.
    /// The column aliases are snake_case because the naming convention maps the result record's properties too.
    /// </summary>
    public static async Task<SalesPerMinute?> SalesPerMinuteAsync(OcopDbContext db, Guid id, Guid? productId, CancellationToken ct)
    {
        if (!await ExistsAsync(db, id, ct))
        {
            return null;
        }

        var buckets = await db.Database.SqlQuery<SalesMinute>(
            $"""
            SELECT date_trunc('minute', created_at) AS minute, count(*)::int AS orders,
                   coalesce(sum(quantity), 0)::int AS units, coalesce(sum(total_vnd), 0)::bigint AS revenue_vnd
              FROM orders
             WHERE session_id = {id} AND status <> 'Cancelled' AND ({productId}::uuid IS NULL OR product_id = {productId}::uuid)
             GROUP BY 1
             ORDER BY 1
            """).ToListAsync(ct);
        return new SalesPerMinute(id, productId, buckets);
    }

    /// <summary>The session after a transition as the control room sees it, with the segment on air and its product's name.</summary>
    public static async Task<SessionControlResponse> ControlViewAsync(OcopDbContext db, SessionTransition transition, CancellationToken ct)
    {
        var s = transition.Session;
        CurrentSegment? current = null;
        if (transition.Current is { } seg)
        {
            var name = await db.Products.AsNoTracking().Where(p => p.Id == seg.ProductId).Select(p => p.Name).FirstAsync(ct);
            current = new CurrentSegment(seg.Position, seg.ProductId, name, seg.ProducerId, seg.PlannedStart, seg.Minutes, seg.PriceVnd, seg.ActualStart);
        }

        return new SessionControlResponse(s.Id, s.Title, s.Status, s.StartsAt, s.DurationMinutes,
            SessionRules.EndsAt(s), s.OrderGraceMinutes, s.Channel, s.AutoGoLive, s.LineupState, s.CurrentPosition,
            s.WentLiveAt, s.EndedAt, s.ClosedAt, s.CreatedAt, current);
    }

    /// <summary>The recurring shows, by title.</summary>
    public static async Task<List<ProgrammeResponse>> ProgrammesAsync(OcopDbContext db, CancellationToken ct)
    {
        var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.Title).ToListAsync(ct);
        return programmes.ConvertAll(ProgrammeResponse.From);
    }
}
