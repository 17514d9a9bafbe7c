using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Protects the database connection pool (50 connections per node): at most
/// <c>OcopLive:DatabaseGate:ConcurrentRequests</c> requests that may use it run at once, up to
/// <c>QueueLimit</c> more wait their turn in arrival order, and beyond that the answer is at once
/// 503 <c>busy</c> with <c>Retry-After: 1</c> instead of every request waiting for a connection
/// and timing out together. Not gated: order intake (its own bounded queue and one connection),
/// the hubs (a WebSocket lasts as long as the viewer watches), health, metrics, static files.
/// </summary>
public static class DatabaseGate
{
    public sealed class Options
    {
        public const string Section = "OcopLive:DatabaseGate";

        public int ConcurrentRequests { get; set; } = 32;

        public int QueueLimit { get; set; } = 500;
    }

    public static WebApplicationBuilder AddDatabaseGate(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Options>(builder.Configuration.GetSection(Options.Section));
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<Options>>().Value;
            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, o.ConcurrentRequests),
                QueueLimit = Math.Max(0, o.QueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
        return builder;
    }

    public static IApplicationBuilder UseDatabaseGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsGated(context.Request))
        {
            await next(context);
            return;
        }

        var limiter = context.RequestServices.GetRequiredService<ConcurrencyLimiter>();
        using var lease = await limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.RequestServices.GetRequiredService<OcopMetrics>().RequestsShed.Add(1);
            context.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "busy",
                    title: "Hệ thống đang bận, thử lại sau 1 giây (busy, try again in a second)")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool IsGated(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            return false;
        }

        // POST /api/sessions/{id}/orders: the group commit's queue is its gate.
        return !(HttpMethods.IsPost(request.Method) && path.StartsWithSegments("/api/sessions")
            && path.Value!.EndsWith("/orders", StringComparison.Ordinal));
    }
}
