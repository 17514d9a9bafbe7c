using Microsoft.Extensions.Options;
using Npgsql;
using OcopLive.Common;
using OcopLive.Sessions;

namespace OcopLive.Live;

/// <summary>
/// Reads a session's live figures in ONE SQL statement: one round trip and one consistent
/// PostgreSQL snapshot, so the totals, the product on air and the stock all describe the same
/// instant. Raw SQL rather than EF here because this is the broadcast's hot path (up to ten
/// reads a second per live session) and the result is a projection, not entities.
/// </summary>
public sealed class LiveFigures(NpgsqlDataSource dataSource, IOptions<OcopLiveOptions> options, TimeProvider clock, OcopMetrics metrics)
{
    /// <summary>Who asked for a read: the <c>by</c> tag of the <c>ocoplive.live.reads</c> metric.</summary>
    public enum By
    {
        /// <summary>The notifier's flush or periodic refresh.</summary>
        Notifier,

        /// <summary>A cache miss of <see cref="LiveCache"/> (API, hub joins).</summary>
        Request,

        /// <summary>A page rendered with the figures, the producer hub's join.</summary>
        Page,
    }

    // Products of the session = the line-up's products ∪ products with sales; the session row is
    // the driving table so an unknown session gives no row and an empty line-up gives one row.
    private const string Sql = """
        WITH s AS (
            SELECT id, title, status, current_position FROM sessions WHERE id = $1
        ), p AS (
            SELECT product_id, min(position) AS first_position FROM segments WHERE session_id = $1 GROUP BY product_id
            UNION ALL
            SELECT ps.product_id, NULL FROM product_sales ps
            WHERE ps.session_id = $1 AND NOT EXISTS (SELECT 1 FROM segments g WHERE g.session_id = $1 AND g.product_id = ps.product_id)
        )
        SELECT s.title, s.status, s.current_position,
               (SELECT count(*)::int FROM segments WHERE session_id = $1) AS segment_count,
               p.product_id, pr.name, pr.producer_id, pd.name AS producer_name, pr.ocop_stars, pr.unit, pr.stock,
               coalesce(ps.orders, 0), coalesce(ps.units, 0), coalesce(ps.revenue_vnd, 0),
               cur.position, cur.price_vnd
        FROM s
        LEFT JOIN p ON true
        LEFT JOIN products pr ON pr.id = p.product_id
        LEFT JOIN producers pd ON pd.id = pr.producer_id
        LEFT JOIN product_sales ps ON ps.session_id = $1 AND ps.product_id = p.product_id
        LEFT JOIN segments cur ON cur.session_id = $1 AND cur.position = s.current_position AND cur.product_id = p.product_id
        ORDER BY p.first_position NULLS LAST, pr.name
        """;

    /// <summary>The snapshot, or null when the session does not exist.</summary>
    public async Task<LiveSnapshot?> ReadAsync(Guid sessionId, By by, CancellationToken ct)
    {
        metrics.LiveReads.Add(1, new KeyValuePair<string, object?>("by", ByTag(by)));
        // Taken before the statement starts: every order committed before this instant is counted.
        var readAt = clock.GetUtcNow();
        await using var cmd = dataSource.CreateCommand(Sql);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = sessionId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);

        string? title = null;
        var status = SessionStatus.Draft;
        var segmentCount = 0;
        LiveCurrent? current = null;
        var products = new List<LiveProduct>();
        long orders = 0, units = 0, revenue = 0;
        while (await reader.ReadAsync(ct))
        {
            title ??= reader.GetString(0);
            status = Enum.Parse<SessionStatus>(reader.GetString(1));
            segmentCount = reader.GetInt32(3);
            if (await reader.IsDBNullAsync(4, ct))
            {
                continue;
            }

            var product = new LiveProduct(
                ProductId: reader.GetGuid(4),
                Name: reader.GetString(5),
                ProducerId: reader.GetGuid(6),
                Orders: reader.GetInt32(11),
                Units: reader.GetInt32(12),
                RevenueVnd: reader.GetInt64(13),
                StockLeft: reader.GetInt32(10));
            products.Add(product);
            orders += product.Orders;
            units += product.Units;
            revenue += product.RevenueVnd;
            if (!await reader.IsDBNullAsync(14, ct))
            {
                current = new LiveCurrent(
                    Position: reader.GetInt32(14),
                    ProductId: product.ProductId,
                    Name: product.Name,
                    ProducerId: product.ProducerId,
                    ProducerName: reader.GetString(7),
                    OcopStars: reader.GetInt16(8),
                    Unit: reader.GetString(9),
                    PriceVnd: reader.GetInt64(15),
                    StockLeft: product.StockLeft,
                    Orders: product.Orders,
                    Units: product.Units,
                    RevenueVnd: product.RevenueVnd);
            }
        }

        if (title is null)
        {
            return null;
        }

        if (status == SessionStatus.Draft)
        {
            // Anyone with the id may read these figures: until the session goes live its line-up
            // and deal prices are the studio's business. A draft shows its title and status only.
            products.Clear();
            segmentCount = 0;
            current = null;
            (orders, units, revenue) = (0, 0, 0);
        }

        var o = options.Value;
        return new LiveSnapshot(sessionId, title, status, current, new LiveTotals(orders, units, revenue), products,
            segmentCount, o.HotlinePhone, OrderUrl(o.PublicBaseUrl, sessionId), readAt);
    }

    private static string ByTag(By by) => by switch
    {
        By.Notifier => "notifier",
        By.Request => "request",
        _ => "page",
    };

    /// <summary>The viewer order page; absolute when a public base URL is configured.</summary>
    public static string OrderUrl(string? baseUrl, Guid sessionId) =>
        $"{(baseUrl ?? "").TrimEnd('/')}/s/{sessionId}";

    private static readonly string ActiveSessionsOfProducerSql = $"""
        SELECT s.id FROM sessions s
        WHERE s.status IN {SessionStatuses.TakingOrdersSql}
          AND (EXISTS (SELECT 1 FROM segments g WHERE g.session_id = s.id AND g.producer_id = $1)
            OR EXISTS (SELECT 1 FROM product_sales ps WHERE ps.session_id = s.id AND ps.producer_id = $1))
        ORDER BY s.starts_at DESC
        LIMIT 20
        """;

    /// <summary>The sessions still taking orders (<see cref="SessionStatuses.TakingOrders"/>) in which this producer has a product.</summary>
    public async Task<List<Guid>> ActiveSessionsOfProducerAsync(Guid producerId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(ActiveSessionsOfProducerSql);
        cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = producerId });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }
}
