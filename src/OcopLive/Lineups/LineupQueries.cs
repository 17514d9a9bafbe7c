using Microsoft.EntityFrameworkCore;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Lineups;

/// <summary>A session's line-up as the API, the planning page and the handlers show it.</summary>
public static class LineupQueries
{
    /// <summary>The segments in order and what was left out; null for an unknown session.</summary>
    public static async Task<LineupResponse?> ReadAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        var state = await db.Sessions.AsNoTracking().Where(s => s.Id == id).Select(s => (LineupState?)s.LineupState).FirstOrDefaultAsync(ct);
        if (state is null)
        {
            return null;
        }

        var segments = await (
                from s in db.Segments.AsNoTracking()
                join p in db.Products on s.ProductId equals p.Id
                where s.SessionId == id
                orderby s.Position
                select new SegmentResponse(s.Position, s.ProductId, p.Name, s.ProducerId, p.Producer!.Name, s.PlannedStart, s.Minutes,
                    s.PriceVnd, s.Reason, s.ActualStart, s.ActualEnd))
            .ToListAsync(ct);
        var leftOut = await (
                from l in db.LineupLeftOuts.AsNoTracking()
                join p in db.Products on l.ProductId equals p.Id
                where l.SessionId == id
                orderby p.Name
                select new LeftOutResponse(l.ProductId, p.Name, l.Reason))
            .ToListAsync(ct);
        return new LineupResponse(id, state.Value, segments, leftOut);
    }
}
