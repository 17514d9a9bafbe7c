using Microsoft.Extensions.Options;
using OcopLive.Common;
using StackExchange.Redis;

namespace OcopLive.Live;

public static class LiveSetup
{
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        var signalR = builder.Services.AddSignalR()
            .AddJsonProtocol(o => WireJson.Configure(o.PayloadSerializerOptions));
        // Several nodes behind a load balancer: every node's group sends reach every client.
        var redis = builder.Configuration[$"{OcopLiveOptions.Section}:{nameof(OcopLiveOptions.Redis)}"];
        var backplane = new Backplane(TimeProvider.System);
        builder.Services.AddSingleton(backplane);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            signalR.AddStackExchangeRedis(redis, o =>
            {
                // SignalR's own connection, made here only to hear when it comes back (see Backplane).
                o.ConnectionFactory = async log =>
                {
                    var connection = await ConnectionMultiplexer.ConnectAsync(o.Configuration, log);
                    connection.ConnectionRestored += (_, _) => backplane.Restored();
                    return connection;
                };
                o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("ocoplive");
                // Back on the backplane within about a second of Redis returning (the default
                // exponential back-off can leave a node off it for tens of seconds).
                o.Configuration.ReconnectRetryPolicy = new StackExchange.Redis.LinearRetry(1000);
                o.Configuration.AbortOnConnectFail = false;
            });
            // The phones' feed keeps its rate per session across nodes through a lease in the same Redis.
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
            {
                var options = ConfigurationOptions.Parse(redis);
                options.AbortOnConnectFail = false;
                options.ReconnectRetryPolicy = new LinearRetry(1000);
                return ConnectionMultiplexer.Connect(options);
            });
            builder.Services.AddSingleton<IFeedLease, RedisFeedLease>();
        }
        else
        {
            builder.Services.AddSingleton<IFeedLease, LocalFeedLease>();
        }

        builder.Services.AddSingleton<LiveFigures>();
        builder.Services.AddSingleton<LiveWatchers>();
        builder.Services.AddSingleton<ViewerFeed>();
        builder.Services.AddSingleton<LiveCache>();
        builder.Services.AddOptions<OcopLiveOptions>().Validate(o => o.Live.MaxViewerConnections >= 0,
            "OcopLive:Live:MaxViewerConnections must be 0 (no limit) or more");
        builder.Services.AddOptions<OcopLiveOptions>().Validate(
            o => string.IsNullOrWhiteSpace(o.PublicBaseUrl)
                || (Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)),
            "OcopLive:PublicBaseUrl must be an absolute http(s) address such as https://ocoplive.vn");
        builder.Services.AddSingleton<LiveNotifier>();
        builder.Services.AddSingleton<ILiveNotifier>(sp => sp.GetRequiredService<LiveNotifier>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveNotifier>());
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        if (app.Environment.IsProduction() && string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<OcopLiveOptions>>().Value.PublicBaseUrl))
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OcopLive.Startup").LogWarning(
                "OcopLive__PublicBaseUrl is not set: the order QR on air follows each request's Host header and is never cached by a proxy. "
                + "Set it to the address viewers use, e.g. https://ocoplive.vn.");
        }

        app.MapLiveApi();
        app.MapHub<LiveHub>(LiveHub.Path).AllowAnonymous();
        // A connection ends when its login does: a page's short-lived hub token expires, the
        // client reconnects with a fresh one (accessTokenFactory), and the user is checked again.
        app.MapHub<ProducerHub>(ProducerHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
