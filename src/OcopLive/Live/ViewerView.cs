using OcopLive.Sessions;

namespace OcopLive.Live;

/// <summary>
/// The viewer's view (<c>GET /api/sessions/{id}/now</c>, the hub's <c>now</c> event): only what a
/// phone shows, so it stays under 1 KB whatever the line-up's size. The overlay and staff keep the
/// full <see cref="LiveSnapshot"/>.
/// </summary>
public sealed record ViewerView(Guid SessionId, SessionStatus Status, ViewerCurrent? Current, ViewerTotals Totals, DateTimeOffset UpdatedAt)
{
    public static ViewerView Of(LiveSnapshot snapshot) => new(
        snapshot.SessionId,
        snapshot.Status,
        snapshot.Current is { } c
            ? new ViewerCurrent(c.Position, c.ProductId, c.Name, c.ProducerName, c.PriceVnd, c.StockLeft, SoldOut: c.StockLeft <= 0)
            : null,
        new ViewerTotals(snapshot.Totals.Orders),
        snapshot.UpdatedAt);
}

/// <summary>The product on air as a phone shows it.</summary>
public sealed record ViewerCurrent(int Position, Guid ProductId, string Name, string ProducerName, long PriceVnd, int StockLeft, bool SoldOut);

public sealed record ViewerTotals(long Orders);
