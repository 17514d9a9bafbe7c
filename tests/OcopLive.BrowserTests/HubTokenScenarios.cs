using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Auth;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The producer portal on an app whose hub tokens live two seconds: the hub closes the connection
/// as each token expires, and the page's accessTokenFactory gets a fresh token with its login
/// cookie at every reconnect, so the sales keep coming; once the login is gone, they stop.
/// </summary>
public class HubTokenScenarios(ShortHubTokenApp app, Browser browser, ITestOutputHelper output) : IClassFixture<ShortHubTokenApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task ProducerPortal_KeepsFollowingTheSales_AcrossExpiringHubTokens_UntilTheLoginEnds()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Tinh dầu tràm Hương Sơn", products: 1, stock: 50, goLive: true);
        var producerUser = await Logins.CreateUserAsync(app, "Producer", show.ProducerId);
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var wire = new Wire(page);
        await new LoginPage(page).LogInAsync("/producer", producerUser, Logins.Password);
        var portal = new ProducerPortalPage(page);
        await portal.ExpectFollowingTheHubAsync();

        // Two expiries later the page has joined three times, each time with a token of its own.
        await page.WaitForFunctionAsync("() => window.OcopProducer.hub.joins >= 3", null, new() { Timeout = 20_000 });
        Assert.True(wire.Requests("/api/auth/hub-token", "POST") >= 3, "a fresh hub token for each connection");
        await show.OrderAsync(app, show.ProductIds[0], quantity: 4);
        await Expect(portal.SalesUnits(show.ProductIds[0])).ToHaveTextAsync("4", new() { Timeout = 6_000 });

        // The login ends (cookie gone): the next token is refused, the page says so and gets no more sales.
        await page.Context.ClearCookiesAsync();
        await Expect(portal.HubState).ToContainTextAsync("đăng nhập lại", new() { Timeout = 10_000 });
        await Expect(portal.HubState).Not.ToHaveAttributeAsync("data-state", "live");
        await show.OrderAsync(app, show.ProductIds[0], quantity: 1, phone: "0977111222");
        await page.WaitForTimeoutAsync(3_000);
        await Expect(portal.SalesUnits(show.ProductIds[0])).ToHaveTextAsync("4");
    }
}
