using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests;

public class HealthTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Live_And_Ready_Answer200_WhenMigrated()
    {
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_IsServedInProduction_AndListsTheCatalogue()
    {
        using var client = app.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/products", out _));
        Assert.True(paths.TryGetProperty("/api/auth/login", out _));
    }
}

public class MetricsTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Metrics_CountOrdersAcceptedAndRefused_ForPrometheus()
    {
        var show = await OnAirSession.ArrangeAsync(app, [1]);
        using var client = app.CreateClient();
        await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));
        await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));

        // The broadcast-lag histogram appears once the notifier has pushed (within ~100 ms): scrape until it does.
        var text = "";
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && !text.Contains("ocoplive_live_broadcast_lag", StringComparison.Ordinal);)
        {
            text = await client.GetStringAsync("/metrics");
            await Task.Delay(text.Contains("ocoplive_live_broadcast_lag", StringComparison.Ordinal) ? 0 : 100);
        }

        Assert.Contains("ocoplive_orders_accepted", text, StringComparison.Ordinal);
        Assert.Contains("reason=\"SoldOut\"", text, StringComparison.Ordinal);
        Assert.Contains("ocoplive_orders_batch_size", text, StringComparison.Ordinal);
        Assert.Contains("ocoplive_live_broadcast_lag", text, StringComparison.Ordinal);
    }
}
