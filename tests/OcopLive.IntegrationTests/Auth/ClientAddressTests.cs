using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>Tight anonymous limits (a burst of 5 per client, one more a second), so that tests can reach them.</summary>
public abstract class TightLimitsApp : OcopApp
{
    protected abstract string KnownProxies { get; }

    /// <summary>The rate limits' own log lines.</summary>
    public LogCapture Logs { get; } = new(typeof(OcopLive.Common.RateLimitLog).FullName!);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
        ["OcopLive:RateLimiting:Live:PerSecond"] = "1",
        ["OcopLive:RateLimiting:Live:Burst"] = "5",
        ["OcopLive:RateLimiting:Hubs:PerSecond"] = "1",
        ["OcopLive:RateLimiting:Hubs:Burst"] = "5",
        ["OcopLive:ForwardedHeaders:KnownProxies"] = KnownProxies,
    };
}

/// <summary>The test process is the app's reverse proxy: it connects from loopback, which is a known proxy.</summary>
public sealed class BehindProxyApp : TightLimitsApp
{
    protected override string KnownProxies => "127.0.0.1, ::1";
}

/// <summary>The known proxy is elsewhere: the test process is just a client that sends forwarded headers of its own.</summary>
public sealed class DirectApp : TightLimitsApp
{
    protected override string KnownProxies => "10.9.9.9";
}

public class ForwardedFromKnownProxyTests(BehindProxyApp app) : IClassFixture<BehindProxyApp>
{
    [Fact]
    public async Task EachForwardedClient_HasItsOwnLimit()
    {
        using var proxy = app.CreateClient();
        var live = $"/api/sessions/{Guid.NewGuid()}/live";
        for (var client = 1; client <= 8; client++)
        {
            for (var i = 0; i < 3; i++)
            {
                var response = await Forwarded(proxy, live, $"203.0.113.{client}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }

        var one = await ManyAsync(() => Forwarded(proxy, live, "198.51.100.7"), 12);
        Assert.Contains(HttpStatusCode.TooManyRequests, one);
    }

    [Fact]
    public async Task TheRefusalLog_NamesTheForwardedClient_AndTheRoute_NotTheQueryString()
    {
        using var proxy = app.CreateClient();
        var live = $"/api/sessions/{Guid.NewGuid()}/live?access_token=not-for-logs";
        Assert.Contains(HttpStatusCode.TooManyRequests, await ManyAsync(() => Forwarded(proxy, live, "198.51.100.77"), 12));

        var line = Assert.Single(app.Logs.Lines, l => l.Contains("198.51.100.77", StringComparison.Ordinal));
        Assert.StartsWith("Warning:", line, StringComparison.Ordinal);
        Assert.Contains("/api/sessions/{id:guid}/live", line, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("not-for-logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForwardedIPv6Clients_AreLimitedByTheirSlash64()
    {
        using var proxy = app.CreateClient();
        var live = $"/api/sessions/{Guid.NewGuid()}/live";
        var rotating = await ManyAsync(() => Forwarded(proxy, live, $"2001:db8:42:7::{Random.Shared.Next(1, 65_000):x}"), 12);
        Assert.Contains(HttpStatusCode.TooManyRequests, rotating);

        for (var network = 1; network <= 6; network++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Forwarded(proxy, live, $"2001:db8:43:{network:x}::1")).StatusCode);
        }
    }

    [Fact]
    public async Task ForwardedProto_IsTheScheme_AndTheForwardedAddress_IsWhatTheMetricsCheckSees()
    {
        using var proxy = NoRedirects(app);
        var page = new HttpRequestMessage(HttpMethod.Get, $"/control/{Guid.NewGuid()}");
        page.Headers.Add("X-Forwarded-For", "203.0.113.50");
        page.Headers.Add("X-Forwarded-Proto", "https");
        var redirect = await proxy.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("https", redirect.Headers.Location!.Scheme);

        // /metrics is for the private network: a public client behind the proxy is refused, the proxy itself is not.
        Assert.NotEqual(HttpStatusCode.OK, (await Forwarded(proxy, "/metrics", "203.0.113.50")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await proxy.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Staff_AreNotLimitedByTheAnonymousLimits()
    {
        using var staff = await app.ClientAsAsync();
        var live = $"/api/sessions/{Guid.NewGuid()}/live";
        var statuses = await ManyAsync(() => Forwarded(staff, live, "198.51.100.99"), 20);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));

        using var anonymous = app.CreateClient();
        Assert.Contains(HttpStatusCode.TooManyRequests, await ManyAsync(() => Forwarded(anonymous, live, "198.51.100.99"), 12));
        Assert.Equal(HttpStatusCode.NotFound, (await Forwarded(staff, live, "198.51.100.99")).StatusCode);
    }

    [Fact]
    public async Task AnonymousHubNegotiate_IsLimitedPerAddress()
    {
        using var proxy = app.CreateClient();
        var statuses = await ManyAsync(() => Forwarded(proxy, "/hubs/live/negotiate?negotiateVersion=1", "198.51.100.120", HttpMethod.Post), 12);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task AHubConnection_IsCountedOnceByItsNegotiate_NotByItsTransport()
    {
        // Five joins from one address: five negotiates fill the burst of five; their WebSockets are not counted.
        var viewers = new List<OcopLive.IntegrationTests.Live.LiveClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                viewers.Add(await OcopLive.IntegrationTests.Live.LiveClient.ConnectAsync(app.BaseAddress));
            }
        }
        finally
        {
            foreach (var viewer in viewers)
            {
                await viewer.DisposeAsync();
            }
        }

        Assert.Equal(5, viewers.Count);
    }

    internal static Task<HttpResponseMessage> Forwarded(HttpClient client, string path, string forwardedFor, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return client.SendAsync(request);
    }

    internal static async Task<List<HttpStatusCode>> ManyAsync(Func<Task<HttpResponseMessage>> send, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var response = await send();
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
            }
        }

        return statuses;
    }

    internal static HttpClient NoRedirects(OcopApp app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
}

public class ForwardedFromUnknownPeerTests(DirectApp app) : IClassFixture<DirectApp>
{
    [Fact]
    public async Task RotatingXForwardedFor_DoesNotEscapeThePerAddressLimit()
    {
        using var client = app.CreateClient();
        var live = $"/api/sessions/{Guid.NewGuid()}/live";
        var n = 0;
        var statuses = await ForwardedFromKnownProxyTests.ManyAsync(
            () => ForwardedFromKnownProxyTests.Forwarded(client, live, $"203.0.113.{++n}"), 12);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task ForwardedProto_IsIgnored()
    {
        using var client = ForwardedFromKnownProxyTests.NoRedirects(app);
        var page = new HttpRequestMessage(HttpMethod.Get, $"/control/{Guid.NewGuid()}");
        page.Headers.Add("X-Forwarded-Proto", "https");
        var redirect = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("http", redirect.Headers.Location!.Scheme);

        // A spoofed private address does not open /metrics to anyone either way; from loopback it stays open.
        Assert.Equal(HttpStatusCode.OK, (await ForwardedFromKnownProxyTests.Forwarded(client, "/metrics", "203.0.113.50")).StatusCode);
    }
}
