using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Orders;

/// <summary>The reads of orders that several callers share: the API, the fulfilment and cancel handlers, the comment desk, the ship page, the producer's sales, bulk cancel.</summary>
public static class OrderQueries
{
    /// <summary>Orders as the API shows them (with their product's name and payment), composable: filter and order <paramref name="orders"/> first.</summary>
    public static IQueryable<OrderDetails> Details(IQueryable<Order> orders, OcopDbContext db) =>
        from o in orders
        join p in db.Products on o.ProductId equals p.Id
        select new OrderDetails(o.Id, o.Number, o.Status, o.SessionId, o.ProductId, p.Name, o.ProducerId, o.Quantity, o.UnitPriceVnd,
            o.TotalVnd, o.Channel, new CustomerOutput(o.CustomerName, o.CustomerPhone), new AddressOutput(o.Province, o.Commune, o.Street, o.ProvinceCode, o.CommuneCode),
            o.CreatedAt, o.UpdatedAt)
        {
            Payment = OrderPayment.Of(o.Number, o.TotalVnd, o.PaymentStatus, o.PaymentMethod, o.PayBin, o.PayAccount, o.PaidVnd),
            Shipment = db.Shipments.Where(s => s.OrderId == o.Id)
                .Select(s => new Delivery.OrderShipment(s.Carrier, s.TrackingCode, s.Status, s.UpdatedAt, s.FeeVnd, s.CodVnd)).FirstOrDefault(),
        };

    /// <summary>One order's details, or null when there is no such order.</summary>
    public static Task<OrderDetails?> DetailsAsync(OcopDbContext db, Guid id, CancellationToken ct) =>
        Details(db.Orders.AsNoTracking().Where(o => o.Id == id), db).FirstOrDefaultAsync(ct);

    /// <summary>The groups of a session's not-yet-shipped orders worth a look: by client address, phone prefix (the number less its last 3 digits) and street, 3 orders or more, the 10 biggest of each; <paramref name="producer"/> narrows to one producer's orders.</summary>
    public static async Task<List<OrderPattern>> PatternsAsync(NpgsqlDataSource db, Guid sessionId, Guid? producer, CancellationToken ct)
    {
        const string sql = """
            WITH o AS (
              SELECT client_key, customer_phone, lower(btrim(street)) AS street, quantity FROM orders
               WHERE session_id = $1 AND status IN ('Placed', 'Confirmed') AND ($2::uuid IS NULL OR producer_id = $2)
            )
            (SELECT 'address', client_key, count(*)::int, sum(quantity)::int FROM o WHERE client_key IS NOT NULL
              GROUP BY client_key HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            UNION ALL
            (SELECT 'phonePrefix', '0' || substr(customer_phone, 4, length(customer_phone) - 6), count(*)::int, sum(quantity)::int FROM o
              GROUP BY 2 HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            UNION ALL
            (SELECT 'street', street, count(*)::int, sum(quantity)::int FROM o WHERE street IS NOT NULL AND street <> ''
              GROUP BY street HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            """;
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)producer ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var patterns = new List<OrderPattern>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            patterns.Add(new OrderPattern(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        }

        return patterns;
    }

    /// <summary>The orders <paramref name="match"/> selects (a bulk cancel's preview), by number: counts of all, the first <see cref="CancelOrder.MaxItems"/> listed.</summary>
    public static async Task<BulkCancelResult> MatchingAsync(NpgsqlDataSource db, OrderMatch match, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT o.id, o.number, o.product_id, p.name, o.quantity, o.total_vnd, o.customer_name, o.customer_phone, o.province,
                   o.commune, o.street, o.client_key, o.status, o.created_at
              FROM orders o JOIN products p ON p.id = o.product_id
             WHERE {OrderMatch.WhereSql} ORDER BY o.number
            """, conn);
        match.AddTo(cmd);
        return await ReadBulkOrdersAsync(cmd, null, ct);
    }

    /// <summary>How many columns <see cref="ReadBulkOrdersAsync"/> reads; a caller's own columns come after them.</summary>
    internal const int BulkOrderColumns = 14;

    /// <summary>
    /// The one reader of a preview's and a cancel's rows (id, number, product id, product name, quantity,
    /// total, customer name, phone, province, commune, street, client key, status, created at):
    /// counts every row, lists the first <see cref="CancelOrder.MaxItems"/>; <paramref name="eachRow"/> reads a caller's further columns.
    /// </summary>
    internal static async Task<BulkCancelResult> ReadBulkOrdersAsync(NpgsqlCommand cmd, Action<NpgsqlDataReader>? eachRow, CancellationToken ct)
    {
        var items = new List<BulkOrder>();
        int orders = 0, units = 0;
        long revenue = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            orders++;
            units += r.GetInt32(4);
            revenue += r.GetInt64(5);
            eachRow?.Invoke(r);
            if (items.Count < CancelOrder.MaxItems)
            {
                items.Add(new BulkOrder(r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetString(3), r.GetInt32(4), r.GetInt64(5), r.GetString(6),
                    r.GetString(7), r.GetString(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11),
                    Enum.Parse<OrderStatus>(r.GetString(12)), r.GetFieldValue<DateTimeOffset>(13)));
            }
        }

        return new BulkCancelResult(orders, units, revenue, items);
    }
}
