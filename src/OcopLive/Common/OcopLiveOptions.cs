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

    /// <summary>The back-off after failed logins.</summary>
    public Auth.LoginOptions Login { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    public LiveOptions Live { get; set; } = new();

    /// <summary>How the keys that sign logins are protected at rest (see <see cref="Data.KeyProtection"/>).</summary>
    public Data.KeyProtection.Settings DataProtection { get; set; } = new();

    /// <summary>Hotline number shown on the overlay and the viewer page.</summary>
    [MaxLength(32)]
    public string HotlinePhone { get; set; } = "1900 6868";

    /// <summary>
    /// Public base URL for links printed in QR codes (e.g. https://ocoplive.vn). When empty, the
    /// request's own scheme and host are used.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The origin printed in links and QR codes: <see cref="PublicBaseUrl"/> when set, else this request's own.</summary>
    public string PublicOrigin(HttpRequest request) => string.IsNullOrWhiteSpace(PublicBaseUrl)
        ? $"{request.Scheme}://{request.Host}{request.PathBase}"
        : PublicBaseUrl.TrimEnd('/');

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

        /// <summary>
        /// Anonymous <c>GET /api/sessions/{id}/live</c> and <c>/now</c> per client address. A phone
        /// without its hub polls about every 2 s, so 100/s is a couple of hundred phones behind one
        /// carrier-grade NAT address; behind the nginx micro-cache most never reach the app.
        /// </summary>
        public TokenBucket Live { get; set; } = new() { PerSecond = 100, Burst = 600 };

        /// <summary>Any other anonymous request without a policy of its own: viewer and overlay pages, QR codes, the challenge.</summary>
        public TokenBucket Pages { get; set; } = new() { PerSecond = 20, Burst = 200 };

        /// <summary>
        /// Anonymous hub negotiates (and connections that skip negotiate): one per phone joining, a
        /// crowd at once when the QR code appears. The negotiated connection's own requests are not counted.
        /// </summary>
        public TokenBucket Hubs { get; set; } = new() { PerSecond = 20, Burst = 300 };
    }

    public sealed class TokenBucket
    {
        public int PerSecond { get; set; }

        public int Burst { get; set; }

        internal bool IsValid => PerSecond is >= 1 and <= 1_000_000 && Burst >= PerSecond && Burst <= 1_000_000;
    }

    public sealed class ForwardedHeadersSettings
    {
        /// <summary>
        /// Comma-separated IP addresses (or CIDR ranges) of the reverse proxies in front of the app.
        /// Only requests whose peer is one of them may say, in X-Forwarded-For/-Proto, who the client
        /// is and whether it came over HTTPS. Empty: the headers are ignored from everyone.
        /// </summary>
        public string? KnownProxies { get; set; }
    }

    public sealed class LiveOptions
    {
        /// <summary>
        /// Viewers' phones one node follows over /hubs/live (<c>JoinViewer</c>); beyond it, new viewer
        /// pages poll <c>GET /api/sessions/{id}/now</c> every 2 s instead (0 = no limit). Measured:
        /// 6,000 phones on one core shared with PostgreSQL kept the overlays' p99 at 167 ms at 1,000
        /// orders/s (docs/capacity.md).
        /// </summary>
        public int MaxViewerConnections { get; set; } = 6_000;

        /// <summary>
        /// Anonymous /hubs/live connections one client address (IPv4, or IPv6 /64) may hold on one
        /// node; generous because a carrier's NAT puts many phones behind one address (0 = no limit;
        /// off with the other per-client limits, <c>RateLimiting:Enabled=false</c>).
        /// </summary>
        public int MaxConnectionsPerAddress { get; set; } = 200;

        /// <summary>Distinct session ids one /hubs/live connection may ask to join (found or not).</summary>
        public int MaxSessionsPerConnection { get; set; } = 3;
    }

    public sealed class DemoOptions
    {
        /// <summary>Loads the Hà Tĩnh demo catalogue and a demo session at start (idempotent).</summary>
        public bool Seed { get; set; }
    }
}
