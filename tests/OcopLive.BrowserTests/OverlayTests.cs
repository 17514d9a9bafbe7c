using System.Diagnostics;
using Microsoft.Playwright;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.Sessions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

public class OverlayTests(OcopApp app, Browser browser) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task Overlay_FollowsOrdersAndSegments_Live()
    {
        var show = await LiveShow.StartAsync(app, products: 2, stock: 50);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);

        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("185.000 ₫");
        await Expect(overlay.OcopStars).ToHaveTextAsync("★★★★");
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("0");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("0");
        await Expect(overlay.StockLeft).ToContainTextAsync("Còn 50");
        await Expect(overlay.OrderQr).ToBeVisibleAsync();

        // Orders for the product on air move both counters; one for another product only the session's.
        var committed = Stopwatch.GetTimestamp();
        await show.OrderAsync(show.ProductIds[0], quantity: 2);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
        var firstUpdate = Stopwatch.GetElapsedTime(committed);
        await show.OrderAsync(show.ProductIds[0], quantity: 1);
        await show.OrderAsync(show.ProductIds[0], quantity: 1);
        await show.OrderAsync(show.ProductIds[1], quantity: 1, unitPriceVnd: 60_000);
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
        var show = await LiveShow.StartAsync(app, products: 1, stock: 2);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId, "?position=top-right&scale=0.8&show=price,counter,stock");

        await Expect(overlay.ProductPrice).ToBeVisibleAsync();
        await Expect(overlay.OcopStars).ToBeHiddenAsync();
        await Expect(overlay.OrderQr).ToBeHiddenAsync();
        await Expect(overlay.Hotline).ToBeHiddenAsync();

        await show.OrderAsync(show.ProductIds[0], quantity: 2);
        await Expect(overlay.StockLeft).ToHaveTextAsync("Hết hàng");
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Overlay_AfterAConnectionDrop_ReconnectsAndCatchesUp()
    {
        var show = await LiveShow.StartAsync(app, products: 2, stock: 50);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await show.OrderAsync(show.ProductIds[0]);
        await Expect(overlay.SessionOrders).ToHaveTextAsync("1");

        await overlay.DropConnectionAsync();
        await show.OrderAsync(show.ProductIds[0], quantity: 2);
        await show.OrderAsync(show.ProductIds[1], quantity: 1, unitPriceVnd: 60_000);
        await show.PutOnAirAsync(2);

        // Back by itself, from a fresh snapshot: the orders and the segment change it missed.
        await Expect(overlay.Stage).ToHaveAttributeAsync("data-state", "live");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("3");
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Overlay_OffAir_ShowsTheSessionAndWhereItStands()
    {
        var show = await LiveShow.StartAsync(app, products: 1, goLive: false);
        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await Expect(overlay.ProductName).ToHaveTextAsync("Phiên chợ OCOP thử nghiệm");
        await Expect(overlay.SessionState).ToHaveTextAsync("Sắp lên sóng");

        await show.PutOnAirAsync(1);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.SessionState).ToBeHiddenAsync();

        await show.OrderAsync(show.ProductIds[0]);
        await show.PutOnAirAsync(0, SessionStatus.Ended);
        await Expect(overlay.SessionState).ToHaveTextAsync("Phiên đã kết thúc · vẫn nhận đặt hàng");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("1");
        await Expect(overlay.OrderQr).ToBeVisibleAsync();
    }
}
