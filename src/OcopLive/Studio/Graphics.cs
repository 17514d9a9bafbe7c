using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Studio;

/// <summary>Firing and clearing the overlay's layers (see <see cref="Layers"/>); every change is pushed to the overlay.</summary>
public sealed class Graphics(OcopDbContext db, TimeProvider clock, StudioNotifier notifier, IOptions<StudioOptions> options)
{
    public const int MaxSeconds = 3600;

    public async Task<Outcome<GraphicsView>> FireAsync(Guid sessionId, string layer, FireRequest request, CancellationToken ct)
    {
        if (!Layers.All.Contains(layer))
        {
            return Refusal.NotFound("Không có lớp đồ họa này (no such layer): " + string.Join(", ", Layers.All));
        }

        var errors = new Errors();
        if (request.Seconds is < 1 or > MaxSeconds)
        {
            errors.Add("seconds", $"Từ 1 đến {MaxSeconds} giây (1 to {MaxSeconds}).");
        }
        else if (layer == Layers.FlashDeal && request.Seconds is null)
        {
            errors.Add("seconds", "Đếm ngược bao nhiêu giây (a flash deal needs its countdown in seconds).");
        }

        var title = Text.Optional(errors, "title", request.Title, 200);
        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        var now = clock.GetUtcNow();
        var row = await RowAsync(sessionId, layer, ct);
        row.Shown = true;
        row.Title = title;
        row.Detail = null;
        row.Stars = null;
        row.FiredAt = now;
        row.Until = request.Seconds is { } seconds ? now.AddSeconds(seconds) : null;
        if (layer == Layers.LowerThird)
        {
            var onAir = await OnAirAsync(sessionId, null, ct);
            if (onAir is null)
            {
                return Refusal.Conflict("nothing-on-air", "Chưa có sản phẩm trên sóng (nothing on air)");
            }

            (row.Title, row.Detail, row.Stars) = (title ?? onAir.Value.Title, onAir.Value.Detail, onAir.Value.Stars);
        }

        await db.SaveChangesAsync(ct);
        return await PushAsync(sessionId, ct);
    }

    public async Task<Outcome<GraphicsView>> ClearAsync(Guid sessionId, string layer, CancellationToken ct)
    {
        if (!Layers.All.Contains(layer))
        {
            return Refusal.NotFound("Không có lớp đồ họa này (no such layer): " + string.Join(", ", Layers.All));
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        var row = await RowAsync(sessionId, layer, ct);
        row.Shown = false;
        row.Until = null;
        row.FiredAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return await PushAsync(sessionId, ct);
    }

    /// <summary>
    /// A segment went on air: the lower third (producer, commune, stars) for the set time, and
    /// "sắp hết hàng" back to automatic (a clear was for the previous product).
    /// </summary>
    public async Task SegmentStartedAsync(Guid sessionId, int position, CancellationToken ct)
    {
        var onAir = await OnAirAsync(sessionId, position, ct);
        if (onAir is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var row = await RowAsync(sessionId, Layers.LowerThird, ct);
        (row.Shown, row.Title, row.Detail, row.Stars, row.FiredAt, row.Until) =
            (true, onAir.Value.Title, onAir.Value.Detail, onAir.Value.Stars, now, now.AddSeconds(options.Value.LowerThirdSeconds));
        await db.Set<GraphicsLayer>().Where(l => l.SessionId == sessionId && l.Layer == Layers.LowStock).ExecuteDeleteAsync(ct);
        await db.SaveChangesAsync(ct);
        await PushAsync(sessionId, ct);
    }

    private async Task<GraphicsView> PushAsync(Guid sessionId, CancellationToken ct)
    {
        var view = await StudioQueries.GraphicsAsync(db, sessionId, options.Value.LowStockUnits, ct);
        await notifier.GraphicsAsync(view, ct);
        return view;
    }

    private async Task<GraphicsLayer> RowAsync(Guid sessionId, string layer, CancellationToken ct)
    {
        var row = await db.Set<GraphicsLayer>().FirstOrDefaultAsync(l => l.SessionId == sessionId && l.Layer == layer, ct);
        if (row is null)
        {
            row = new GraphicsLayer { SessionId = sessionId, Layer = layer };
            db.Add(row);
        }

        return row;
    }

    /// <summary>The lower third's words for the segment at <paramref name="position"/> (null: the one on air).</summary>
    private async Task<(string Title, string Detail, short Stars)?> OnAirAsync(Guid sessionId, int? position, CancellationToken ct)
    {
        position ??= await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.CurrentPosition).FirstOrDefaultAsync(ct);
        if (position is null)
        {
            return null;
        }

        var row = await (from s in db.Segments
                         join p in db.Products on s.ProductId equals p.Id
                         join r in db.Producers on s.ProducerId equals r.Id
                         where s.SessionId == sessionId && s.Position == position
                         select new { r.Name, r.Commune, r.Province, p.OcopStars }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Name, $"{row.Commune}, {row.Province}", row.OcopStars);
    }
}
