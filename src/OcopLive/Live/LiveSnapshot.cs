using OcopLive.Sessions;

namespace OcopLive.Live;

/// <summary>
/// The live figures of a session as the contract shows them (<c>GET /api/sessions/{id}/live</c>,
/// the hub's <c>snapshot</c>, <c>counters</c> and <c>segmentChanged</c> events). Built from the
/// running totals in <c>product_sales</c>: committed, not-cancelled orders, never a recount.
/// </summary>
public sealed record LiveSnapshot(
    Guid SessionId,
    string Title,
    SessionStatus Status,
    LiveCurrent? Current,
    LiveTotals Totals,
    IReadOnlyList<LiveProduct> Products,
    int SegmentCount,
    string HotlinePhone,
    string OrderUrl,
    DateTimeOffset UpdatedAt)
{
    /// <summary>What a viewer would see change: used to skip a periodic push that would repeat the last one.</summary>
    public bool SameFiguresAs(LiveSnapshot? other)
    {
        if (other is null || other.Status != Status || other.Current?.Position != Current?.Position
            || other.Totals != Totals || other.Products.Count != Products.Count)
        {
            return false;
        }

        for (var i = 0; i < Products.Count; i++)
        {
            if (Products[i] != other.Products[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The product on air: its segment, its figures in this session and its stock now.</summary>
public sealed record LiveCurrent(
    int Position,
    Guid ProductId,
    string Name,
    Guid ProducerId,
    string ProducerName,
    short OcopStars,
    string Unit,
    long PriceVnd,
    int StockLeft,
    int Orders,
    int Units,
    long RevenueVnd);

public sealed record LiveTotals(long Orders, long Units, long RevenueVnd);

/// <summary>One product of the session: every product of the line-up, plus any product with sales.</summary>
public sealed record LiveProduct(
    Guid ProductId,
    string Name,
    Guid ProducerId,
    int Orders,
    int Units,
    long RevenueVnd,
    int StockLeft);

/// <summary>The <c>sales</c> event of <c>/hubs/producer</c>: one producer's products in one session.</summary>
public sealed record ProducerSales(Guid ProducerId, Guid SessionId, IReadOnlyList<LiveProduct> Products)
{
    public static ProducerSales Of(LiveSnapshot snapshot, Guid producerId) =>
        new(producerId, snapshot.SessionId, [.. snapshot.Products.Where(p => p.ProducerId == producerId)]);
}
