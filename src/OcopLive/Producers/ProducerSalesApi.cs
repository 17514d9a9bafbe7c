using System.Globalization;
using System.Security.Claims;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Producers;

/// <summary>A producer's own sales and orders: the owning Producer, Admin and Director.</summary>
public static class ProducerSalesApi
{
    public static IEndpointRouteBuilder MapProducerSales(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers/{id:guid}").WithTags("Producers").RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/sales", GetSales);
        group.MapGet("/payment-totals", GetPaymentTotals);
        group.MapGet("/orders", GetOrders).Produces<List<OrderDetails>>().Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Ok<ProducerSales>, ProblemHttpResult>> GetSales(
        Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Refuse(id, sessionId, db, user, ct) is { } refusal
            ? refusal
            : TypedResults.Ok(await ProducerQueries.SalesAsync(db, id, sessionId, ct));

    public static async Task<Results<Ok<ProducerPaymentTotals>, ProblemHttpResult>> GetPaymentTotals(
        Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Refuse(id, sessionId, db, user, ct) is { } refusal
            ? refusal
            : TypedResults.Ok(await ProducerQueries.PaymentTotalsAsync(db, id, sessionId, ct));

    public const int DefaultPage = 100;
    public const int MaxPage = 500;

    /// <summary>The header carrying the cursor of the next page (absent on the last page).</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>
    /// The producer's orders with customers, for fulfilment: JSON or CSV (UTF-8, header row). The
    /// CSV and the plain JSON answer are complete (oldest first). With <paramref name="limit"/> or
    /// <paramref name="after"/> the JSON answer is one page, newest first (the portal's list):
    /// still a bare array, with the next page's cursor in <c>X-Next-Cursor</c> and a <c>Link</c>
    /// <c>rel="next"</c> when there is more.
    /// </summary>
    public static async Task<IResult> GetOrders(
        Guid id, Guid? sessionId, string? format, Payments.PaymentStatus? payment, int? limit, string? after,
        OcopDbContext db, ClaimsPrincipal user, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (await Refuse(id, sessionId, db, user, ct) is { } refusal)
        {
            return refusal;
        }

        format = string.IsNullOrEmpty(format) ? "json" : format.ToLowerInvariant();
        if (format is not ("json" or "csv"))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["format"] = ["csv hoặc json (csv or json)."] });
        }

        var orders = db.Orders.Where(o => o.ProducerId == id);
        if (sessionId is { } sid)
        {
            orders = orders.Where(o => o.SessionId == sid);
        }

        if (payment is { } undefined && !Enum.IsDefined(undefined))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["payment"] = ["Unpaid, Paid hoặc Refunded."] });
        }

        if (payment is { } paymentStatus)
        {
            orders = orders.Where(o => o.PaymentStatus == paymentStatus);
        }

        if (format == "json" && (limit is not null || after is not null))
        {
            return await PageAsync(orders, limit ?? DefaultPage, after, db, http, ct);
        }

        var rows = await OrderQueries.Details(orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number), db).ToListAsync(ct);
        if (format == "json")
        {
            return TypedResults.Ok(rows);
        }

        // An export (a file that leaves the app with every customer's name, phone and address) is audited;
        // the portal's own list (JSON, reloaded on each sale) is not.
        await AccessAudits.RecordAsync(db, user, clock, AccessAudit.OrdersExport,
            sessionId is { } audited ? $"producer {id} session {audited}" : $"producer {id}", rows.Count, ct);
        var fileName = sessionId is { } s2 ? $"don-hang-{s2:N}.csv" : "don-hang.csv";
        return TypedResults.File(ToCsv(rows), "text/csv; charset=utf-8", fileName);
    }

    private static async Task<IResult> PageAsync(
        IQueryable<Order> orders, int limit, string? after, OcopDbContext db, HttpContext http, CancellationToken ct)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["limit"] = [$"1–{MaxPage}."] });
        }

        if (after is not null)
        {
            if (!TryReadCursor(after, out var at, out var number))
            {
                return Problems.Validation(new Dictionary<string, string[]> { ["after"] = ["Con trỏ không hợp lệ (invalid cursor)."] });
            }

            orders = orders.Where(o => o.CreatedAt < at || (o.CreatedAt == at && o.Number < number));
        }

        var rows = await OrderQueries.Details(orders.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Number).Take(limit + 1), db)
            .ToListAsync(ct);
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            var cursor = Cursor(rows[^1]);
            http.Response.Headers[NextCursorHeader] = cursor;
            var query = http.Request.Query
                .Where(q => q.Key is not ("after" or "limit"))
                .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? "")))
                .Append("limit=" + limit.ToString(CultureInfo.InvariantCulture))
                .Append("after=" + cursor);
            http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}>; rel=\"next\"";
        }

        return TypedResults.Ok(rows);
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

    /// <summary>Another producer's figures → 403; an unknown producer or session → 404 (<see cref="ProducerQueries.RefuseAsync"/>).</summary>
    private static async Task<ProblemHttpResult?> Refuse(Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        (await ProducerQueries.RefuseAsync(db, id, sessionId, user, ct))?.ToProblem();
}
