using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Live;

/// <summary>The phones' feed: <c>GET …/now</c> and <c>JoinViewer</c> → <c>now</c>, small and calm whatever the order rate.</summary>
public class ViewerFeedTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Now_IsTheViewersView_UnderOneKilobyte_InUtf8_AndFollowsOrdersAndNext()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 4, stock: 3);
        using var anonymous = app.CreateClient();
        var url = $"/api/sessions/{show.SessionId}/now";

        var raw = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        var bytes = await raw.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.True(bytes.Length < 1024, $"/now is {bytes.Length} bytes");
        // Vietnamese as UTF-8 characters, not \u escapes.
        Assert.Contains("Cam giòn Thượng Lộc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);

        var now = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(show.SessionId.ToString(), now.GetProperty("sessionId").GetString());
        Assert.Equal("Live", now.GetProperty("status").GetString());
        var current = now.GetProperty("current");
        Assert.Equal(1, current.GetProperty("position").GetInt32());
        Assert.Equal(show.ProductIds[0].ToString(), current.GetProperty("productId").GetString());
        Assert.Equal(show.ProductNames[0], current.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(current.GetProperty("producerName").GetString()));
        Assert.Equal(185_000, current.GetProperty("priceVnd").GetInt64());
        Assert.Equal(3, current.GetProperty("stockLeft").GetInt32());
        Assert.False(current.GetProperty("soldOut").GetBoolean());
        Assert.Equal(0, now.GetProperty("totals").GetProperty("orders").GetInt64());
        Assert.True(now.TryGetProperty("updatedAt", out _));
        // Only the phone's fields: no line-up, no revenue.
        Assert.False(now.TryGetProperty("products", out _));
        Assert.False(now.GetProperty("totals").TryGetProperty("revenueVnd", out _));

        // The stock runs out: sold out, by the next flush.
        await show.OrderAsync(show.ProductIds[0], quantity: 2);
        await show.OrderAsync(show.ProductIds[0], quantity: 1);
        var soldOut = await LiveApiPoll.GetUntilAsync(anonymous, url, p => p.GetProperty("totals").GetProperty("orders").GetInt64() == 2);
        Assert.Equal(0, soldOut.GetProperty("current").GetProperty("stockLeft").GetInt32());
        Assert.True(soldOut.GetProperty("current").GetProperty("soldOut").GetBoolean());

        // next: the controls read and store the new figure before they answer, so /now already shows it.
        await show.PutOnAirAsync(2);
        var next = (await anonymous.GetFromJsonElementAsync(url)).GetProperty("current");
        Assert.Equal(2, next.GetProperty("position").GetInt32());
        Assert.Equal(show.ProductIds[1].ToString(), next.GetProperty("productId").GetString());
        Assert.Equal(60_000, next.GetProperty("priceVnd").GetInt64());

        await show.PutOnAirAsync(0, SessionStatus.Ended);
        var ended = await anonymous.GetFromJsonElementAsync(url);
        Assert.Equal("Ended", ended.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("current").ValueKind);
    }

    [Fact]
    public async Task JoinViewer_SendsNowAtOnce_ThenAtMostTwiceASecond_EndingOnTheLastFigure()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 4, stock: 100_000);
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);
        await phone.JoinViewerAsync(show.SessionId);
        var first = await phone.WaitForAsync("now", _ => true, TimeSpan.FromSeconds(2));
        Assert.Equal(0, first.TotalOrders);

        // About 300 orders over 3 s, each notified: the overlay feed would flush ~10 times a second.
        const int orders = 300;
        var started = Stopwatch.GetTimestamp();
        for (var batch = 0; batch < orders / 10; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i => show.OrderAsync(show.ProductIds[i % 4], unitPriceVnd: 60_000)));
            await Task.Delay(100);
        }

        var last = await phone.WaitForAsync("now", p => p.GetProperty("totals").GetProperty("orders").GetInt64() == orders);
        var seconds = Stopwatch.GetElapsedTime(started, last.Timestamp).TotalSeconds;
        var nows = phone.Of("now").Skip(1).ToList();
        // At most 2 a second (the first change goes at once, so one more than the span allows).
        Assert.True(nows.Count <= Math.Ceiling(seconds * 2) + 1, $"{nows.Count} now events in {seconds:0.00} s");
        Assert.True(nows.Count >= 2, $"only {nows.Count} now events during the burst");
        Assert.All(phone.Of("now"), e => Assert.True(Encoding.UTF8.GetByteCount(e.Payload.GetRawText()) < 1024, e.Payload.GetRawText()));
        // Counts only go up, and the feed ends on the database's figure.
        Assert.Equal(nows.Select(e => e.TotalOrders).Order(), nows.Select(e => e.TotalOrders));
        Assert.Equal(orders, (await show.CountInDatabaseAsync()).Orders);
        // A phone gets only its own feed, never the overlay's snapshots.
        Assert.DoesNotContain(phone.Events, e => e.Name != "now");
    }

    [Fact]
    public async Task JoinViewer_FollowsNext_AndAnUnknownSessionIsAHubError()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2);
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);
        await phone.JoinViewerAsync(show.SessionId);
        await phone.WaitForAsync("now", p => p.GetProperty("current").GetProperty("position").GetInt32() == 1);

        await show.PutOnAirAsync(2);
        var next = await phone.WaitForAsync("now", p => p.GetProperty("current").GetProperty("position").GetInt32() == 2);
        Assert.Equal(show.ProductNames[1], next.Payload.GetProperty("current").GetProperty("name").GetString());

        await using var stray = await LiveClient.ConnectAsync(app.BaseAddress);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => stray.JoinViewerAsync(Guid.NewGuid()));
        Assert.Empty(stray.Events);
    }
}

internal static class HttpJson
{
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
    }
}
