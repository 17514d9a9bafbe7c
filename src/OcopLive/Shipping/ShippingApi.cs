using Microsoft.AspNetCore.Http.HttpResults;
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
        var (batch, refusal) = await ShippingQueries.BatchAsync(db, id, sessionId, request.HttpContext.User, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var baseUrl = options.Value.PublicOrigin(request);
        var pdf = await Task.Run(() => ShippingPdf.Labels(batch!.Parcels, batch.Sender, p => ScanUrl(baseUrl, p.OrderId), "Nhãn gửi hàng"), ct);
        return TypedResults.File(pdf, "application/pdf", $"nhan-gui-hang-{sessionId:N}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PackingSlips(Guid id, Guid sessionId, OcopDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        var (batch, refusal) = await ShippingQueries.BatchAsync(db, id, sessionId, request.HttpContext.User, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var pdf = await Task.Run(() => ShippingPdf.PackingSlips(batch!.Parcels, batch.Sender, "Phiếu đóng gói"), ct);
        return TypedResults.File(pdf, "application/pdf", $"phieu-dong-goi-{sessionId:N}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Carrier(Guid id, Guid sessionId, OcopDbContext db,
        HttpRequest request, CancellationToken ct)
    {
        var (batch, refusal) = await ShippingQueries.BatchAsync(db, id, sessionId, request.HttpContext.User, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        return TypedResults.File(CarrierXlsx.Build(batch!.Parcels), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"van-don-{sessionId:N}.xlsx");
    }
}
