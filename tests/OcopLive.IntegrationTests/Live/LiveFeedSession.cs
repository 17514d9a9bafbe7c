using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// A session on air whose orders go straight to the live feed, for the live tests (hub, caches,
/// overlay): catalogue and session through the API, the line-up and
/// the go-live state through the DbContext (the scheduler's endpoints live elsewhere), and orders
/// committed the way order intake commits them: the order row, the stock and the running totals
/// in ONE transaction, then <see cref="ILiveNotifier.SalesChanged"/>.
/// </summary>
public sealed class LiveFeedSession
{
    private static readonly string[] Names = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Minh Tuấn", "Hoàng Thị Lan"];

    private readonly OcopApp _app;

    private LiveFeedSession(OcopApp app, Guid sessionId, Guid producerId, IReadOnlyList<Guid> productIds, IReadOnlyList<string> productNames)
    {
        _app = app;
        SessionId = sessionId;
        ProducerId = producerId;
        ProductIds = productIds;
        ProductNames = productNames;
    }

    public Guid SessionId { get; }
    public Guid ProducerId { get; }
    public IReadOnlyList<Guid> ProductIds { get; }
    public IReadOnlyList<string> ProductNames { get; }

    public ILiveNotifier Notifier => _app.Services.GetRequiredService<ILiveNotifier>();

    /// <summary>A session with one segment per product (prices 185.000 ₫, 60.000 ₫, …), live on segment 1.</summary>
    public static async Task<LiveFeedSession> StartAsync(OcopApp app, int products = 2, int stock = 10_000, bool goLive = true,
        Guid? producerId = null)
    {
        using var staff = await app.ClientAsAsync();
        var producer = producerId ?? await Catalogue.CreateProducerAsync(staff);
        var ids = new List<Guid>();
        var names = new List<string>();
        long[] prices = [185_000, 60_000, 2_500_000, 65_000];
        for (var i = 0; i < products; i++)
        {
            var name = $"Cam giòn Thượng Lộc {i + 1} {Guid.NewGuid():N}"[..30];
            ids.Add(await Catalogue.CreateProductAsync(staff, producer, stock: stock, priceVnd: prices[i % prices.Length], name: name));
            names.Add(name);
        }

        var created = await staff.PostAsJsonAsync("/api/sessions", new
        {
            title = "Phiên chợ OCOP thử nghiệm",
            startsAt = DateTimeOffset.UtcNow.ToString("O"),
            durationMinutes = 60,
        });
        var sessionId = await Catalogue.IdOf(created);

        await app.WithDbAsync(async db =>
        {
            for (var i = 0; i < ids.Count; i++)
            {
                db.Segments.Add(new Segment
                {
                    SessionId = sessionId,
                    Position = i + 1,
                    ProductId = ids[i],
                    ProducerId = producer,
                    PlannedStart = DateTimeOffset.UtcNow.AddMinutes(5 * i),
                    Minutes = 5,
                    PriceVnd = prices[i % prices.Length],
                    Reason = "Thử nghiệm (test)",
                });
            }

            await db.SaveChangesAsync();
            if (goLive)
            {
                await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.Status, SessionStatus.Live)
                    .SetProperty(s => s.LineupState, LineupState.Locked)
                    .SetProperty(s => s.CurrentPosition, 1)
                    .SetProperty(s => s.WentLiveAt, DateTimeOffset.UtcNow));
            }

            return 0;
        });
        return new LiveFeedSession(app, sessionId, producer, ids, names);
    }

    /// <summary>Commits one order as order intake does, then tells the notifier.</summary>
    public async Task OrderAsync(Guid productId, int quantity = 1, long unitPriceVnd = 185_000, bool notify = true)
    {
        await using var conn = new NpgsqlConnection(_app.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await InsertOrderAsync(conn, tx, productId, quantity, unitPriceVnd);
        await tx.CommitAsync();
        if (notify)
        {
            Notifier.SalesChanged(SessionId);
        }
    }

    /// <summary>Inserts an order and moves stock and totals inside the caller's transaction.</summary>
    public async Task InsertOrderAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid productId, int quantity, long unitPriceVnd)
    {
        var name = Names[Random.Shared.Next(Names.Length)];
        await using var cmd = new NpgsqlCommand("""
            UPDATE products SET stock = stock - @q WHERE id = @p AND stock >= @q;
            INSERT INTO orders (id, session_id, product_id, producer_id, quantity, unit_price_vnd, total_vnd,
                                customer_name, customer_phone, province, commune, street, channel, status, created_at)
            VALUES (@id, @s, @p, @producer, @q, @price, @price * @q, @name, '+84912345678', 'Hà Tĩnh', 'Phường Thành Sen',
                    '12 Trần Phú', 'Web', 'Placed', now());
            INSERT INTO product_sales (session_id, product_id, producer_id, orders, units, revenue_vnd)
            VALUES (@s, @p, @producer, 1, @q, @price * @q)
            ON CONFLICT (session_id, product_id) DO UPDATE
            SET orders = product_sales.orders + 1, units = product_sales.units + @q,
                revenue_vnd = product_sales.revenue_vnd + @price * @q;
            """, conn, tx);
        cmd.Parameters.AddWithValue("id", Guid.CreateVersion7());
        cmd.Parameters.AddWithValue("s", SessionId);
        cmd.Parameters.AddWithValue("p", productId);
        cmd.Parameters.AddWithValue("producer", ProducerId);
        cmd.Parameters.AddWithValue("q", quantity);
        cmd.Parameters.AddWithValue("price", unitPriceVnd);
        cmd.Parameters.AddWithValue("name", name);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Puts the segment at this position on air, as the session controls do.</summary>
    public async Task PutOnAirAsync(int position, SessionStatus status = SessionStatus.Live)
    {
        await _app.WithDbAsync(db => db.Sessions.Where(s => s.Id == SessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CurrentPosition, status == SessionStatus.Live ? position : null)
            .SetProperty(s => s.Status, status)));
        await Notifier.SegmentChangedAsync(SessionId, CancellationToken.None);
    }

    /// <summary>The truth, recounted from the orders table (the app itself never recounts).</summary>
    public Task<(int Orders, int Units, long RevenueVnd)> CountInDatabaseAsync() =>
        _app.WithDbAsync(async db =>
        {
            var orders = db.Orders.Where(o => o.SessionId == SessionId && o.Status != OrderStatus.Cancelled);
            return (await orders.CountAsync(), await orders.SumAsync(o => o.Quantity), await orders.SumAsync(o => o.TotalVnd));
        });
}
