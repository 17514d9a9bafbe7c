using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// A node whose viewer budget is one phone (<c>OcopLive:Live:MaxViewerConnections=1</c>): the
/// first phone follows the hub, the next ones poll <c>/now</c> — rendered so, or switched to it
/// when their JoinViewer is refused — and every one of them shows the product on air and follows
/// the director's next, with no error on screen.
/// </summary>
public class ViewerOverloadScenarios(ViewerOverloadScenarios.OneViewerApp app, Browser browser, ITestOutputHelper output)
    : IClassFixture<ViewerOverloadScenarios.OneViewerApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    /// <summary>Two polls of /now (every 2–2.5 s) and the page's work: a poll, not a push, gets a change on screen this fast.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Polled = new() { Timeout = 8_000 };

    [Fact]
    public async Task BeyondTheViewerBudget_PhonesPollNow_AndStillFollowTheShow()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Nhung hươu Hương Sơn", products: 2, stock: 50, goLive: true);
        var now = $"/api/sessions/{show.SessionId}/now";

        // Late phone: rendered while the budget is free, its hub connection held back until the budget is taken.
        var late = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        var release = new TaskCompletionSource();
        await late.Page.RouteAsync("**/hubs/live/negotiate**", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await late.OpenAsync(show.SessionId);
        Assert.Equal("hub", await late.RenderedFeedAsync());

        // The first phone takes the node's only place on the hub.
        var first = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await first.OpenAsync(show.SessionId);
        await first.ExpectFollowingTheHubAsync();

        // The late phone's JoinViewer is refused: it switches to polling, no error.
        release.SetResult();
        var lateWire = new Wire(late.Page);
        await late.ExpectPollingAsync();
        await Expect(late.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(late.OnAirPrice).ToHaveTextAsync("185.000 ₫");

        // A phone that comes now is rendered to poll and never opens the hub.
        var polling = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        var pollingWire = new Wire(polling.Page);
        await polling.OpenAsync(show.SessionId);
        Assert.Equal("poll", await polling.RenderedFeedAsync());
        await Expect(polling.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(polling.OnAirPrice).ToHaveTextAsync("185.000 ₫");
        await Expect(polling.OnAirStock).ToHaveTextAsync("Còn 50");
        await Expect(polling.Form).ToBeVisibleAsync();

        // Someone buys, then the director moves on: every phone follows, the pollers by /now.
        await show.OrderAsync(app, show.ProductIds[0], quantity: 2);
        await Expect(polling.OnAirStock).ToHaveTextAsync("Còn 48", Polled);
        await show.NextAsync(app);
        foreach (var phone in new[] { first, late, polling })
        {
            await Expect(phone.OnAirProduct).ToHaveTextAsync(show.ProductNames[1], Polled);
            await Expect(phone.OnAirPrice).ToHaveTextAsync("320.000 ₫", Polled);
            await Expect(phone.OnAirStars).ToHaveTextAsync("★★★★ OCOP");
        }

        Assert.True(pollingWire.Requests(now) >= 2, "the rendered-to-poll phone polls /now");
        Assert.True(lateWire.Requests(now) >= 1, "the refused phone polls /now");
        Assert.Equal(0, pollingWire.Requests("/hubs/live"));
        Assert.Equal(0, pollingWire.Requests("/hubs/live", "POST"));

        // The polling phone still orders as before.
        await polling.OrderAsync("Võ Thị Sáu", "0912000111", "Hà Tĩnh", "Xã Sơn Kim 1", "Thôn 2", 1);
        await Expect(polling.Confirmation).ToBeVisibleAsync();
        var order = Assert.Single(await show.OrdersInDatabaseAsync(app), o => o.CustomerName == "Võ Thị Sáu");
        Assert.Equal(show.ProductIds[1], order.ProductId);
    }

    public sealed class OneViewerApp : OcopApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["OcopLive:Live:MaxViewerConnections"] = "1",
        };
    }
}
