using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Delivery;
using OcopLive.Orders;

namespace OcopLive.Sessions;

public sealed record ReportProductLine(Guid ProductId, string ProductName, int Orders, int Units, long RevenueVnd);

public sealed record ProducerReport(
    Guid ProducerId, string ProducerName, int Orders, int Units, long RevenueVnd, IReadOnlyList<ReportProductLine> Products, string CsvUrl)
{
    /// <summary>Revenue of the orders whose money has arrived (read from the orders now, not frozen with the report).</summary>
    public long PaidRevenueVnd { get; init; }

    public int PaidOrders { get; init; }

    /// <summary>The producer's parcels of the session and their COD money (read from the parcels now, not frozen with the report).</summary>
    public SessionParcelFigures Parcels { get; init; } = SessionParcelFigures.None;
}

public sealed record SessionReports(Guid SessionId, DateTimeOffset? GeneratedAt, IReadOnlyList<ProducerReport> Producers);

/// <summary>
/// The post-session reports written by the scheduler after ordering closed, as staff read them
/// (JSON, per producer) and as a producer downloads them (CSV with the orders to fulfil).
/// </summary>
public static class ReportQueries
{
    /// <summary>A session's reports by producer, with the paid revenue read from the orders now; null when there is no such session.</summary>
    public static async Task<SessionReports?> SessionReportsAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        if (!await SessionQueries.ExistsAsync(db, id, ct))
        {
            return null;
        }

