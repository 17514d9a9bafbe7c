using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Shipping;

/// <summary>
/// Packing and shipping for a producer and a session: A6 labels (4 per A4), packing slips, the
/// carrier's bulk-upload XLSX. The owning producer or staff.
/// </summary>
public static class ShippingApi
{
    public static IEndpointRouteBuilder MapShipping(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/producers/{id:guid}/sessions/{sessionId:guid}").WithTags("Shipping")
            .RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/labels.pdf", Labels).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/packing-slips.pdf", PackingSlips).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/carrier.xlsx", Carrier)
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The address a label's QR code opens: the order's page for marking it shipped.</summary>
    public static string ScanUrl(string baseUrl, Guid orderId) => $"{baseUrl.TrimEnd('/')}/producer/ship/{orderId}";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Labels(Guid id, Guid sessionId, OcopDbContext db,
        HttpRequest request, IOptions<OcopLiveOptions> options, CancellationToken ct)
    {
        var (sender, parcels, problem) = await LoadAsync(id, sessionId, db, request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var baseUrl = options.Value.PublicOrigin(request);
        var pdf = await Task.Run(() => ShippingPdf.Labels(parcels!, sender!, p => ScanUrl(baseUrl, p.OrderId), "Nhãn gửi hàng"), ct);
        return TypedResults.File(pdf, "application/pdf", $"nhan-gui-hang-{sessionId:N}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PackingSlips(Guid id, Guid sessionId, OcopDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        var (sender, parcels, problem) = await LoadAsync(id, sessionId, db, request, ct);
        if (problem is not null)
        {
            return problem;
        }

        var pdf = await Task.Run(() => ShippingPdf.PackingSlips(parcels!, sender!, "Phiếu đóng gói"), ct);
        return TypedResults.File(pdf, "application/pdf", $"phieu-dong-goi-{sessionId:N}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Carrier(Guid id, Guid sessionId, OcopDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        var (_, parcels, problem) = await LoadAsync(id, sessionId, db, request, ct);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.File(CarrierXlsx.Build(parcels!), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"van-don-{sessionId:N}.xlsx");
    }

    private static async Task<(Sender?, List<Parcel>?, ProblemHttpResult?)> LoadAsync(Guid producerId, Guid sessionId, OcopDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        if (!request.HttpContext.User.MaySeeProducer(producerId))
        {
            return (null, null, Problems.Forbidden("Không phải chủ thể của bạn (not your producer)"));
        }

        var producer = await db.Producers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == producerId, ct);
        if (producer is null)
        {
            return (null, null, Problems.ProducerNotFound());
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return (null, null, Problems.SessionNotFound());
        }

        var sender = new Sender(producer.Name, producer.Phone.StartsWith("+84", StringComparison.Ordinal) ? "0" + producer.Phone[3..] : producer.Phone,
            $"{producer.Commune}, {producer.Province}");
        return (sender, await Parcel.ForAsync(db, producerId, sessionId, ct), null);
    }
}
