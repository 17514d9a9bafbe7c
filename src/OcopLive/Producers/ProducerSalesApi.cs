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

public sealed record ProductSalesRow(Guid ProductId, string Name, int Orders, int Units, long RevenueVnd, int StockLeft);

public sealed record ProducerSales(Guid ProducerId, Guid? SessionId, IReadOnlyList<ProductSalesRow> Products);

/// <summary>A producer's own sales and orders: the owning Producer, Admin and Director.</summary>
public static class ProducerSalesApi
{
    public static IEndpointRouteBuilder MapProducerSales(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers/{id:guid}").WithTags("Producers").RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/sales", GetSales);
        group.MapGet("/orders", GetOrders).Produces<List<OrderDetails>>().Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Ok<ProducerSales>, ProblemHttpResult>> GetSales(
        Guid id, Guid? sessionId, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await Refuse(id, db, user, ct) is { } refusal)
        {
            return refusal;
        }

        var sales = db.ProductSales.Where(s => s.ProducerId == id);
        if (sessionId is { } sid)
        {
            sales = sales.Where(s => s.SessionId == sid);
        }

        var totals = sales.GroupBy(s => s.ProductId).Select(g => new
        {
            ProductId = g.Key,
            Orders = g.Sum(x => x.Orders),
            Units = g.Sum(x => x.Units),
            RevenueVnd = g.Sum(x => x.RevenueVnd),
        });
        var rows = await (from t in totals
                          join p in db.Products on t.ProductId equals p.Id
                          orderby p.Name
                          select new ProductSalesRow(t.ProductId, p.Name, t.Orders, t.Units, t.RevenueVnd, p.Stock))
            .ToListAsync(ct);
        return TypedResults.Ok(new ProducerSales(id, sessionId, rows));
    }

    /// <summary>
    /// The producer's figures per session (only sessions with sales), in the shape of the producer
    /// hub's <c>sales</c> event; stock is the product's stock now.
    /// </summary>
    public static async Task<List<Live.ProducerSales>> BySessionAsync(OcopDbContext db, Guid producerId, Guid? sessionId, CancellationToken ct)
    {
        var sales = db.ProductSales.Where(s => s.ProducerId == producerId);
        if (sessionId is { } sid)
        {
            sales = sales.Where(s => s.SessionId == sid);
        }

        var rows = await (from s in sales
                          join p in db.Products on s.ProductId equals p.Id
                          orderby p.Name
                          select new { s.SessionId, Product = new Live.LiveProduct(s.ProductId, p.Name, s.ProducerId, s.Orders, s.Units, s.RevenueVnd, p.Stock) })
            .ToListAsync(ct);
        return [.. rows.GroupBy(r => r.SessionId).Select(g => new Live.ProducerSales(producerId, g.Key, [.. g.Select(r => r.Product)]))];
    }

    /// <summary>The producer's orders with customers, for fulfilment: JSON or CSV (UTF-8, header row).</summary>
    public static async Task<IResult> GetOrders(
        Guid id, Guid? sessionId, string? format, Payments.PaymentStatus? payment, OcopDbContext db, ClaimsPrincipal user, TimeProvider clock,
        CancellationToken ct)
    {
        if (await Refuse(id, db, user, ct) is { } refusal)
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

        if (payment is { } paymentStatus)
        {
            orders = orders.Where(o => o.PaymentStatus == paymentStatus);
        }

        var rows = await OrdersApi.Details(orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Number), db).ToListAsync(ct);
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

    private static async Task<ProblemHttpResult?> Refuse(Guid id, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(id))
        {
            return Problems.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        return await db.Producers.AnyAsync(p => p.Id == id, ct) ? null : Problems.NotFound("Không tìm thấy chủ thể (producer not found)");
    }
}
