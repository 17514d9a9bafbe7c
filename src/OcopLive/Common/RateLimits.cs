using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Per-client limits (by client address): generous for ordering, since a whole mobile carrier's
/// customers can share one address behind CGNAT, and strict for login guessing. 429 with
/// Retry-After. <c>OcopLive__RateLimiting__Enabled=false</c> turns them off (benchmarks, load tests).
/// </summary>
public static class RateLimits
{
    public const string Orders = "orders";
    public const string Login = "login";
    /// <summary>Anonymous order look-up by number and phone: slow enough that guessing pairs is pointless.</summary>
    public const string Lookup = "lookup";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhoneRateLimiter>();
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
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
            o.AddPolicy(Login, http => Enabled(http)
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
            o.OnRejected = async (ctx, ct) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, type: Problems.TypeBase + "rate-limited",
                        title: $"Quá nhiều yêu cầu, thử lại sau {seconds} giây (too many requests)")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        return builder;
    }

    private static bool Enabled(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptionsMonitor<OcopLiveOptions>>().CurrentValue.RateLimiting.Enabled;

    private static string ClientOf(HttpContext http) =>
        http.Features.Get<IHttpConnectionFeature>()?.RemoteIpAddress?.ToString() ?? "unknown";
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
