using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Live;

/// <summary>PostgreSQL stopped under the phones: what the cache holds keeps being served.</summary>
public sealed class LiveOutageTests
{
    [Fact]
    public async Task PostgresStopped_CachedFiguresAreStillServed_UncachedOnesAre503_ThenReadsResume()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = await AppProcess.StartAsync(cluster.ConnectionString);
        var (sessionId, _) = await LiveSessionRows.InsertAsync(cluster.ConnectionString, [40]);
        var (otherSession, _) = await LiveSessionRows.InsertAsync(cluster.ConnectionString, [40]);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var now = $"/api/sessions/{sessionId}/now";
        var cached = await client.GetStringAsync(now);
        var etag = (await client.GetAsync(now)).Headers.ETag;

        await cluster.StopAsync();
        try
        {
            // Past the cache's one second of freshness, every answer is still the last figure.
            var until = Stopwatch.GetTimestamp() + (long)(2.5 * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < until)
            {
                var response = await client.GetAsync(now);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(cached, await response.Content.ReadAsStringAsync());
                Assert.Equal(etag, response.Headers.ETag);
                await Task.Delay(100);
            }

            // Nothing cached for this one: a problem the page retries, not a hang.
            var started = Stopwatch.StartNew();
            var unavailable = await client.GetAsync($"/api/sessions/{otherSession}/live");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
            Assert.NotNull(unavailable.Headers.RetryAfter);
            Assert.EndsWith("/unavailable", JsonDocument.Parse(await unavailable.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(6), $"answered after {started.Elapsed}");
            Assert.True(await StaleServedAsync(client), "ocoplive_live_stale_served_total stayed at 0");
        }
        finally
        {
            await cluster.RestartAsync();
        }

        // Back: the uncached session is read again.
        var deadline = Stopwatch.GetTimestamp() + 20 * Stopwatch.Frequency;
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync($"/api/sessions/{otherSession}/live")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (Stopwatch.GetTimestamp() < deadline);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>The exporter may answer from a copy a few hundred milliseconds old: ask until it shows the count.</summary>
    private static async Task<bool> StaleServedAsync(HttpClient client)
    {
        var deadline = Stopwatch.GetTimestamp() + 5 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (LiveMetrics.Sum(await client.GetStringAsync("/metrics"), "ocoplive_live_stale_served_total") > 0)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
