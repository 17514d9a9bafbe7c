using System.ComponentModel.DataAnnotations;

namespace OcopLive.Studio;

/// <summary>The <c>OcopLive:Studio</c> section: the switcher's timeouts and the graphics' timings.</summary>
public sealed class StudioOptions
{
    public const string Section = "OcopLive:Studio";

    /// <summary>
    /// The longest one switcher step (connect and identify, or one request) may take. Short: a
    /// switcher that is down or slow must not hold the studio's next action behind it for long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan SwitcherTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the lower third stays up at each segment start (0: not fired by itself).</summary>
    [Range(0, 600)]
    public int LowerThirdSeconds { get; set; } = 8;

    /// <summary>The overlay shows "sắp hết hàng" by itself when the product on air has this many units or fewer.</summary>
    [Range(0, 1_000_000)]
    public int LowStockUnits { get; set; } = 20;
}
