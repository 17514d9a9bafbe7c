using OcopLive.Common;

namespace OcopLive.Live;

/// <summary>The anonymous live reads: a session's figures from <see cref="LiveCache"/>, and the overlay's order QR code.</summary>
public static class LiveQueries
{
    /// <summary>The session's cached figures; 404 an unknown session, 503 (retry after 2 s) while the figures cannot be read.</summary>
    public static async Task<Outcome<LiveEntry>> EntryAsync(LiveCache cache, Guid id, CancellationToken ct)
    {
        try
        {
            return await cache.GetAsync(id, ct) is { } entry ? entry : Refusal.NotFound(Problems.SessionNotFoundTitle);
        }
        catch (LiveFiguresUnavailableException)
        {
            return Refusal.Unavailable("unavailable", "Chưa đọc được số liệu, hãy thử lại (figures unavailable)", retryAfterSeconds: 2);
        }
    }

    /// <summary>A QR code (SVG, 10 px modules) of the viewer order page <c>/s/{id}</c> under <paramref name="origin"/>; null for an unknown session.</summary>
    public static async Task<byte[]?> OrderQrSvgAsync(LiveCache cache, string origin, Guid id, CancellationToken ct) =>
        await cache.GetAsync(id, ct) is null
            ? null
            : System.Text.Encoding.UTF8.GetBytes(Payments.QrImages.Svg(LiveFigures.OrderUrl(origin, id), pixelsPerModule: 10));
}
