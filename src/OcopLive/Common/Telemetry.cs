using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OcopLive.Common;

/// <summary>
/// The app's own instruments (meter and activity source "OcopLive"). Features record into it;
/// OpenTelemetry exports it with ASP.NET Core, Npgsql and runtime metrics: Prometheus text at
/// <c>/metrics</c> (answered to loopback and private-network scrapers only) and OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class OcopMetrics
{
    public const string Name = "OcopLive";

    public OcopMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        OrdersAccepted = meter.CreateCounter<long>("ocoplive.orders.accepted", "{order}", "Orders committed");
        OrdersRefused = meter.CreateCounter<long>("ocoplive.orders.refused", "{order}", "Order requests answered without a new order, by reason");
        RequestsShed = meter.CreateCounter<long>("ocoplive.requests.shed", "{request}", "Requests answered 503 busy by the database gate");
        BatchSize = meter.CreateHistogram<int>("ocoplive.orders.batch.size", "{order}", "Orders decided in one transaction");
        CommitDuration = meter.CreateHistogram<double>("ocoplive.orders.batch.duration", "ms", "Time from batch start to commit");
        BroadcastLag = meter.CreateHistogram<double>("ocoplive.live.broadcast.lag", "ms",
            "From the first commit that changed a session's figures to the end of the push that carries them");
        LiveReads = meter.CreateCounter<long>("ocoplive.live.reads", "{read}",
            "Reads of a session's live figures from PostgreSQL, by who asked (notifier, request, page)");
        LiveStaleServed = meter.CreateCounter<long>("ocoplive.live.stale_served", "{response}",
            "Live figures served from memory past their freshness because PostgreSQL could not be read");
        ViewerConnections = meter.CreateUpDownCounter<long>("ocoplive.live.viewer.connections", "{connection}",
            "Viewers' phones following /hubs/live (JoinViewer) on this node");
        ViewersRefused = meter.CreateCounter<long>("ocoplive.live.viewer.refused", "{connection}",
            "JoinViewer calls refused because the node's viewer budget was reached (the page polls /now instead)");
        JobLateness = meter.CreateHistogram<double>("ocoplive.jobs.lateness", "ms", "How late a session-clock job ran after its due time");
        Meter = meter;
    }

    public Histogram<double> BroadcastLag { get; }

    public Histogram<double> JobLateness { get; }

    public Counter<long> LiveReads { get; }

    public Counter<long> LiveStaleServed { get; }

    public UpDownCounter<long> ViewerConnections { get; }

    public Counter<long> ViewersRefused { get; }

    public Meter Meter { get; }

    public Counter<long> OrdersAccepted { get; }

    public Counter<long> OrdersRefused { get; }

    public Counter<long> RequestsShed { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> CommitDuration { get; }
}

public static class Telemetry
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OcopMetrics>();
        // The SignalR access token travels in the query string: never let request URLs reach the logs.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Connections", LogLevel.Warning);
        // JSON lines for containers and log collectors; one readable line per event for a person at a
        // terminal (`ops/run.sh`). OcopLive:LogFormat = json | console overrides the guess.
        var format = builder.Configuration["OcopLive:LogFormat"] ?? (Console.IsOutputRedirected ? "json" : "console");
        if (string.Equals(format, "console", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = false;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        }
        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddMeter(OcopMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddMeter("Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.RateLimiting")
                .AddPrometheusExporter());
        // Traces only when there is somewhere to send them: recording an activity for every
        // request and every SQL command costs CPU on the order path for nothing otherwise.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithMetrics(m => m.AddOtlpExporter())
                .WithTracing(t => t
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health") && !ctx.Request.Path.StartsWithSegments("/metrics");
                        // The carriers' callback secret is a path segment (by contract): never in a trace.
                        o.EnrichWithHttpRequest = (activity, request) =>
                        {
                            if (RedactedPath(request.Path) is { } path)
                            {
                                activity.SetTag("url.path", path);
                                activity.DisplayName = request.Method + " " + path;
                            }
                        };
                    })
                    .AddNpgsql()
                    .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>A path that holds a secret, with the secret replaced by <c>[secret]</c>; null for any other path.</summary>
    public static string? RedactedPath(PathString path)
    {
        var segments = (path.Value ?? "").Split('/');
        // /api/carriers/{carrier}/callback/{secret}
        return segments is ["", "api", "carriers", _, "callback", _, ..]
            ? string.Join('/', segments[..5]) + "/[secret]"
            : null;
    }

    /// <summary>Prometheus scrape endpoint, for the operators' network only.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(ctx =>
            ctx.Request.Path == "/metrics" && IsInternal(ctx.Connection.RemoteIpAddress));
        return app;
    }

    internal static bool IsInternal(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6UniqueLocal || address.IsIPv6LinkLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168);
    }
}
