using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Per-client limits (by client address, see <see cref="ClientAddress.PartitionKey"/>): generous for
/// ordering and for the anonymous routes, since a whole mobile carrier's customers can share one
/// address behind CGNAT, and strict for login guessing. 429 with Retry-After.
/// Every anonymous request without a policy of its own (live figures, the viewer's view, the
/// viewer and overlay pages, the hubs' negotiate and connect, ...) passes a per-address token
/// bucket before it can take anything else (a database slot, a hub connection); logged-in
/// requests never do. <c>OcopLive__RateLimiting__Enabled=false</c> turns them off (benchmarks,
/// load tests).
/// </summary>
public static class RateLimits
{
    public const string Orders = "orders";
    public const string Login = "login";
    /// <summary>Anonymous order look-up by number and phone: slow enough that guessing pairs is pointless.</summary>
    public const string Lookup = "lookup";
    /// <summary>
    /// The hotline's caller look-up (a customer's name and address by phone), per logged-in user: a
    /// desk looks up one caller at a time, so 30 at once and then one every 4 s is plenty, and a
    /// harvest of the customer base is slow and stands out in the audit log.
    /// </summary>
    public const string CustomerLookup = "customer-lookup";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OcopLiveOptions>().Validate(
            o => o.RateLimiting.Live.IsValid && o.RateLimiting.Pages.IsValid && o.RateLimiting.Hubs.IsValid,
            "OcopLive:RateLimiting:{Live,Pages,Hubs}: PerSecond 1–1000000 and Burst from PerSecond to 1000000");
        builder.Services.AddSingleton<PhoneRateLimiter>();
        builder.Services.AddSingleton<RateLimitLog>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Anonymous);
            o.AddPolicy(Orders, http => Enabled(http)
                ? RateLimitPartition.GetTokenBucketLimiter(ClientOf(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = 200,
                    TokensPerPeriod = 50,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter("off"));
            // The API login and the /login page's POST share one bucket per address; showing the form is free.
            o.AddPolicy(Login, http => Enabled(http) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = 10,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("off"));
            o.AddPolicy(Lookup, http => Enabled(http)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = 20,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("off"));
            o.AddPolicy(CustomerLookup, http => Enabled(http)
                ? RateLimitPartition.GetTokenBucketLimiter("user " + (http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? ClientOf(http)),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = 30,
                        TokensPerPeriod = 1,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(4),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                : RateLimitPartition.GetNoLimiter("off"));
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                ctx.HttpContext.RequestServices.GetRequiredService<RateLimitLog>().Rejected(ctx.HttpContext, ClientOf(ctx.HttpContext));
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: Problems.TypeBase + "rate-limited",
                        title: $"Quá nhiều yêu cầu, thử lại sau {seconds} giây (too many requests)")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        return builder;
    }

    private static bool Enabled(HttpContext http) => Options(http).Enabled;

    private static OcopLiveOptions.RateLimitingOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<OcopLiveOptions>>().CurrentValue.RateLimiting;

    private static string ClientOf(HttpContext http) =>
        ClientAddress.PartitionKey(http.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress);

    /// <summary>The global limiter's partition: one bucket per kind of anonymous route and client address.</summary>
    private static RateLimitPartition<string> Anonymous(HttpContext http)
    {
        var limits = Options(http);
        if (!limits.Enabled || http.User.Identity?.IsAuthenticated == true || HasOwnPolicy(http)
            || http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics")
            || IsNegotiatedTransport(http.Request))
        {
            return RateLimitPartition.GetNoLimiter("none");
        }

        var (kind, bucket) = DatabaseGate.IsLiveRead(http.Request) ? ("live", limits.Live)
            : http.Request.Path.StartsWithSegments("/hubs") ? ("hubs", limits.Hubs)
            : ("pages", limits.Pages);
        return RateLimitPartition.GetTokenBucketLimiter($"{kind} {ClientOf(http)}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = bucket.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// A hub request carrying its connection's id (the WebSocket, or each long poll of the
    /// fallback) belongs to a connection whose negotiate was already counted; a long-polling
    /// phone polls after every message, so counting its polls would limit it by the show's pace.
    /// </summary>
    private static bool IsNegotiatedTransport(HttpRequest request) =>
        request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("id")
        && !request.Path.Value!.EndsWith("/negotiate", StringComparison.Ordinal);

    /// <summary>Order intake, login and look-up have stricter or looser limits of their own.</summary>
    private static bool HasOwnPolicy(HttpContext http) =>
        http.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<EnableRateLimitingAttribute>() is not null || metadata.GetMetadata<DisableRateLimitingAttribute>() is not null);
}

/// <summary>
/// One log line per limited client a minute at most (an attack would otherwise write a line per
/// request): the client as the limits see it — behind a known proxy, the forwarded address — the
/// route, and how many refusals the previous minute's line did not tell.
/// </summary>
public sealed class RateLimitLog(ILogger<RateLimitLog> logger)
{
    private static readonly long Every = TimeSpan.FromMinutes(1).Ticks / TimeSpan.TicksPerMillisecond;
    private readonly ConcurrentDictionary<string, Entry> _clients = new();

    public void Rejected(HttpContext http, string client)
    {
        if (_clients.Count > 10_000)
        {
            _clients.Clear();
        }

        var now = Environment.TickCount64;
        var entry = _clients.GetOrAdd(client, _ => new Entry { LoggedAt = now - Every });
        Interlocked.Increment(ref entry.Refused);
        var loggedAt = Volatile.Read(ref entry.LoggedAt);
        if (now - loggedAt < Every || Interlocked.CompareExchange(ref entry.LoggedAt, now, loggedAt) != loggedAt)
        {
            return;
        }

        var refused = Interlocked.Exchange(ref entry.Refused, 0);
        // The route pattern, never the URL: SignalR's access token travels in the query string.
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value;
        logger.LogWarning("Rate limit reached: client {Client} on {Route}, {Refused} refused since the last line", client, route, refused);
    }

    private sealed class Entry
    {
        public long LoggedAt;
        public long Refused;
    }
}

/// <summary>
/// Orders per phone number, checked after validation (the number is in the body, not the
/// address): a burst of 10, then one more every 6 seconds. Off with the other limits.
/// </summary>
public sealed class PhoneRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(phone =>
        RateLimitPartition.GetTokenBucketLimiter(phone, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 10,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(6),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private readonly IOptionsMonitor<OcopLiveOptions> _options;

    public PhoneRateLimiter(IOptionsMonitor<OcopLiveOptions> options) => _options = options;

    /// <summary>Null when the order may go on, else the seconds to wait.</summary>
    public int? Check(string phone)
    {
        if (!_options.CurrentValue.RateLimiting.Enabled)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(phone);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 6;
    }

    public void Dispose() => _limiter.Dispose();
}
