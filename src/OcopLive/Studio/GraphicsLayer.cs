using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Sessions;

namespace OcopLive.Studio;

/// <summary>
/// The overlay's graphics layers. <c>lowerThird</c> (producer, commune, OCOP stars) fires by itself
/// at each segment start for <see cref="StudioOptions.LowerThirdSeconds"/>; <c>lowStock</c> ("sắp hết
/// hàng") shows by itself when the product on air runs low; <c>flashDeal</c> is a countdown;
/// <c>ticker</c> is the buyers ticker. The control room fires and clears each of them.
/// </summary>
public static class Layers
{
    public const string LowerThird = "lowerThird";
    public const string LowStock = "lowStock";
    public const string FlashDeal = "flashDeal";
    public const string Ticker = "ticker";

    public static readonly string[] All = [LowerThird, LowStock, FlashDeal, Ticker];
}

/// <summary>
/// One layer's state for a session: <see cref="Shown"/> true when fired (until <see cref="Until"/>
/// when set), false when cleared. No row: the layer's automatic behaviour.
/// </summary>
public sealed class GraphicsLayer
{
    public Guid SessionId { get; set; }
    public required string Layer { get; set; }
    public bool Shown { get; set; }
    public string? Title { get; set; }
    public string? Detail { get; set; }
    public short? Stars { get; set; }
    public DateTimeOffset? Until { get; set; }
    public DateTimeOffset FiredAt { get; set; }
}

/// <summary>A layer as the overlay reads it (<c>GET /api/sessions/{id}/graphics</c>, the hub's <c>graphics</c> event).</summary>
public sealed record LayerView(string Layer, bool Shown, string? Title, string? Detail, int? Stars, DateTimeOffset? Until, DateTimeOffset FiredAt)
{
    public static LayerView From(GraphicsLayer l) => new(l.Layer, l.Shown, l.Title, l.Detail, l.Stars, l.Until, l.FiredAt);
}

public sealed record GraphicsView(Guid SessionId, IReadOnlyList<LayerView> Layers, int LowStockUnits);

/// <summary><c>POST /api/sessions/{id}/graphics/{layer}</c>: <c>seconds</c> on screen (null: until cleared); <c>title</c> for a flash deal's words.</summary>
public sealed record FireRequest(int? Seconds, string? Title);

internal sealed class GraphicsLayerConfiguration : IEntityTypeConfiguration<GraphicsLayer>
{
    public void Configure(EntityTypeBuilder<GraphicsLayer> b)
    {
        b.ToTable("graphics_layers");
        b.HasKey(l => new { l.SessionId, l.Layer });
        b.Property(l => l.Layer).HasMaxLength(20);
        b.Property(l => l.Title).HasMaxLength(200);
        b.Property(l => l.Detail).HasMaxLength(200);
        b.HasOne<Session>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
