using OcopLive.Sessions;

namespace OcopLive.Orders;

/// <summary>
/// The statements of one order batch, named. The reads run in one round trip
/// (<see cref="OrderBatchWriter"/>), products first: once their rows are locked, the reads after
/// them see every order committed by a writer that held the lock before.
/// </summary>
internal static class OrderBatchSql
{
    /// <summary>$1 product ids. Locked in id order, so writers never deadlock.</summary>
    public const string LockProducts =
        "SELECT id, stock, max_per_order, producer_id FROM products WHERE id = ANY($1) ORDER BY id FOR UPDATE";

    /// <summary>
    /// $1 session ids. A shared advisory lock per session: batches never wait for each other,
    /// while a session's state change (<see cref="SessionControl"/>, exclusive) waits for batches
    /// in flight. Unlike a FOR SHARE row lock it writes nothing to the session row.
    /// </summary>
    public static readonly string LockSessionsShared =
        $"SELECT pg_advisory_xact_lock_shared(hashtextextended(s::text, {SessionControl.OrderingLockSeed})) FROM unnest($1::uuid[]) AS s ORDER BY s";

    /// <summary>$1 session ids.</summary>
    public const string ReadSessions = "SELECT id, status, current_position FROM sessions WHERE id = ANY($1)";

    /// <summary>$1 product ids, $2 session ids: the line-up's prices (a product may have several segments).</summary>
    public const string ReadPrices =
        "SELECT session_id, product_id, position, price_vnd FROM segments WHERE session_id = ANY($2) AND product_id = ANY($1)";

    /// <summary>$1 product ids, $2 session ids: the per-customer limits that exist.</summary>
    public const string ReadLimits = """
        SELECT session_id, product_id, limit_per_customer FROM session_entries
         WHERE session_id = ANY($2) AND product_id = ANY($1) AND limit_per_customer IS NOT NULL
        """;

    /// <summary>
    /// $1 session ids, $2 product ids, $3 phones (one triple per buyer): units each phone already
    /// bought, only where the entry has a limit. A correlated subquery per triple: it runs only for
    /// the triples whose entry has a limit, and each run is an index probe whatever the statistics
    /// say about a session that is filling up fast (a join let the planner scan the session's
    /// orders every batch).
    /// </summary>
    public const string ReadBought = """
        SELECT w.session_id, w.product_id, w.phone,
               (SELECT coalesce(sum(o.quantity), 0)::int FROM orders o
                 WHERE o.session_id = w.session_id AND o.customer_phone = w.phone AND o.product_id = w.product_id
                   AND o.status <> 'Cancelled')
          FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS w(session_id, product_id, phone)
          JOIN session_entries e ON e.session_id = w.session_id AND e.product_id = w.product_id AND e.limit_per_customer IS NOT NULL
        """;

    /// <summary>
    /// $1 session ids, $2 product ids, $3 client keys (one triple per address): units each client
    /// address already bought of the product in the session (the per-address cap). An index probe per triple.
    /// </summary>
    public const string ReadBoughtByAddress = """
        SELECT w.session_id, w.product_id, w.client_key,
               (SELECT coalesce(sum(o.quantity), 0)::int FROM orders o
                 WHERE o.session_id = w.session_id AND o.client_key = w.client_key AND o.product_id = w.product_id
                   AND o.status <> 'Cancelled')
          FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS w(session_id, product_id, client_key)
        """;

    /// <summary>
    /// $1 phones, $2 product ids (one pair per buyer), $3 the threshold: the buyers who refused
    /// that many parcels, with whether the product's producer takes transfers. A primary-key probe
    /// of <c>buyer_reliability</c> per buyer; no row at all for the usual buyer.
    /// </summary>
    public const string ReadPrepay = """
        SELECT w.phone, w.product_id, r.refused, (pr.bank_bin IS NOT NULL AND pr.bank_account_number IS NOT NULL)
          FROM unnest($1::text[], $2::uuid[]) AS w(phone, product_id)
          JOIN buyer_reliability r ON r.phone = w.phone AND r.refused >= $3
          JOIN products p ON p.id = w.product_id
          JOIN producers pr ON pr.id = p.producer_id
        """;

    /// <summary>$1 order ids: the accepted orders of buyers who must pay first (only run when the batch has one).</summary>
    public const string MarkPrepay = "UPDATE orders SET prepay_required = true, payment_method = 'BankTransfer' WHERE id = ANY($1)";

    /// <summary>$1 session ids, $2 Idempotency-Keys: the orders those keys already made.</summary>
    public const string ReadKeys = """
        SELECT session_id, idempotency_key, request_hash, id, number, status, product_id, quantity, unit_price_vnd,
               total_vnd, created_at, channel, payment_status, payment_method, pay_bin, pay_account, paid_vnd
          FROM orders WHERE session_id = ANY($1) AND idempotency_key = ANY($2)
        """;

    /// <summary>
    /// $1 the time, $2…$19 one array per column of the accepted orders: insert them (a key another
    /// node committed meanwhile is skipped), take their units from stock and add them to the
    /// running sales totals, in one statement. Each order copies its producer's bank account (the
    /// one its VietQR names and a payment must reach) in the same statement: no extra round trip.
    /// </summary>
    public const string Insert = """
        WITH ins AS (
          INSERT INTO orders (id, session_id, product_id, producer_id, quantity, unit_price_vnd, total_vnd, customer_name,
                              customer_phone, province, commune, street, channel, status, idempotency_key, request_hash,
                              operator_user_name, client_key, created_at, payment_method, pay_bin, pay_account, province_code, commune_code)
          SELECT u.id, u.session_id, u.product_id, u.producer_id, u.quantity, u.unit_price, u.unit_price * u.quantity, u.name,
                 u.phone, u.province, u.commune, u.street, u.channel, 'Placed', u.idem_key, u.hash, u.operator, u.client_key, $1,
                 CASE WHEN pr.bank_bin IS NULL OR pr.bank_account_number IS NULL THEN 'CashOnDelivery' ELSE 'BankTransfer' END,
                 pr.bank_bin, pr.bank_account_number, u.province_code, u.commune_code
            FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::bigint[], $8::text[], $9::text[],
                        $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[])
              AS u(id, session_id, product_id, producer_id, quantity, unit_price, name, phone, province, commune, street,
                   channel, idem_key, hash, operator, client_key, province_code, commune_code)
            JOIN producers pr ON pr.id = u.producer_id
          ON CONFLICT (session_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
          RETURNING id, number, session_id, product_id, producer_id, quantity, total_vnd, payment_method, pay_bin, pay_account
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
        SELECT id, number, payment_method, pay_bin, pay_account FROM ins;
        """;
}
