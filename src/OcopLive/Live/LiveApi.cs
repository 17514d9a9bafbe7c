using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;
using QRCoder;

namespace OcopLive.Live;

/// <summary>Anonymous live figures and the overlay's QR code.</summary>
public static class LiveApi
{
    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/live", GetLive).WithTags("Live").AllowAnonymous();
        app.MapGet("/overlay/{id:guid}/qr.svg", GetOrderQr).WithTags("Live").AllowAnonymous();
        return app;
    }

    /// <summary>The session's live figures, the same object the hub's <c>snapshot</c> carries.</summary>
    public static async Task<Results<Ok<LiveSnapshot>, ProblemHttpResult>> GetLive(Guid id, LiveFigures figures, CancellationToken ct)
    {
        var snapshot = await figures.ReadAsync(id, ct);
        return snapshot is null ? Problems.NotFound("Không tìm thấy phiên (session not found)") : TypedResults.Ok(snapshot);
    }

    /// <summary>A QR code (SVG) of the viewer order page <c>/s/{id}</c>, for the overlay.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetOrderQr(
        Guid id, HttpRequest request, OcopDbContext db, IOptions<OcopLiveOptions> options, CancellationToken ct)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == id, ct))
        {
            return Problems.NotFound("Không tìm thấy phiên (session not found)");
        }

        var baseUrl = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : options.Value.PublicBaseUrl;
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(OrderQrSvg(LiveFigures.OrderUrl(baseUrl, id))), "image/svg+xml");
    }

    public static string OrderQrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(10, "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
