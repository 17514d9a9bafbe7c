using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.Sessions;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

public class OverlayTests(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task Overlay_FollowsOrdersAndSegments_Live()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2, stock: 50);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);

        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("185.000 ₫");
        await Expect(overlay.OcopStars).ToHaveTextAsync("★★★★");
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("0");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("0");
        await Expect(overlay.StockLeft).ToContainTextAsync("Còn 50");
        await Expect(overlay.OrderQr).ToBeVisibleAsync();

        // Orders (through the real order API) for the product on air move both counters; one for another product only the session's.
        var ordered = Stopwatch.GetTimestamp();
        await OrderAsync(show, show.ProductIds[0], quantity: 2);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
        var firstUpdate = Stopwatch.GetElapsedTime(ordered); // from the request, through the commit, to the screen
        await OrderAsync(show, show.ProductIds[0], quantity: 1);
        await OrderAsync(show, show.ProductIds[0], quantity: 1);
        await OrderAsync(show, show.ProductIds[1], quantity: 1);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("3");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("4");
        await Expect(overlay.StockLeft).ToContainTextAsync("Còn 46");

        // The next segment: the overlay shows the new product and its own figures.
        await show.PutOnAirAsync(2);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("60.000 ₫");
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("4");

        await Screenshots.SaveAsync(overlay.Page, "overlay", transparent: true);
        Assert.True(firstUpdate < TimeSpan.FromSeconds(2), $"first order reached the overlay after {firstUpdate.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Overlay_ShowsSoldOut_AndHonoursLayoutOptions()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1, stock: 2);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId, "?position=top-right&scale=0.8&show=price,counter,stock");

        await Expect(overlay.ProductPrice).ToBeVisibleAsync();
        await Expect(overlay.OcopStars).ToBeHiddenAsync();
        await Expect(overlay.OrderQr).ToBeHiddenAsync();
        await Expect(overlay.Hotline).ToBeHiddenAsync();

        await OrderAsync(show, show.ProductIds[0], quantity: 2);
        await Expect(overlay.StockLeft).ToHaveTextAsync("Hết hàng");
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Overlay_AfterAConnectionDrop_ReconnectsAndCatchesUp()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2, stock: 50);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await OrderAsync(show, show.ProductIds[0]);
        await Expect(overlay.SessionOrders).ToHaveTextAsync("1");

        await overlay.DropConnectionAsync();
        await OrderAsync(show, show.ProductIds[0], quantity: 2);
        await OrderAsync(show, show.ProductIds[1], quantity: 1);
        await show.PutOnAirAsync(2);

        // Back by itself, from a fresh snapshot: the orders and the segment change it missed.
        await Expect(overlay.Stage).ToHaveAttributeAsync("data-hub-state", "live");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("3");
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Overlay_OffAir_ShowsTheSessionAndWhereItStands()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1, goLive: false);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await Expect(overlay.ProductName).ToHaveTextAsync("Phiên chợ OCOP thử nghiệm");
        await Expect(overlay.SessionState).ToHaveTextAsync("Sắp lên sóng");

        await show.PutOnAirAsync(1);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.SessionState).ToBeHiddenAsync();

        await OrderAsync(show, show.ProductIds[0]);
        await show.PutOnAirAsync(0, SessionStatus.Ended);
        await Expect(overlay.SessionState).ToHaveTextAsync("Phiên đã kết thúc · vẫn nhận đặt hàng");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("1");
        await Expect(overlay.OrderQr).ToBeVisibleAsync();
    }

    /// <summary>A viewer's order through the real API: anonymous, Web channel, 201 after the commit.</summary>
    private async Task OrderAsync(LiveFeedSession show, Guid productId, int quantity = 1)
    {
        using var viewer = app.CreateClient();
        var response = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(productId, quantity));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
