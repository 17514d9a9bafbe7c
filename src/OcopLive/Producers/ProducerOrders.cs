using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;
using OcopLive.Payments;

namespace OcopLive.Producers;

/// <summary>What <c>GET /api/producers/{id}/orders</c> asks for; every field is optional.</summary>
public sealed record ProducerOrdersFilter(Guid? SessionId, string? Format, PaymentStatus? Payment, int? Limit, string? After);

/// <summary>
/// The producer's orders: all of them as JSON rows, one page of them (with the next page's cursor
/// and the page size when there is more), or the CSV export (<see cref="Csv"/>).
/// </summary>
public sealed record ProducerOrderList(List<OrderDetails> Rows, string? NextCursor = null, int PageSize = 0, ProducerOrdersCsv? Csv = null);

public sealed record ProducerOrdersCsv(byte[] Bytes, string FileName);

/// <summary>
/// A producer's orders with customers, for fulfilment: JSON or CSV (UTF-8, header row). The CSV
/// and the plain JSON answer are complete (oldest first). With a limit or a cursor the JSON answer
/// is one page, newest first (the portal's list). An export (a file that leaves the app with every
/// customer's name, phone and address) is audited; the portal's own list is not. Another
/// producer's orders → 403; an unknown producer or session → 404.
/// </summary>
public sealed class ProducerOrders(OcopDbContext db, TimeProvider clock)
{
    public const int DefaultPage = 100;
    public const int MaxPage = 500;

    public async Task<Outcome<ProducerOrderList>> ListAsync(Guid id, ProducerOrdersFilter filter, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await ProducerQueries.RefuseAsync(db, id, filter.SessionId, user, ct) is { } refusal)
        {
            return refusal;
        }

        var format = string.IsNullOrEmpty(filter.Format) ? "json" : filter.Format.ToLowerInvariant();
        if (format is not ("json" or "csv"))
        {
            return Refusal.Invalid("format", "csv hoặc json (csv or json).");
        }

        var orders = db.Orders.Where(o => o.ProducerId == id);
        if (filter.SessionId is { } sid)
        {
            orders = orders.Where(o => o.SessionId == sid);
        }

        if (filter.Payment is { } undefined && !Enum.IsDefined(undefined))
        {
            return Refusal.Invalid("payment", "Unpaid, Paid hoặc Refunded.");
        }

        if (filter.Payment is { } paymentStatus)
        {
            orders = orders.Where(o => o.PaymentStatus == paymentStatus);
        }

        if (format == "json" && (filter.Limit is not null || filter.After is not null))
        {
            return await PageAsync(orders, filter.Limit ?? DefaultPage, filter.After, ct);
        }

        var rows = await OrderQueries.Details(orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number), db).ToListAsync(ct);
        if (format == "json")
        {
            return new ProducerOrderList(rows);
        }

        await AccessAudits.RecordAsync(db, user, clock, AccessAudit.OrdersExport,
            filter.SessionId is { } audited ? $"producer {id} session {audited}" : $"producer {id}", rows.Count, ct);
        var fileName = filter.SessionId is { } s2 ? $"don-hang-{s2:N}.csv" : "don-hang.csv";
        return new ProducerOrderList(rows, Csv: new ProducerOrdersCsv(ToCsv(rows), fileName));
    }

    private async Task<Outcome<ProducerOrderList>> PageAsync(IQueryable<Order> orders, int limit, string? after, CancellationToken ct)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Refusal.Invalid("limit", $"1–{MaxPage}.");
        }

        if (after is not null)
        {
            if (!TryReadCursor(after, out var at, out var number))
            {
                return Refusal.Invalid("after", "Con trỏ không hợp lệ (invalid cursor).");
            }

            orders = orders.Where(o => o.CreatedAt < at || (o.CreatedAt == at && o.Number < number));
        }

        var rows = await OrderQueries.Details(orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number).Take(limit + 1), db)
            .ToListAsync(ct);
        if (rows.Count <= limit)
        {
            return new ProducerOrderList(rows, PageSize: limit);
        }

        rows.RemoveAt(limit);
        return new ProducerOrderList(rows, Cursor(rows[^1]), limit);
    }

    /// <summary>Opaque to clients: the last order's creation time (UTC ticks) and number, base64url.</summary>
    private static string Cursor(OrderDetails last) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes(
            last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "." + last.Number.ToString(CultureInfo.InvariantCulture)));

    private static bool TryReadCursor(string cursor, out DateTimeOffset at, out long number)
    {
        at = default;
        number = 0;
        string text;
        try
        {
            text = Encoding.ASCII.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    public static readonly string[] CsvHeader =
    [
        "number", "createdAt", "createdAtVietnam", "status", "sessionId", "productId", "productName", "quantity", "unitPriceVnd",
        "totalVnd", "customerName", "customerPhone", "province", "commune", "street", "channel", "paymentMethod", "paymentStatus",
        "paidVnd", "transferNote",
    ];

    public static byte[] ToCsv(IEnumerable<OrderDetails> rows)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, CsvExport.Options(byteOrderMark: false), leaveOpen: true))
        {
            csv.WriteRecord(CsvHeader);
            foreach (var o in rows)
            {
                csv.WriteRecord(
                [
                    o.Number.ToString(CultureInfo.InvariantCulture),
                    o.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    VnFormat.Local(o.CreatedAt).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    o.Status.ToString(),
                    o.SessionId.ToString(),
                    o.ProductId.ToString(),
                    CsvExport.Text(o.ProductName),
                    o.Quantity.ToString(CultureInfo.InvariantCulture),
                    o.UnitPriceVnd.ToString(CultureInfo.InvariantCulture),
                    o.TotalVnd.ToString(CultureInfo.InvariantCulture),
                    CsvExport.Text(o.Customer.Name),
                    o.Customer.Phone,
                    CsvExport.Text(o.Address.Province),
                    CsvExport.Text(o.Address.Commune),
                    CsvExport.Text(o.Address.Street),
                    o.Channel.ToString(),
                    o.Payment?.Method.ToString() ?? "",
                    o.Payment?.Status.ToString() ?? "",
                    (o.Payment?.PaidVnd ?? 0).ToString(CultureInfo.InvariantCulture),
                    o.Payment?.TransferNote ?? "",
                ]);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
