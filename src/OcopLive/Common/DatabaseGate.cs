using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Protects the database connection pool (50 connections per node) with two budgets, so that no
/// amount of anonymous traffic can make a logged-in request wait for, or lose, a database slot:
/// <list type="bullet">
/// <item>the staff gate (any authenticated request, any role): <c>OcopLive:Gate:Staff</c>,
/// 20 at once, 200 waiting;</item>
/// <item>the public gate (anonymous requests): <c>OcopLive:Gate:Public</c>, 12 at once, 300 waiting.</item>
/// </list>
/// Beyond a gate's queue the answer is at once 503 <c>busy</c> with <c>Retry-After: 1</c> instead
/// of every request waiting for a connection and timing out together. Not gated: order and comment
/// intake (each has its own bounded queue and one connection), the live figures and the viewer's
/// view (answered from memory), the hubs (a WebSocket lasts as long as the viewer watches), health, metrics, static files.
/// Runs after authentication, the per-address limits and authorization: an anonymous request is
/// counted, limited and refused before it can take a slot.
/// </summary>
public static class DatabaseGate
{
    public sealed class Options
    {
        public const string Section = "OcopLive:Gate";

        /// <summary>Logged-in requests (staff, operators, producers): few people, never shed for the crowd's sake.</summary>
        public Budget Staff { get; set; } = new() { ConcurrentRequests = 20, QueueLimit = 200 };

        /// <summary>Anonymous requests (viewer and overlay pages, QR codes, look-ups): the crowd.</summary>
        public Budget Public { get; set; } = new() { ConcurrentRequests = 12, QueueLimit = 300 };
    }

    public sealed class Budget
    {
        public int ConcurrentRequests { get; set; }

        public int QueueLimit { get; set; }

        internal ConcurrencyLimiter CreateLimiter() => new(new ConcurrencyLimiterOptions
        {
            PermitLimit = ConcurrentRequests,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>The two gates of this node.</summary>
    public sealed class Gates(IOptions<Options> options) : IDisposable
    {
        public ConcurrencyLimiter Staff { get; } = options.Value.Staff.CreateLimiter();

        public ConcurrencyLimiter Public { get; } = options.Value.Public.CreateLimiter();

        public void Dispose()
        {
            Staff.Dispose();
            Public.Dispose();
        }
    }

    public static WebApplicationBuilder AddDatabaseGate(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Options>()
            .Bind(builder.Configuration.GetSection(Options.Section))
            .Validate(o => Valid(o.Staff) && Valid(o.Public),
                "OcopLive:Gate:{Staff,Public}: ConcurrentRequests must be 1–1000 and QueueLimit 0–100000")
            .ValidateOnStart();
        builder.Services.AddSingleton<Gates>();
        return builder;
    }

    private static bool Valid(Budget b) => b.ConcurrentRequests is >= 1 and <= 1000 && b.QueueLimit is >= 0 and <= 100_000;

    /// <summary>After <c>UseAuthentication</c>, <c>UseRateLimiter</c> and <c>UseAuthorization</c>.</summary>
    public static IApplicationBuilder UseDatabaseGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!IsGated(context.Request))
        {
            await next(context);
            return;
        }

        var staff = context.User.Identity?.IsAuthenticated == true || IsStaffDoor(context.Request);
        var gates = context.RequestServices.GetRequiredService<Gates>();
        using var lease = await (staff ? gates.Staff : gates.Public).AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.RequestServices.GetRequiredService<OcopMetrics>().RequestsShed.Add(1,
                new KeyValuePair<string, object?>("gate", staff ? "staff" : "public"));
            context.Response.Headers.RetryAfter = "1";
            await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, type: Problems.TypeBase + "busy",
                    title: "Hệ thống đang bận, thử lại sau 1 giây (busy, try again in a second)")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    internal static bool IsGated(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
        {
            return false;
        }

        if (!path.StartsWithSegments("/api/sessions", out var rest))
        {
            return true;
        }

        // POST /api/sessions/{id}/orders and /comments: the group commit's queue is its gate.
        // GET /api/sessions/{id}/live and /now: answered from memory, they must never queue behind database work.
        return SessionAction(rest.Value) switch
        {
            "orders" or "comments" => !HttpMethods.IsPost(request.Method),
            "live" or "now" => !IsRead(request.Method),
            _ => true,
        };
    }

    /// <summary>
    /// Logging in (the cookie form and the API) is anonymous by nature but is how staff get in: it
    /// takes the staff budget, so a director whose login ended can log in again during a flood. A
    /// login flood cannot use that budget up: both routes pass the per-address login limit first.
    /// </summary>
    internal static bool IsStaffDoor(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/login", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/auth/login", StringComparison.OrdinalIgnoreCase));

    /// <summary><c>GET /api/sessions/{id}/live</c> or <c>/now</c> (by path: whichever handler serves them).</summary>
    internal static bool IsLiveRead(HttpRequest request) =>
        IsRead(request.Method) && request.Path.StartsWithSegments("/api/sessions", out var rest)
        && SessionAction(rest.Value) is "live" or "now";

    private static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method);

    /// <summary>"live" for "/{id}/live": the one segment after the session id, else empty.</summary>
    private static ReadOnlySpan<char> SessionAction(string? rest)
    {
        if (rest is null || rest.Length < 2 || rest[0] != '/')
        {
            return default;
        }

        var slash = rest.IndexOf('/', 1);
        if (slash < 0)
        {
            return default;
        }

        var action = rest.AsSpan(slash + 1).TrimEnd('/');
        return action.Contains('/') ? default : action;
    }
}
