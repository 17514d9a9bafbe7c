using Microsoft.EntityFrameworkCore;
using OcopLive.Data;

namespace OcopLive.Sessions;

/// <summary>One line of the broadcast rundown: a segment with its product, times and stock.</summary>
public sealed record RundownRow(
    int Position,
    Guid ProductId,
    string ProductName,
    Guid ProducerId,
    string ProducerName,
    int OcopStars,
    DateTimeOffset PlannedStart,
    int Minutes,
    long PriceVnd,
    DateTimeOffset? ActualStart,
    DateTimeOffset? ActualEnd,
    DateTimeOffset BackTime,
    int StockLeft,
    int InitialStock)
{
    /// <summary>Running over (positive) or under (negative) the planned length, for a finished segment.</summary>
    public TimeSpan? OverUnder => ActualStart is { } s && ActualEnd is { } e ? e - s - TimeSpan.FromMinutes(Minutes) : null;

    public string StockState => StockAlerts.State(StockLeft, InitialStock);
}

public static class StockAlerts
{
    /// <summary>"sold-out", "low" (under 10 % of the stock at the start of the session, or under 20 units) or "ok".</summary>
    public static string State(int stockLeft, int initialStock) =>
        stockLeft <= 0 ? "sold-out" : stockLeft < 20 || stockLeft * 10 < initialStock ? "low" : "ok";
}

/// <summary>Reads a session's rundown for the control room and the planning pages.</summary>
public static class Rundown
{
    public static async Task<List<RundownRow>> ReadAsync(OcopDbContext db, Session session, CancellationToken ct)
    {
        var rows = await (from s in db.Segments.AsNoTracking()
                          join p in db.Products on s.ProductId equals p.Id
                          join r in db.Producers on s.ProducerId equals r.Id
                          where s.SessionId == session.Id
                          orderby s.Position
                          select new
                          {
                              s.Position,
                              s.ProductId,
                              ProductName = p.Name,
                              s.ProducerId,
                              ProducerName = r.Name,
                              p.OcopStars,
                              s.PlannedStart,
                              s.Minutes,
                              s.PriceVnd,
                              s.ActualStart,
                              s.ActualEnd,
                              p.Stock,
                              Sold = db.ProductSales.Where(x => x.SessionId == session.Id && x.ProductId == s.ProductId)
                                  .Select(x => (int?)x.Units).FirstOrDefault() ?? 0,
                          }).ToListAsync(ct);

        // Back-time: the latest moment a segment may start for the rest of the show to end with the slot.
        var endsAt = session.StartsAt.AddMinutes(session.DurationMinutes);
        var remaining = 0;
        var result = new RundownRow[rows.Count];
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var x = rows[i];
            remaining += x.Minutes;
            result[i] = new RundownRow(x.Position, x.ProductId, x.ProductName, x.ProducerId, x.ProducerName, x.OcopStars, x.PlannedStart,
                x.Minutes, x.PriceVnd, x.ActualStart, x.ActualEnd, endsAt.AddMinutes(-remaining), x.Stock, x.Stock + x.Sold);
        }

        return [.. result];
    }
}
