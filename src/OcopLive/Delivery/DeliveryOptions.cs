using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OcopLive.Delivery;

/// <summary>
/// The <c>OcopLive:Carriers</c> section (environment <c>OcopLive__Carriers__…</c>): where each
/// carrier's API is, the callback secret, and how hard the app leans on the carriers. A producer's
/// own account (token, shop) is data, not a setting (<see cref="CarrierAccount"/>).
/// </summary>
public sealed class DeliveryOptions
{
    public const string Section = "OcopLive:Carriers";

    public CarrierEndpoint Ghn { get; set; } = new() { BaseUrl = "https://online-gateway.ghn.vn/shiip/public-api" };

    public CarrierEndpoint Ghtk { get; set; } = new() { BaseUrl = "https://services.giaohangtietkiem.vn" };

    public CarrierEndpoint ViettelPost { get; set; } = new()
    {
        BaseUrl = "https://partner.viettelpost.vn",
        PrintUrl = "https://digitalize.viettelpost.vn/DigitalizePrint/report.do",
    };

    /// <summary>
    /// The secret in the callback addresses. Empty: the callback routes answer 404. At least
    /// <see cref="MinWebhookSecretLength"/> URL-safe characters (letters, digits, <c>-_.~</c>): it is
    /// the only credential of the callbacks, and it sits in a path segment.
    /// </summary>
    public string? WebhookSecret { get; set; }

    public const int MinWebhookSecretLength = 24;

    /// <summary>Unset, or long enough and made of characters a path segment carries as they are.</summary>
    public static bool WebhookSecretAcceptable(string? secret) =>
        string.IsNullOrEmpty(secret)
        || (secret.Length >= MinWebhookSecretLength && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~'));

    /// <summary>How long one call to a carrier may take before it counts as a timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many parcels the bulk job creates at once (per job).</summary>
    public int BulkConcurrency { get; set; } = 16;

    /// <summary>An open parcel with no news for this long is asked about by the recurring job.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Cron of the stale-parcel job (Asia/Ho_Chi_Minh).</summary>
    public string StaleCron { get; set; } = "17 * * * *";

    /// <summary>
    /// How long a parcel reservation without a tracking code belongs to the request that made it
    /// (two carrier calls and a margin): younger, that request may still be talking to the carrier.
    /// </summary>
    public TimeSpan ReservationLease => (RequestTimeout * 2) + TimeSpan.FromSeconds(5);

    public CarrierEndpoint For(Carrier carrier) => carrier switch
    {
        Carrier.GHN => Ghn,
        Carrier.GHTK => Ghtk,
        _ => ViettelPost,
    };

    public sealed class CarrierEndpoint
    {
        /// <summary>The API root as the carrier documents it; the documented paths are appended.</summary>
        public string BaseUrl { get; set; } = "";

        /// <summary>Viettel Post only: the print page its label codes open on.</summary>
        public string? PrintUrl { get; set; }
    }

    internal static bool IsAbsoluteHttp(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}

public static class DeliverySetup
{
    /// <summary>The callbacks' rate-limit policy: carriers post in bursts from a few addresses.</summary>
    public const string CallbackLimit = "carrier-callbacks";

    public static WebApplicationBuilder AddShipments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.Section))
            .Validate(o => DeliveryOptions.IsAbsoluteHttp(o.Ghn.BaseUrl) && DeliveryOptions.IsAbsoluteHttp(o.Ghtk.BaseUrl)
                           && DeliveryOptions.IsAbsoluteHttp(o.ViettelPost.BaseUrl),
                "OcopLive:Carriers:{Ghn,Ghtk,ViettelPost}:BaseUrl must be absolute http(s) URLs")
            .Validate(o => o.BulkConcurrency is >= 1 and <= 64, "OcopLive:Carriers:BulkConcurrency must be 1–64")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero && o.RequestTimeout <= TimeSpan.FromMinutes(2),
                "OcopLive:Carriers:RequestTimeout must be above 0 and at most 2 minutes")
            .Validate(o => o.StaleAfter >= TimeSpan.FromMinutes(1), "OcopLive:Carriers:StaleAfter must be at least a minute")
            .Validate(o => DeliveryOptions.WebhookSecretAcceptable(o.WebhookSecret),
                $"OcopLive__Carriers__WebhookSecret is refused: at least {DeliveryOptions.MinWebhookSecretLength} characters of letters, "
                + "digits and -_.~ (e.g. `openssl rand -hex 24`), or unset to turn the callbacks off")
            .ValidateOnStart();

        foreach (var carrier in Enum.GetValues<Carrier>())
        {
            builder.Services.AddHttpClient(CarrierHttp.Name(carrier), (sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value;
                http.BaseAddress = new Uri(o.For(carrier).BaseUrl.TrimEnd('/') + "/");
                http.Timeout = o.RequestTimeout;
            });
        }

        builder.Services.AddSingleton<ICarrierConnector, GhnConnector>();
        builder.Services.AddSingleton<ICarrierConnector, GhtkConnector>();
        builder.Services.AddSingleton<ICarrierConnector, ViettelPostConnector>();
        builder.Services.AddSingleton<CarrierConnectors>();
        builder.Services.AddSingleton<ShipmentNotifier>();
        builder.Services.AddSingleton<CarrierCallbacks>();
        builder.Services.AddScoped<CarrierAccounts>();
        builder.Services.AddScoped<CreateShipment>();
        builder.Services.AddScoped<ReceiveCarrierCallback>();
        builder.Services.AddScoped<CancelShipment>();
        builder.Services.AddScoped<ShipmentJobs>();
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(CallbackLimit, http =>
            RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = 10_000,
                TokensPerPeriod = 5_000,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        return builder;
    }
}
