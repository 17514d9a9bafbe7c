using System.Security.Claims;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Delivery;
using OcopLive.Live;

namespace OcopLive.Orders;

/// <summary>Why an order is cancelled: it decides which statuses may still be cancelled (<see cref="OrderRules.RefuseCancel"/>).</summary>
public enum CancelReason
{
    /// <summary>Its producer, a Director or an Admin cancels one order.</summary>
    ByProducer,

    /// <summary>A bulk cancel of the orders a suspicious pattern matches.</summary>
    Bulk,

    /// <summary>The carrier brought the parcel back: a shipped order's units go back on stock.</summary>
    ParcelReturned,
}

/// <summary>What a cancel did: counts, units, money, and the orders cancelled (the first 200).</summary>
public sealed record BulkCancelResult(int Orders, int Units, long RevenueVnd, IReadOnlyList<BulkOrder> Items)
{
    /// <summary>Orders the pattern matched that were left as they are because their parcel could not be cancelled (the first 200).</summary>
    public IReadOnlyList<SkippedOrder> Skipped { get; init; } = [];
}

/// <summary>An order a bulk cancel left alone, and why in words (its parcel is on its way, the carrier refused, …).</summary>
public sealed record SkippedOrder(Guid Id, long Number, string Reason);

/// <summary>
/// The one cancel rule. An order is cancelled, its units go back to stock and its sale leaves the
/// live totals, in one transaction, always taking locks in the order the order writer takes them:
/// the products (by id), then the orders (by id), then the sales rows. Single cancel, bulk cancel
/// and a carrier's returned parcel all come here, so they wait for each other instead of deadlocking.
/// <para>
/// An order never ends cancelled with a parcel still at its carrier. Before the transaction opens,
/// the order's parcel is cancelled with the carrier if it is not yet picked up
/// (<see cref="CancelShipment.ClearForOrderCancelAsync"/>): a carrier call may take seconds and is
/// never made while rows are locked. Inside the transaction the write itself re-checks, under the
/// order's lock, that no parcel is left (<see cref="NoParcelSql"/>); parcel creation takes a share
/// lock on the order before it reserves a parcel, so the two cannot pass each other.
/// </para>
/// </summary>
public sealed class CancelOrder(NpgsqlDataSource dataSource, OcopDbContext db, CancelShipment parcels, IServiceScopeFactory scopes, ILiveNotifier notifier,
    TimeProvider clock, ILogger<CancelOrder> logger)
{
    /// <summary>How many parcels a bulk cancel cancels with their carriers at once.</summary>
    private const int ParcelConcurrency = 4;

    /// <summary>True for an order (alias <c>o</c>) with no parcel left at a carrier: none, cancelled, or returned.</summary>
    internal const string NoParcelSql = "NOT EXISTS (SELECT 1 FROM shipments s WHERE s.order_id = o.id AND s.status NOT IN ('Cancelled', 'Returned'))";

    public const int MaxItems = 200;

    /// <summary>One order, by its producer or staff: refuses unknown orders, others' orders, and orders already shipped or cancelled.</summary>
    public async Task<Outcome<OrderDetails>> CancelAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await OrderQueries.DetailsAsync(db, id, ct);
        if (order is null)
        {
            return Refusal.NotFound(Problems.OrderNotFoundTitle);
        }

        if (!user.MaySeeProducer(order.ProducerId))
        {
            return Refusal.Forbidden("Không phải đơn của bạn (not your order)");
        }

        // The parcel first, outside any lock; an order that may not be cancelled anyway is refused below without a carrier call.
        if (OrderRules.RefuseCancel(order.Status, CancelReason.ByProducer) is null && await parcels.ClearForOrderCancelAsync(id, ct) is { } parcel)
        {
            return parcel;
        }

        var (_, refusal) = await CancelAsync(id, CancelReason.ByProducer, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        return (await OrderQueries.DetailsAsync(db, id, ct))!;
    }

    /// <summary>One order by id, for <paramref name="reason"/> (e.g. a returned parcel); no caller's rights are checked here.</summary>
    public async Task<Outcome<BulkCancelResult>> CancelAsync(Guid id, CancelReason reason, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // An order's product never changes: read it without a lock, lock the product, then the order.
        Guid productId;
        await using (var find = new NpgsqlCommand("SELECT product_id FROM orders WHERE id = $1", conn, tx))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await find.ExecuteScalarAsync(ct) is not Guid found)
            {
                return Refusal.NotFound(Problems.OrderNotFoundTitle);
            }

            productId = found;
        }

        await LockProductsAsync(conn, tx, "SELECT $1::uuid", cmd => cmd.Parameters.Add(new NpgsqlParameter { Value = productId }), ct);
        OrderStatus status;
        await using (var lockOrder = new NpgsqlCommand("SELECT status FROM orders WHERE id = $1 FOR UPDATE", conn, tx))
        {
            lockOrder.Parameters.Add(new NpgsqlParameter { Value = id });
            status = Enum.Parse<OrderStatus>((string)(await lockOrder.ExecuteScalarAsync(ct))!);
        }

        if (OrderRules.RefuseCancel(status, reason) is { } refusal)
        {
            return refusal;
        }

        var cancelled = await CancelLockedAsync(conn, tx, [id], reason, ct);
        if (cancelled.Result.Orders == 0)
        {
            // The one thing that stops a cancellable, locked order here: a parcel still at its carrier.
            return OrderRules.RefuseCancelWithParcel();
        }

        await tx.CommitAsync(ct);
        Announce(cancelled, reason);
        return cancelled.Result;
    }

    /// <summary>
    /// Every order <paramref name="match"/> selects that may still be cancelled, in one transaction.
    /// Parcels not yet picked up are cancelled with their carriers first (a few at once, no lock
    /// held); an order whose parcel stays at its carrier is skipped and reported.
    /// </summary>
    public async Task<BulkCancelResult> CancelMatchingAsync(OrderMatch match, CancellationToken ct)
    {
        var reasons = await ClearParcelsAsync(match, ct);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockProductsAsync(conn, tx, $"SELECT DISTINCT o.product_id FROM orders o WHERE {OrderMatch.WhereSql}", match.AddTo, ct);
        var ids = new List<Guid>();
        await using (var lockOrders = new NpgsqlCommand($"SELECT o.id FROM orders o WHERE {OrderMatch.WhereSql} ORDER BY o.id FOR UPDATE", conn, tx))
        {
            match.AddTo(lockOrders);
            await using var r = await lockOrders.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                ids.Add(r.GetGuid(0));
            }
        }

        var skipped = await ParcelsLeftAsync(conn, tx, [.. ids], reasons, ct);
        var cancelled = await CancelLockedAsync(conn, tx, [.. ids], CancelReason.Bulk, ct);
        await tx.CommitAsync(ct);
        Announce(cancelled, CancelReason.Bulk);
        return cancelled.Result with { Skipped = skipped };
    }

    /// <summary>The matched orders' parcels still at a carrier, cancelled there if not yet picked up; the refusals by order id.</summary>
    private async Task<Dictionary<Guid, string>> ClearParcelsAsync(OrderMatch match, CancellationToken ct)
    {
        var withParcel = new List<Guid>();
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var find = new NpgsqlCommand($"SELECT o.id FROM orders o WHERE {OrderMatch.WhereSql} AND NOT {NoParcelSql}", conn))
        {
            match.AddTo(find);
            await using var r = await find.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                withParcel.Add(r.GetGuid(0));
            }
        }

        var reasons = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        await Parallel.ForEachAsync(withParcel, new ParallelOptions { MaxDegreeOfParallelism = ParcelConcurrency, CancellationToken = ct },
            async (orderId, token) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<CancelShipment>().ClearForOrderCancelAsync(orderId, token) is { } refusal)
                {
                    reasons[orderId] = refusal.Title;
                }
            });
        return new Dictionary<Guid, string>(reasons);
    }

    /// <summary>Under the orders' locks: those whose parcel is still at a carrier, which the write will leave alone.</summary>
    private static async Task<IReadOnlyList<SkippedOrder>> ParcelsLeftAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] ids,
        Dictionary<Guid, string> reasons, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            SELECT o.id, o.number FROM orders o WHERE o.id = ANY($1) AND o.status IN ('Placed', 'Confirmed') AND NOT {NoParcelSql} ORDER BY o.number LIMIT {MaxItems}
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        var skipped = new List<SkippedOrder>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var id = r.GetGuid(0);
            skipped.Add(new SkippedOrder(id, r.GetInt64(1), reasons.GetValueOrDefault(id) ?? OrderRules.RefuseCancelWithParcel().Title));
        }

        return skipped;
    }

    private static async Task LockProductsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string productIds, Action<NpgsqlCommand> parameters, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT p.id FROM products p WHERE p.id IN ({productIds}) ORDER BY p.id FOR UPDATE", conn, tx);
        parameters(cmd);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The write itself, once the products and orders are locked: status, stock, sales, and what was cancelled.</summary>
    private async Task<Cancelled> CancelLockedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] ids, CancelReason reason, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            WITH c AS (
              UPDATE orders o SET status = 'Cancelled', updated_at = $3 WHERE o.id = ANY($1) AND o.status = ANY($2) AND {NoParcelSql}
              RETURNING o.id, o.number, o.session_id, o.product_id, o.quantity, o.total_vnd, o.customer_name, o.customer_phone, o.province,
                        o.commune, o.street, o.client_key, o.status, o.created_at
            ), d AS (
              SELECT session_id, product_id, count(*)::int AS n, sum(quantity)::int AS units, sum(total_vnd)::bigint AS revenue
                FROM c GROUP BY session_id, product_id
            ), p AS (
              SELECT product_id, sum(units)::int AS units FROM d GROUP BY product_id
            ), stock AS (
              UPDATE products x SET stock = x.stock + p.units FROM p WHERE x.id = p.product_id
            ), sales AS (
              UPDATE product_sales s SET orders = s.orders - d.n, units = s.units - d.units, revenue_vnd = s.revenue_vnd - d.revenue
                FROM d WHERE s.session_id = d.session_id AND s.product_id = d.product_id
            )
            SELECT c.id, c.number, c.product_id, x.name, c.quantity, c.total_vnd, c.customer_name, c.customer_phone, c.province,
                   c.commune, c.street, c.client_key, c.status, c.created_at, c.session_id
              FROM c JOIN products x ON x.id = c.product_id ORDER BY c.number
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = OrderRules.Cancellable(reason), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
        var sessions = new HashSet<Guid>();
        var result = await OrderQueries.ReadBulkOrdersAsync(cmd, r => sessions.Add(r.GetGuid(OrderQueries.BulkOrderColumns)), ct);
        return new Cancelled(result, sessions);
    }

    /// <summary>After the commit: the live figures of every session touched are refreshed on air.</summary>
    private void Announce(Cancelled cancelled, CancelReason reason)
    {
        foreach (var session in cancelled.Sessions)
        {
            notifier.SalesChanged(session);
        }

        if (cancelled.Result.Orders > 0)
        {
            logger.LogInformation("Cancelled {Orders} order(s), {Units} unit(s) back on stock ({Reason})", cancelled.Result.Orders, cancelled.Result.Units, reason);
        }
    }

    private sealed record Cancelled(BulkCancelResult Result, IReadOnlyCollection<Guid> Sessions);
}
