using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.IntegrationTests.Infrastructure;
using OpenTelemetry.Exporter;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// <c>/live</c> and <c>/now</c> come from memory: ETag and 304, one second of public caching, a
/// bounded number of database reads however many requests arrive, unknown ids remembered.
/// </summary>
public class LiveCacheTests(LiveCacheTests.FreshMetricsApp app) : IClassFixture<LiveCacheTests.FreshMetricsApp>
{
    [Theory]
    [InlineData("live")]
    [InlineData("now")]
    public async Task Figures_CarryAnETag_AnswerIfNoneMatchWith304_AndChangeTagWithTheFigures(string feed)
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2);
        using var anonymous = app.CreateClient();
        var url = $"/api/sessions/{show.SessionId}/{feed}";

        var first = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Equal("public, max-age=1", first.Headers.CacheControl?.ToString());
        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);

        var again = await GetAsync(anonymous, url, etag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal("public, max-age=1", again.Headers.CacheControl?.ToString());

        // A new figure is a new tag: the old one no longer matches.
        await show.OrderAsync(show.ProductIds[0]);
        var changed = await WaitForAsync(() => GetAsync(anonymous, url, etag), r => r.StatusCode == HttpStatusCode.OK);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("\"orders\":1", await changed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, (await GetAsync(anonymous, url, changed.Headers.ETag)).StatusCode);
    }

    [Fact]
    public async Task ManyConcurrentRequests_CostAFewDatabaseReads()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 4);
        using var anonymous = app.CreateClient();
        var before = await LiveMetrics.LiveReadsAsync(anonymous, by: "request");

        // 2,000 requests from 50 clients at once, on a session nobody has asked for yet (a cold cache).
        var started = Stopwatch.GetTimestamp();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async c =>
        {
            var codes = new List<HttpStatusCode>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await anonymous.GetAsync($"/api/sessions/{show.SessionId}/{(i % 2 == 0 ? "live" : "now")}");
                codes.Add(response.StatusCode);
            }

            return codes;
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Assert.All(statuses.SelectMany(s => s), s => Assert.Equal(HttpStatusCode.OK, s));

        var reads = await LiveMetrics.LiveReadsAsync(anonymous, moreThan: before, by: "request") - before;
        // One read when cold, then at most one per second of freshness (plus one in flight at the edge).
        Assert.InRange(reads, 1, 2 + Math.Ceiling(seconds) * 2);
    }

    [Fact]
    public async Task UnknownSession_IsANotFoundProblem_RememberedForAFewSeconds()
    {
        using var anonymous = app.CreateClient();
        var unknown = Guid.NewGuid();
        var before = await LiveMetrics.LiveReadsAsync(anonymous, by: "request");

        for (var i = 0; i < 20; i++)
        {
            var response = await anonymous.GetAsync($"/api/sessions/{unknown}/{(i % 2 == 0 ? "live" : "now")}");
            var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
            Assert.EndsWith("/not-found", problem.GetProperty("type").GetString());
            Assert.Equal("public, max-age=5", response.Headers.CacheControl?.ToString());
        }

        Assert.Equal(1, await LiveMetrics.LiveReadsAsync(anonymous, moreThan: before, by: "request") - before);
    }

    /// <summary>The app with every /metrics scrape taken afresh (the exporter may otherwise answer from a short-lived copy).</summary>
    public sealed class FreshMetricsApp : OcopApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        }
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string url, EntityTagHeaderValue? ifNoneMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(ifNoneMatch);
        }

        return client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> WaitForAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> until)
    {
        var deadline = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (true)
        {
            var response = await send();
            if (until(response) || Stopwatch.GetTimestamp() > deadline)
            {
                return response;
            }

            await Task.Delay(25);
        }
    }
}
