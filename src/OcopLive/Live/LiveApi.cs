using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>Anonymous live figures (from memory, see <see cref="LiveCache"/>) and the overlay's QR code.</summary>
public static class LiveApi
{
    private const string NotFoundTitle = Problems.SessionNotFoundTitle;

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/sessions/{id:guid}/live", GetLive).WithTags("Live").AllowAnonymous();
        app.MapGet("/api/sessions/{id:guid}/now", GetNow).WithTags("Live").AllowAnonymous();
        app.MapGet("/overlay/{id:guid}/qr.svg", GetOrderQr).WithTags("Live").AllowAnonymous();
        return app;
    }

    /// <summary>The session's live figures, the same object the hub's <c>snapshot</c> carries.</summary>
    public static async Task<Results<CachedJson<LiveSnapshot>, ProblemHttpResult>> GetLive(
        Guid id, HttpResponse response, LiveCache cache, CancellationToken ct)
    {
        var (entry, problem) = await EntryAsync(id, response, cache, ct);
        return entry is null ? problem! : new CachedJson<LiveSnapshot>(entry.SnapshotJson, entry.SnapshotETag);
    }

    /// <summary>The viewer's view (under 1 KB), the same object the hub's <c>now</c> carries.</summary>
    public static async Task<Results<CachedJson<ViewerView>, ProblemHttpResult>> GetNow(
        Guid id, HttpResponse response, LiveCache cache, CancellationToken ct)
    {
        var (entry, problem) = await EntryAsync(id, response, cache, ct);
        return entry is null ? problem! : new CachedJson<ViewerView>(entry.ViewJson, entry.ViewETag);
    }

    private static async Task<(LiveEntry? Entry, ProblemHttpResult? Problem)> EntryAsync(
        Guid id, HttpResponse response, LiveCache cache, CancellationToken ct)
    {
        var (entry, refusal) = await LiveQueries.EntryAsync(cache, id, ct);
        if (refusal?.Status == StatusCodes.Status404NotFound)
        {
            // As long as the server remembers the id as unknown, a proxy in front may too.
            response.Headers.CacheControl = $"public, max-age={(int)LiveCache.UnknownFor.TotalSeconds}";
        }

        return (entry, refusal?.ToProblem(response));
    }

    /// <summary>A QR code (SVG) of the viewer order page <c>/s/{id}</c>, for the overlay.</summary>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetOrderQr(
        Guid id, HttpRequest request, LiveCache cache, IOptions<OcopLiveOptions> options, CancellationToken ct)
    {
        if (await LiveQueries.OrderQrSvgAsync(cache, options.Value.PublicOrigin(request), id, ct) is not { } svg)
        {
            return Problems.NotFound(NotFoundTitle);
        }

        // The code goes on air: it must not carry a link built from a Host header someone else
        // chose. With a configured public address it is the same for everyone and may be cached by
        // any proxy; without one it follows this request's host (already limited to AllowedHosts by
        // host filtering) and is cached by nobody, so a forged Host reaches only its own sender.
        request.HttpContext.Response.Headers.CacheControl = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
            ? "private, no-store"
            : "public, max-age=3600";
        return TypedResults.File(svg, "image/svg+xml");
    }
}
