using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Common;
using OcopLive.Live;

namespace OcopLive.Pages;

/// <summary>
/// The host's overlay: a 1920×1080 transparent page for an OBS/vMix browser source. Rendered with
/// the current figures (from the live cache) so it is right from the first frame; overlay.js then follows /hubs/live.
/// Layout options in the query: <c>position</c> (bottom-left, bottom-right, top-left, top-right),
/// <c>scale</c> (0.3–3) and <c>show</c> (any of price, stars, counter, stock, qr, hotline, producer).
/// </summary>
public sealed class OverlayModel(LiveCache cache, OcopLive.Data.OcopDbContext db, Microsoft.Extensions.Options.IOptions<OcopLive.Studio.StudioOptions> studio) : PageModel
{
    /// <summary>
    /// <c>?layout=</c>: <c>full</c> (the card, every graphics layer and the buyers ticker),
    /// <c>lowerthird</c> (the lower third only) or <c>ticker</c> (the buyers ticker only), each a
    /// separate OBS browser source. Without it: the card and the graphics layers, the ticker by <c>show=buyers</c>.
    /// </summary>
    public static readonly string[] Layouts = ["full", "lowerthird", "ticker"];

    public string? Layout { get; private set; }

    /// <summary>The graphics layers' state when the page was rendered (overlay-graphics.js follows the hub from there).</summary>
    public OcopLive.Studio.GraphicsView Graphics { get; private set; } = null!;

    public string GraphicsJson => System.Text.Json.JsonSerializer.Serialize(Graphics, GraphicsJsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions GraphicsJsonOptions = WireOptions();

    private static System.Text.Json.JsonSerializerOptions WireOptions()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        WireJson.Configure(options);
        return options;
    }

    public static readonly string[] Positions = ["bottom-left", "bottom-right", "top-left", "top-right"];
    public static readonly string[] Parts = ["price", "stars", "counter", "stock", "qr", "hotline", "producer"];

    /// <summary>
    /// Parts that are off unless asked for. Asking only for these (<c>?show=buyers</c>) adds them to
    /// the default parts; listing regular parts too gives exactly the list.
    /// </summary>
    public static readonly string[] OptInParts = ["buyers"];

    public LiveSnapshot Snapshot { get; private set; } = null!;
    public string Position { get; private set; } = Positions[0];
    public double Scale { get; private set; } = 1;
    public HashSet<string> Show { get; private set; } = [.. Parts];

    public async Task<IActionResult> OnGetAsync(Guid sessionId, string? position, string? scale, string? show, string? layout, CancellationToken ct)
    {
        if (await cache.GetAsync(sessionId, ct) is not { Snapshot: var snapshot })
        {
            return NotFound();
        }

        Snapshot = snapshot;
        Layout = Layouts.Contains(layout?.ToLowerInvariant()) ? layout!.ToLowerInvariant() : null;
        Graphics = await OcopLive.Studio.StudioQueries.GraphicsAsync(db, sessionId, studio.Value.LowStockUnits, ct);
        Position = Positions.Contains(position) ? position! : Positions[0];
        if (double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s))
        {
            Scale = Math.Clamp(s, 0.3, 3);
        }

        if (!string.IsNullOrWhiteSpace(show))
        {
            var asked = show.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.ToLowerInvariant()).ToList();
            Show = asked.Count > 0 && asked.All(OptInParts.Contains)
                ? [.. Parts, .. asked]
                : [.. asked.Where(p => Parts.Contains(p) || OptInParts.Contains(p))];
        }

        if (Layout is "full")
        {
            Show.Add("buyers");
        }

        return Page();
    }

    /// <summary>Whether the layout draws this piece: <c>card</c>, <c>layers</c> (lower third, low stock, flash deal), <c>lowerthird</c>, <c>ticker</c>.</summary>
    public bool Draws(string piece) => Layout switch
    {
        "lowerthird" => piece == "lowerthird",
        "ticker" => piece == "ticker",
        _ => piece != "ticker" || Shows("buyers"),
    };

    public bool Shows(string part) => Show.Contains(part);

    /// <summary>The value of a <c>hidden</c> attribute: null (attribute left out) when the part is shown.</summary>
    public string? Hidden(string part) => Shows(part) ? null : "hidden";

    public static string Money(long vnd) => VnFormat.Money(vnd);

    public static string Number(long n) => VnFormat.Number(n);

    public static string Stars(int n) => new('★', Math.Clamp(n, 0, 5));

    public string ScaleText => Scale.ToString("0.###", CultureInfo.InvariantCulture);
}
