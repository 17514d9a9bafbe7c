using System.Net.Sockets;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Common;
using OcopLive.Live;
using OcopLive.Sessions;

namespace OcopLive.Orders;

/// <summary>
/// Commits a batch of order requests in one transaction and decides each one's answer.
/// <list type="number">
/// <item>Lock the batch's product rows (in id order: writers never deadlock) and read, in one
/// round trip, the sessions, line-up prices, per-customer limits, units already bought and
/// Idempotency-Keys already used.</item>
/// <item>Decide each request in arrival order against those figures: one sold-out order fails
/// alone, the others in the batch go on.</item>
/// <item>Insert the accepted orders, decrement stock and add to the running sales totals in one
/// statement, then commit (synchronous_commit on) — and only then answer.</item>
/// </list>
/// The database stays the judge: the row locks serialise every node's writers on a product, the
/// stock check constraint is the last line of defence and the unique key catches a duplicate sent
/// to two nodes at once.
/// </summary>
internal sealed class OrderBatchWriter(
    NpgsqlDataSource dataSource, ILiveNotifier notifier, TimeProvider clock, OcopMetrics metrics, ILogger<OrderBatchWriter> logger)
{
    private const int CommandTimeoutSeconds = 5;

    // Products are locked first, so the
    // reads after it see every order committed by a writer that held the lock before us.
    private static readonly string[] ReadSql =
    [
        "SELECT id, stock, max_per_order, producer_id FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        // Shared advisory lock per session: batches never wait for each other, while a session's
        // state change (SessionControl.LockAsync, exclusive) waits for batches in flight. Unlike a
        // FOR SHARE row lock it writes nothing to the session row.
        $"SELECT pg_advisory_xact_lock_shared(hashtextextended(s::text, {SessionControl.OrderingLockSeed})) FROM unnest($1::uuid[]) AS s ORDER BY s",
        "SELECT id, status, current_position FROM sessions WHERE id = ANY($1)",
        "SELECT session_id, product_id, position, price_vnd FROM segments WHERE session_id = ANY($2) AND product_id = ANY($1)",
        """
        SELECT session_id, product_id, limit_per_customer FROM session_entries
         WHERE session_id = ANY($2) AND product_id = ANY($1) AND limit_per_customer IS NOT NULL
        """,
        // Units each phone already bought, only where the entry has a limit. A correlated
        // subquery per (session, product, phone) triple: it runs only for the triples whose entry
        // has a limit, and each run is an index probe, whatever the statistics say about a session
        // that is filling up fast (a join let the planner scan the session's orders every batch).
        """
        SELECT w.session_id, w.product_id, w.phone,
               (SELECT coalesce(sum(o.quantity), 0)::int FROM orders o
                 WHERE o.session_id = w.session_id AND o.customer_phone = w.phone AND o.product_id = w.product_id
                   AND o.status <> 'Cancelled')
          FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS w(session_id, product_id, phone)
          JOIN session_entries e ON e.session_id = w.session_id AND e.product_id = w.product_id AND e.limit_per_customer IS NOT NULL
        """,
        """
        SELECT session_id, idempotency_key, request_hash, id, number, status, product_id, quantity, unit_price_vnd,
               total_vnd, created_at, channel
          FROM orders WHERE session_id = ANY($1) AND idempotency_key = ANY($2)
        """,
    ];

    private const string InsertSql = """
        WITH ins AS (
          INSERT INTO orders (id, session_id, product_id, producer_id, quantity, unit_price_vnd, total_vnd, customer_name,
                              customer_phone, province, commune, street, channel, status, idempotency_key, request_hash,
                              operator_user_name, created_at)
          SELECT u.id, u.session_id, u.product_id, u.producer_id, u.quantity, u.unit_price, u.unit_price * u.quantity, u.name,
                 u.phone, u.province, u.commune, u.street, u.channel, 'Placed', u.idem_key, u.hash, u.operator, $1
            FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::bigint[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
              AS u(id, session_id, product_id, producer_id, quantity, unit_price, name, phone, province, commune, street,
                   channel, idem_key, hash, operator)
          ON CONFLICT (session_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
          RETURNING id, number, session_id, product_id, producer_id, quantity, total_vnd
        ), stock AS (
          UPDATE products p SET stock = p.stock - d.units
            FROM (SELECT product_id, sum(quantity)::int AS units FROM ins GROUP BY product_id) d
           WHERE p.id = d.product_id
        ), sales AS (
          INSERT INTO product_sales (session_id, product_id, producer_id, orders, units, revenue_vnd)
          SELECT session_id, product_id, producer_id, count(*)::int, sum(quantity)::int, sum(total_vnd)::bigint
            FROM ins GROUP BY session_id, product_id, producer_id
          ON CONFLICT (session_id, product_id) DO UPDATE
             SET orders = product_sales.orders + excluded.orders,
                 units = product_sales.units + excluded.units,
                 revenue_vnd = product_sales.revenue_vnd + excluded.revenue_vnd
        )
        SELECT id, number FROM ins;
        """;

    public async Task WriteAsync(IReadOnlyList<PendingOrder> batch, CancellationToken ct)
    {
        try
        {
            await WriteOnceAsync(batch, ct);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            logger.LogWarning(ex, "PostgreSQL unavailable: {Count} orders answered 503", batch.Count);
            Complete(batch, OrderOutcome.Unavailable);
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // Should not happen (every rule is checked before the insert); if it does, one bad
            // order must not sink the others: retry each alone.
            logger.LogError(ex, "Order batch of {Count} failed; retrying one by one", batch.Count);
            foreach (var p in batch)
            {
                await WriteAsync([p], ct);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Order failed");
            Complete(batch, new OrderOutcome(OutcomeKind.Failed));
        }
    }

    private async Task WriteOnceAsync(IReadOnlyList<PendingOrder> batch, CancellationToken ct)
    {
        var productIds = batch.Select(p => p.Order.ProductId).Distinct().ToArray();
        var sessionIds = batch.Select(p => p.Order.SessionId).Distinct().ToArray();
        var buyers = batch.Select(p => (p.Order.SessionId, p.Order.ProductId, Phone: p.Order.CustomerPhone)).Distinct().ToArray();
        var keys = batch.Where(p => p.Order.IdempotencyKey is not null).Select(p => p.Order.IdempotencyKey!).Distinct().ToArray();

        var started = clock.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var facts = await ReadFactsAsync(conn, tx, productIds, sessionIds, buyers, keys, ct);

        var outcomes = new OrderOutcome?[batch.Count];
        var accepted = new List<(int Index, Guid Id, Guid ProducerId, long UnitPrice)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var decision = Decide(batch[i], facts);
            if (decision.Outcome is not null)
            {
                outcomes[i] = decision.Outcome;
            }
            else
            {
                accepted.Add((i, Guid.CreateVersion7(), decision.ProducerId, decision.UnitPrice));
            }
        }

        var now = clock.GetUtcNow();
        var numbers = accepted.Count == 0
            ? new Dictionary<Guid, long>()
            : await InsertAsync(conn, tx, batch, accepted, now, ct);
        await tx.CommitAsync(ct);
        var committedAt = clock.GetUtcNow();
        metrics.BatchSize.Record(batch.Count);
        metrics.CommitDuration.Record(clock.GetElapsedTime(started).TotalMilliseconds);

        var changedSessions = new HashSet<Guid>();
        var lateKeys = new List<PendingOrder>();
        foreach (var (index, id, _, unitPrice) in accepted)
        {
            var o = batch[index].Order;
            if (numbers.TryGetValue(id, out var number))
            {
                outcomes[index] = new OrderOutcome(OutcomeKind.Created, new OrderResponse(id, number, OrderStatus.Placed, o.ProductId,
                    o.Quantity, unitPrice, unitPrice * o.Quantity, now, o.SessionId, o.Channel))
                { CommittedAt = committedAt };
                changedSessions.Add(o.SessionId);
            }
            else
            {
                // Another node committed the same Idempotency-Key between our read and insert.
                lateKeys.Add(batch[index]);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } outcome)
            {
                batch[i].Completion.TrySetResult(outcome);
            }
        }

        foreach (var sessionId in changedSessions)
        {
            notifier.SalesChanged(sessionId);
        }

        foreach (var p in lateKeys)
        {
            await WriteAsync([p], ct);
        }
    }

    private static (OrderOutcome? Outcome, Guid ProducerId, long UnitPrice) Decide(PendingOrder pending, BatchFacts facts)
    {
        var o = pending.Order;
        if (o.IdempotencyKey is { } key && facts.ExistingKeys.TryGetValue((o.SessionId, key), out var existing))
        {
            return (existing.Hash == pending.Hash ? new OrderOutcome(OutcomeKind.Replayed, existing.Order) : OrderOutcome.KeyReused, default, 0);
        }

        if (!facts.Sessions.TryGetValue(o.SessionId, out var session))
        {
            return (new OrderOutcome(OutcomeKind.NotFound, Message: Problems.SessionNotFoundTitle), default, 0);
        }

        if (!facts.Products.TryGetValue(o.ProductId, out var product))
        {
            return (new OrderOutcome(OutcomeKind.NotFound, Message: "Không tìm thấy sản phẩm (product not found)"), default, 0);
        }

        if (session.Status is not ("Live" or "Ended"))
        {
            return (new OrderOutcome(OutcomeKind.OrderingClosed), default, 0);
        }

        if (!facts.Prices.TryGetValue((o.SessionId, o.ProductId), out var price))
        {
            return (new OrderOutcome(OutcomeKind.NotFound, Message: "Sản phẩm không có trong phiên (product not in this session's line-up)"), default, 0);
        }

        if (o.Quantity > product.MaxPerOrder)
        {
            return (new OrderOutcome(OutcomeKind.Invalid, Field: "quantity",
                Message: $"Tối đa {product.MaxPerOrder} mỗi đơn (at most {product.MaxPerOrder} per order)."), default, 0);
        }

        var buyer = (o.SessionId, o.ProductId, o.CustomerPhone);
        var limited = facts.Limits.TryGetValue((o.SessionId, o.ProductId), out var limit);
        var bought = limited ? facts.Bought.GetValueOrDefault(buyer) : 0;
        if (limited && bought + o.Quantity > limit)
        {
            return (new OrderOutcome(OutcomeKind.LimitReached, Message: $"Mỗi số điện thoại mua tối đa {limit} (at most {limit} per phone number)."), default, 0);
        }

        if (product.Stock < o.Quantity)
        {
            return (new OrderOutcome(OutcomeKind.SoldOut), default, 0);
        }

        product.Stock -= o.Quantity;
        if (limited)
        {
            facts.Bought[buyer] = bought + o.Quantity;
        }
        return (null, product.ProducerId, price.PriceVnd(session.CurrentPosition));
    }

    private static async Task<BatchFacts> ReadFactsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid[] productIds,
        Guid[] sessionIds, (Guid SessionId, Guid ProductId, string Phone)[] buyers, string[] keys, CancellationToken ct)
    {
        var facts = new BatchFacts();
        await using var batch = new NpgsqlBatch(conn, tx) { Timeout = CommandTimeoutSeconds };
        var uuids = NpgsqlDbType.Array | NpgsqlDbType.Uuid;
        var texts = NpgsqlDbType.Array | NpgsqlDbType.Text;
        Add(ReadSql[0], (productIds, uuids));
        Add(ReadSql[1], (sessionIds, uuids));
        Add(ReadSql[2], (sessionIds, uuids));
        Add(ReadSql[3], (productIds, uuids), (sessionIds, uuids));
        Add(ReadSql[4], (productIds, uuids), (sessionIds, uuids));
        Add(ReadSql[5], (buyers.Select(t => t.SessionId).ToArray(), uuids), (buyers.Select(t => t.ProductId).ToArray(), uuids),
            (buyers.Select(t => t.Phone).ToArray(), texts));
        Add(ReadSql[6], (sessionIds, uuids), (keys, texts));

        void Add(string sql, params (object Value, NpgsqlDbType Type)[] parameters)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (value, type) in parameters)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = type });
            }

            batch.BatchCommands.Add(command);
        }

        await using var r = await batch.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Products[r.GetGuid(0)] = new ProductFacts(r.GetInt32(1), r.GetInt32(2), r.GetGuid(3));
        }

        await r.NextResultAsync(ct); // the session locks

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Sessions[r.GetGuid(0)] = new SessionFacts(r.GetString(1), r.IsDBNull(2) ? null : r.GetInt32(2));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var key = (r.GetGuid(0), r.GetGuid(1));
            if (!facts.Prices.TryGetValue(key, out var prices))
            {
                facts.Prices[key] = prices = new SegmentPrices();
            }

            prices.Add(r.GetInt32(2), r.GetInt64(3));
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Limits[(r.GetGuid(0), r.GetGuid(1))] = r.GetInt32(2);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            facts.Bought[(r.GetGuid(0), r.GetGuid(1), r.GetString(2))] = r.GetInt32(3);
        }

        await r.NextResultAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var order = new OrderResponse(r.GetGuid(3), r.GetInt64(4), Enum.Parse<OrderStatus>(r.GetString(5)), r.GetGuid(6),
                r.GetInt32(7), r.GetInt64(8), r.GetInt64(9), r.GetFieldValue<DateTimeOffset>(10), r.GetGuid(0),
                Enum.Parse<OrderChannel>(r.GetString(11)));
            facts.ExistingKeys[(r.GetGuid(0), r.GetString(1))] = (r.IsDBNull(2) ? "" : r.GetString(2), order);
        }

        return facts;
    }

    private static async Task<Dictionary<Guid, long>> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<PendingOrder> batch, List<(int Index, Guid Id, Guid ProducerId, long UnitPrice)> accepted,
        DateTimeOffset now, CancellationToken ct)
    {
        var n = accepted.Count;
        var ids = new Guid[n];
        var sessionIds = new Guid[n];
        var productIds = new Guid[n];
        var producerIds = new Guid[n];
        var quantities = new int[n];
        var prices = new long[n];
        var names = new string[n];
        var phones = new string[n];
        var provinces = new string[n];
        var communes = new string[n];
        var streets = new string?[n];
        var channels = new string[n];
        var keys = new string?[n];
        var hashes = new string?[n];
        var operators = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var (index, id, producerId, unitPrice) = accepted[i];
            var p = batch[index];
            var o = p.Order;
            ids[i] = id;
            sessionIds[i] = o.SessionId;
            productIds[i] = o.ProductId;
            producerIds[i] = producerId;
            quantities[i] = o.Quantity;
            prices[i] = unitPrice;
            names[i] = o.CustomerName;
            phones[i] = o.CustomerPhone;
            provinces[i] = o.Province;
            communes[i] = o.Commune;
            streets[i] = o.Street;
            channels[i] = o.Channel.ToString();
            keys[i] = o.IdempotencyKey;
            hashes[i] = o.IdempotencyKey is null ? null : p.Hash;
            operators[i] = o.OperatorUserName;
        }

        await using var cmd = new NpgsqlCommand(InsertSql, conn, tx) { CommandTimeout = CommandTimeoutSeconds };
        cmd.Parameters.Add(new NpgsqlParameter { Value = now });
        foreach (var array in new object[] { ids, sessionIds, productIds, producerIds, quantities, prices, names, phones, provinces, communes, streets, channels, keys, hashes, operators })
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        var numbers = new Dictionary<Guid, long>(n);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            numbers[r.GetGuid(0)] = r.GetInt64(1);
        }

        return numbers;
    }

    private static void Complete(IEnumerable<PendingOrder> batch, OrderOutcome outcome)
    {
        foreach (var p in batch)
        {
            p.Completion.TrySetResult(outcome);
        }
    }

    /// <summary>The server is down, unreachable, restarting or too slow to answer.</summary>
    private static bool IsUnavailable(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "08000" or "08003" or "08006" or "57014",
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or TimeoutException,
        TimeoutException or SocketException or IOException => true,
        InvalidOperationException ioe => ioe.InnerException is not null && IsUnavailable(ioe.InnerException),
        _ => false,
    };

    private sealed class BatchFacts
    {
        public Dictionary<Guid, ProductFacts> Products { get; } = [];
        public Dictionary<Guid, SessionFacts> Sessions { get; } = [];
        public Dictionary<(Guid SessionId, Guid ProductId), SegmentPrices> Prices { get; } = [];
        public Dictionary<(Guid SessionId, Guid ProductId), int> Limits { get; } = [];
        public Dictionary<(Guid SessionId, Guid ProductId, string Phone), int> Bought { get; } = [];
        public Dictionary<(Guid SessionId, string Key), (string Hash, OrderResponse Order)> ExistingKeys { get; } = [];
    }

    private sealed class ProductFacts(int stock, int maxPerOrder, Guid producerId)
    {
        public int Stock { get; set; } = stock;
        public int MaxPerOrder { get; } = maxPerOrder;
        public Guid ProducerId { get; } = producerId;
    }

    private sealed record SessionFacts(string Status, int? CurrentPosition);

    /// <summary>A product may be on air in several segments: the one on air sets the price, else the first.</summary>
    private sealed class SegmentPrices
    {
        private readonly List<(int Position, long PriceVnd)> _segments = [];

        public void Add(int position, long priceVnd) => _segments.Add((position, priceVnd));

        public long PriceVnd(int? currentPosition)
        {
            foreach (var (position, price) in _segments)
            {
                if (position == currentPosition)
                {
                    return price;
                }
            }

            return _segments.MinBy(s => s.Position).PriceVnd;
        }
    }
}
