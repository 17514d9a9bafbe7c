using System.ComponentModel.DataAnnotations;

namespace OcopLive.Common;

/// <summary>The <c>OcopLive</c> configuration section (environment: <c>OcopLive__…</c>).</summary>
public sealed class OcopLiveOptions
{
    public const string Section = "OcopLive";

    /// <summary>Applies pending EF Core migrations at start.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    public BootstrapOptions Bootstrap { get; set; } = new();

    /// <summary>Optional Redis connection string; when set, SignalR scales out over it.</summary>
    public string? Redis { get; set; }

    public RateLimitingOptions RateLimiting { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public LiveOptions Live { get; set; } = new();

    /// <summary>Hotline number shown on the overlay and the viewer page.</summary>
    [MaxLength(32)]
    public string HotlinePhone { get; set; } = "1900 6868";

    /// <summary>
    /// Public base URL for links printed in QR codes (e.g. https://ocoplive.vn). When empty, the
    /// request's own scheme and host are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// How long a hub token (<c>POST /api/auth/hub-token</c>) is valid. The producer hub closes a
    /// connection when its token expires and the page reconnects with a fresh one, so this is also
    /// how often the hub re-checks the user.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HubTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public sealed class BootstrapOptions
    {
        public string? AdminPassword { get; set; }
    }

    public sealed class RateLimitingOptions
    {
        public bool Enabled { get; set; } = true;
    }

    public sealed class LiveOptions
    {
        /// <summary>
        /// Viewers' phones one node follows over /hubs/live (<c>JoinViewer</c>); beyond it, new viewer
        /// pages poll <c>GET /api/sessions/{id}/now</c> every 2 s instead (0 = no limit).
        /// </summary>
        public int MaxViewerConnections { get; set; } = 20_000;
    }

    public sealed class DemoOptions
    {
        /// <summary>Loads the Hà Tĩnh demo catalogue and a demo session at start (idempotent).</summary>
        public bool Seed { get; set; }
    }
}