        var lines = await (
                from l in db.ProducerReportLines.AsNoTracking()
                join p in db.Producers on l.ProducerId equals p.Id
                where l.SessionId == id
                orderby p.Name, l.ProductName
                select new { l, ProducerName = p.Name })
            .ToListAsync(ct);
        var paid = await db.Orders.AsNoTracking()
            .Where(o => o.SessionId == id && o.Status != OrderStatus.Cancelled && o.PaymentStatus == Payments.PaymentStatus.Paid)
            .GroupBy(o => o.ProducerId).Select(g => new { ProducerId = g.Key, Orders = g.Count(), Revenue = g.Sum(o => o.TotalVnd) })
            .ToDictionaryAsync(x => x.ProducerId, ct);
        var parcels = await DeliveryQueries.SessionFiguresAsync(db, id, null, ct);
        var producers = lines.GroupBy(x => (x.l.ProducerId, x.ProducerName))
            .Select(g => new ProducerReport(g.Key.ProducerId, g.Key.ProducerName, g.Sum(x => x.l.Orders), g.Sum(x => x.l.Units),
                g.Sum(x => x.l.RevenueVnd),
                g.Select(x => new ReportProductLine(x.l.ProductId, x.l.ProductName, x.l.Orders, x.l.Units, x.l.RevenueVnd)).ToList(),
                $"/api/producers/{g.Key.ProducerId}/reports/{id}.csv")
            {
                PaidOrders = paid.GetValueOrDefault(g.Key.ProducerId)?.Orders ?? 0,
                PaidRevenueVnd = paid.GetValueOrDefault(g.Key.ProducerId)?.Revenue ?? 0,
                Parcels = parcels.GetValueOrDefault(g.Key.ProducerId, SessionParcelFigures.None),
            })
            .ToList();
        return new SessionReports(id, lines.Count == 0 ? null : lines.Max(x => x.l.GeneratedAt), producers);
    }

    /// <summary>
    /// A producer's report for one session (staff, or the producer itself): one CSV (UTF-8 with a BOM, so spreadsheet programs read Vietnamese) with a header row and
    /// kinds of rows told apart by <c>section</c>: <c>sales</c> per product, then each <c>order</c>
    /// to fulfil with customer, address and its parcel, a <c>payment</c> summary, and a
    /// <c>delivery</c> summary (parcels made, delivered, returned; COD collected, settled, fees).
    /// Columns are only ever appended, so a spreadsheet built on the earlier columns keeps reading
    /// them where they were. Times in Asia/Ho_Chi_Minh.
    /// </summary>
    public static async Task<Outcome<byte[]>> ProducerCsvAsync(
        OcopDbContext db, Guid producerId, Guid sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var lines = await db.ProducerReportLines.AsNoTracking()
            .Where(l => l.SessionId == sessionId && l.ProducerId == producerId).OrderBy(l => l.ProductName).ToListAsync(ct);
        if (lines.Count == 0)
        {
            return Refusal.NotFound("Chưa có báo cáo cho phiên này (no report yet: it is written after ordering closes)");
        }

        var names = lines.ToDictionary(l => l.ProductId, l => l.ProductName);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.SessionId == sessionId && o.ProducerId == producerId && o.Status != OrderStatus.Cancelled)
            .OrderBy(o => o.Number).ToListAsync(ct);
        var shipments = await db.Shipments.AsNoTracking().Where(s => s.SessionId == sessionId && s.ProducerId == producerId)
            .ToDictionaryAsync(s => s.OrderId, ct);
        var figures = (await DeliveryQueries.SessionFiguresAsync(db, sessionId, producerId, ct)).GetValueOrDefault(producerId, SessionParcelFigures.None);

        string?[] header =
        [
            "section", "productId", "productName", "orders", "units", "revenueVnd", "orderNumber", "createdAtLocal", "quantity",
            "totalVnd", "customerName", "customerPhone", "province", "commune", "street", "status", "paymentMethod", "paymentStatus",
            "paidVnd",
            // Appended for parcels: per order its parcel; the delivery row's figures.
            "carrier", "trackingCode", "parcelStatus", "parcelsCreated", "parcelsDelivered", "parcelsReturned", "codCollectedVnd",
            "codSettledVnd", "codFeesVnd",
        ];
        string?[] noParcel = [null, null, null, null, null, null, null, null, null];
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, CsvExport.Options(byteOrderMark: true), leaveOpen: true))
        {
            await csv.WriteRecordAsync(header!, ct);
            foreach (var l in lines)
            {
                string?[] row = ["sales", l.ProductId.ToString(), CsvExport.Text(l.ProductName), Num(l.Orders), Num(l.Units), Num(l.RevenueVnd),
                    null, null, null, null, null, null, null, null, null, null, null, null, null, .. noParcel];
                await csv.WriteRecordAsync(row!, ct);
            }

            foreach (var o in orders)
            {
                var local = VnFormat.Local(o.CreatedAt);
                string?[] row = ["order", o.ProductId.ToString(), CsvExport.Text(names.GetValueOrDefault(o.ProductId)), null, null, null, Num(o.Number),
                    local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Num(o.Quantity), Num(o.TotalVnd),
                    CsvExport.Text(o.CustomerName), o.CustomerPhone, CsvExport.Text(o.Province), CsvExport.Text(o.Commune), CsvExport.Text(o.Street), o.Status.ToString(), o.PaymentMethod.ToString(), o.PaymentStatus.ToString(),
                    Num(o.PaidVnd), .. ParcelOf(shipments.GetValueOrDefault(o.Id)), null, null, null, null, null, null];
                await csv.WriteRecordAsync(row!, ct);
            }

            // Paid revenue against ordered revenue: the orders whose money has arrived (any partial
            // payment shows in the orders' paidVnd, not here).
            var paid = orders.Where(o => o.PaymentStatus == Payments.PaymentStatus.Paid).ToList();
            string?[] summary = ["payment", null, "paid / ordered", Num(paid.Count), null, Num(paid.Sum(o => o.TotalVnd)), null, null, null,
                Num(orders.Sum(o => o.TotalVnd)), null, null, null, null, null, null, null, null, Num(orders.Sum(o => o.PaidVnd)), .. noParcel];
            await csv.WriteRecordAsync(summary!, ct);

            string?[] delivery = ["delivery", null, "parcels / COD", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, Num(figures.Created), Num(figures.Delivered), Num(figures.Returned), Num(figures.CodCollectedVnd),
                Num(figures.CodSettledVnd), Num(figures.CodFeesVnd)];
            await csv.WriteRecordAsync(delivery!, ct);

            await csv.FlushAsync(ct);
        }

        return buffer.ToArray();
    }

    /// <summary>An order's carrier, tracking code and parcel status; blanks without a parcel. The code came from a carrier: escaped as text.</summary>
    private static string?[] ParcelOf(Shipment? s) =>
        s?.TrackingCode is null ? [null, null, null] : [s.Carrier.ToString(), CsvExport.Text(s.TrackingCode), s.Status.ToString()];

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
