using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Live;

/// <summary>The whole path through the real API: go-live, viewers' orders, next; a hub client watches.</summary>
public class EndToEndTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task OrdersAndSessionControls_ThroughTheApi_ReachTheHub_AndEndOnTheDatabaseFigure()
    {
        var show = await OnAirSession.ArrangeAsync(app, [500, 500], status: SessionStatus.Draft, priceVnd: 185_000);
        using var staff = await app.ClientAsAsync();
        using var viewer = app.CreateClient();
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress);
        await client.JoinAsync(show.SessionId);
        await client.WaitForAsync("snapshot", p => p.GetProperty("current").ValueKind == JsonValueKind.Null);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/go-live", null)).StatusCode);
        var onAir = await client.WaitForAsync("segmentChanged", p => p.GetProperty("status").GetString() == "Live");
        Assert.Equal(show.ProductIds[0].ToString(), onAir.Payload.GetProperty("current").GetProperty("productId").GetString());

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => viewer.PostAsJsonAsync(
            $"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[i % 2], quantity: 1 + (i % 3), phone: OrderBodies.PhoneOf(i)))));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        // From memory: the 201s' figure reaches the API with the notifier's next flush.
        var truth = await LiveApiPoll.GetUntilAsync(viewer, $"/api/sessions/{show.SessionId}/live",
            p => p.GetProperty("totals").GetProperty("orders").GetInt64() == 40);
        var last = await client.WaitForAsync("counters", p => p.GetProperty("totals").GetProperty("orders").GetInt64() == 40);
        Assert.Equal(truth.GetProperty("totals").GetProperty("units").GetInt64(), last.TotalUnits);
        Assert.Equal(truth.GetProperty("totals").GetProperty("revenueVnd").GetInt64(), last.TotalRevenue);
        Assert.Equal(20, last.Payload.GetProperty("current").GetProperty("orders").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/next", null)).StatusCode);
        var next = await client.WaitForAsync("segmentChanged", p => p.GetProperty("current").GetProperty("position").GetInt32() == 2);
        Assert.Equal(show.ProductIds[1].ToString(), next.Payload.GetProperty("current").GetProperty("productId").GetString());
        Assert.Equal(40, next.TotalOrders);
    }
}
