using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Edge;

/// <summary>The app behind a real nginx running ops/nginx.conf: loopback is its known proxy, the per-address limits are on.</summary>
public sealed class BehindNginxApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
        ["OcopLive:ForwardedHeaders:KnownProxies"] = "127.0.0.1",
    };
}

public partial class NginxTests(BehindNginxApp app, ITestOutputHelper output) : IClassFixture<BehindNginxApp>
{
    private const int RequestsPerSecond = 2_000;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task TwoThousandRequestsASecond_OnTheLiveRoutes_ReachTheAppAFewTimesASecond()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        await using var nginx = await NginxServer.StartAsync(app.BaseAddress);
        using var direct = app.CreateClient();
        var routes = new List<string> { "live" };
        // The viewer's view comes with the live cache; where the app has no such route yet, only /live is measured.
        if ((await direct.GetAsync($"/api/sessions/{show.SessionId}/now")).StatusCode != HttpStatusCode.NotFound)
        {
            routes.Add("now");
        }

        var before = await OriginRequestsAsync(direct, routes);
        using var viewers = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = nginx.BaseAddress };
        var load = await FireAsync(viewers, routes.Select(r => $"/api/sessions/{show.SessionId}/{r}").ToArray());
        var after = await OriginRequestsAsync(direct, routes);

        var rate = load.Sent / load.Elapsed.TotalSeconds;
        output.WriteLine($"{load.Sent} requests in {load.Elapsed.TotalSeconds:0.00} s ({rate:0}/s), {load.Hits} from the cache; "
            + string.Join(", ", routes.Select(r => $"/{r} reached the app {after[r] - before[r]} times")));
        Assert.True(rate >= RequestsPerSecond / 2.0, $"only {rate:0} requests/s reached nginx");
        Assert.True(load.Failed == 0, $"{load.Failed} of {load.Sent} answers were not 200");
        Assert.True(load.Hits > load.Sent / 2, $"{load.Hits} of {load.Sent} answers came from the cache");
        foreach (var route in routes)
        {
            var origin = after[route] - before[route];
            var allowed = 3 * (int)Math.Ceiling(load.Elapsed.TotalSeconds + 1);
            Assert.True(origin >= 1 && origin <= allowed,
                $"/{route}: the app answered {origin} of {load.Sent} requests in {load.Elapsed.TotalSeconds:0.0} s (at most {allowed} allowed)");
        }

        // The access log has every request and no query string (the token-in-the-query case).
        var lines = nginx.AccessLogLines();
        Assert.True(lines.Length >= load.Sent, $"{lines.Length} access log lines for {load.Sent} requests");
        Assert.DoesNotContain(lines, l => l.Contains("not-for-logs", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"/api/sessions/{show.SessionId}/live HTTP/1.1\" 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCarriersCallbackSecret_InThePath_IsNotWrittenToTheAccessLog()
    {
        await using var nginx = await NginxServer.StartAsync(app.BaseAddress);
        using var carrier = new HttpClient { BaseAddress = nginx.BaseAddress };
        const string secret = "callback-secret-not-for-logs-7e3a";

        using var response = await carrier.PostAsync($"/api/carriers/ghn/callback/{secret}", new StringContent("{}"));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!nginx.AccessLogLines().Any(l => l.Contains("/callback/", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no callback in the access log:\n" + string.Join('\n', nginx.AccessLogLines()));
            await Task.Delay(100);
        }

        var lines = nginx.AccessLogLines();
        Assert.Contains(lines, l => l.Contains("\"POST /api/carriers/ghn/callback/[secret] HTTP/1.1\"", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCachedSnapshot_AnswersIfNoneMatch_With304_WhenTheAppSendsAnETag()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        await using var nginx = await NginxServer.StartAsync(app.BaseAddress);
        using var viewer = new HttpClient { BaseAddress = nginx.BaseAddress };
        var first = await viewer.GetAsync($"/api/sessions/{show.SessionId}/live");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = await viewer.GetAsync($"/api/sessions/{show.SessionId}/live?v=2");
        Assert.Contains(second.Headers.GetValues("X-Cache-Status").Single(), new[] { "HIT", "UPDATING", "STALE" });
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        // The live snapshot carries its ETag (CachedJson), through the proxy's cache too.
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal(etag, second.Headers.ETag);

        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{show.SessionId}/live");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await viewer.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task TheLiveHub_ConnectsThroughNginx_OverAWebSocket()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        await using var nginx = await NginxServer.StartAsync(app.BaseAddress);

        // nginx hands out the affinity cookie on the first answer to a client that has none.
        using var page = new HttpClient { BaseAddress = nginx.BaseAddress };
        var viewerPage = await page.GetAsync($"/s/{show.SessionId}");
        Assert.Equal(HttpStatusCode.OK, viewerPage.StatusCode);
        Assert.Contains(viewerPage.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ocoplive_node=", StringComparison.Ordinal));

        await using (var viewer = await LiveClient.ConnectAsync(nginx.BaseAddress))
        {
            await viewer.JoinAsync(show.SessionId);
            var snapshot = await viewer.WaitForAsync("snapshot", _ => true);
            Assert.Equal(show.SessionId, snapshot.Payload.GetProperty("sessionId").GetGuid());
        }

        // nginx logs a WebSocket when it closes: 101, the upgrade went through (not a fallback transport).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!nginx.AccessLogLines().Any(l => l.Contains("\"GET /hubs/live HTTP/1.1\" 101", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no WebSocket in the access log:\n" + string.Join('\n', nginx.AccessLogLines()));
            await Task.Delay(50);
        }

        // The metrics are for the operators' scraper, which asks each node directly.
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync("/metrics")).StatusCode);
    }

    private sealed record Load(int Sent, int Failed, int Hits, TimeSpan Elapsed);

    /// <summary>Requests at <see cref="RequestsPerSecond"/> for <see cref="LoadFor"/>, spread over the paths; one in ten with a query string.</summary>
    private static async Task<Load> FireAsync(HttpClient client, string[] paths)
    {
        var total = (int)(RequestsPerSecond * LoadFor.TotalSeconds);
        var next = -1;
        int failed = 0, hits = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = TimeSpan.FromSeconds((double)i / RequestsPerSecond) - clock.Elapsed;
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due);
                }

                var path = paths[i % paths.Length] + (i % 10 == 0 ? $"?access_token=not-for-logs-{i}" : "");
                using var response = await client.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                }
                else if (response.Headers.TryGetValues("X-Cache-Status", out var status) && status.Single() is "HIT" or "UPDATING" or "STALE")
                {
                    Interlocked.Increment(ref hits);
                }
            }
        })));
        return new Load(total, failed, hits, clock.Elapsed);
    }

    /// <summary>
    /// The app's own count of the requests it answered on each route
    /// (<c>http_server_request_duration_seconds_count</c>), read once the exporter's figures stop moving.
    /// </summary>
    private static async Task<Dictionary<string, long>> OriginRequestsAsync(HttpClient direct, IReadOnlyList<string> routes)
    {
        Dictionary<string, long>? previous = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await direct.GetStringAsync("/metrics");
            var counts = routes.ToDictionary(r => r, r => RequestCount().Matches(text)
                .Where(m => m.Groups["route"].Value == r)
                .Sum(m => long.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture)));
            if (previous is not null && routes.All(r => previous[r] == counts[r]))
            {
                return counts;
            }

            Assert.True(DateTime.UtcNow < deadline, "the request counts did not settle");
            previous = counts;
            // The Prometheus exporter caches its answer for 300 ms: two equal reads further apart than that.
            await Task.Delay(400);
        }
    }

    [GeneratedRegex("""^http_server_request_duration_seconds_count\{[^}]*http_route="/api/sessions/[^"/]+/(?<route>live|now)"[^}]*\} (?<count>\d+)""", RegexOptions.Multiline)]
    private static partial Regex RequestCount();
}
