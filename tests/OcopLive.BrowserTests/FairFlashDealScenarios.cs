using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Orders;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The viewer's page with the order challenge On, as in production: the real ALTCHA widget solves
/// it in a worker while the viewer fills the form, and the order still takes a few taps. And a
/// shared phone keeps the buyer's details only when asked.
/// </summary>
public class FairFlashDealScenarios(ChallengeOnApp app, Browser browser, ITestOutputHelper output)
    : IClassFixture<ChallengeOnApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task Viewer_WithTheChallengeOn_OrdersInAFewTaps_SolvedWhileFillingTheForm()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Nhung hươu Hương Sơn", products: 2, stock: 50, goLive: true);
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        var challenges = new ConcurrentQueue<string?>();
        viewer.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/orders", StringComparison.Ordinal))
            {
                challenges.Enqueue(request.Headers.TryGetValue("ocop-challenge", out var value) ? value : null);
            }
        };
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.ChosenProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(viewer.Challenge).ToHaveAttributeAsync("data-state", "idle");

        // Filling the form starts the work; it is done before the viewer is.
        await viewer.FillAsync("Nguyễn Thị Hoa", "0912345678", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 2);
        await Expect(viewer.Challenge).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 5_000 });
        var took = int.Parse((await viewer.Challenge.GetAttributeAsync("data-took"))!, CultureInfo.InvariantCulture);
        output.WriteLine($"challenge solved in {took} ms (maxnumber {ChallengeOnApp.MaxNumber})");
        await viewer.Submit.ClickAsync();

        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.Single(await show.OrdersInDatabaseAsync(app), o => o.Number == number && o.Quantity == 2);

        // Another order from the same page: a fresh challenge, solved on the way.
        await viewer.OrderAgain.ClickAsync();
        await viewer.Quantity.FillAsync("1");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        await Expect(viewer.OrderNumber).Not.ToHaveTextAsync(number.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(2, (await show.OrdersInDatabaseAsync(app)).Count);

        // Each order carried its own solution.
        Assert.Equal(2, challenges.Count);
        Assert.All(challenges, c => Assert.False(string.IsNullOrEmpty(c)));
        Assert.Equal(2, challenges.Distinct().Count());
    }

    [Fact]
    public async Task SharedPhone_KeepsTheBuyersDetails_OnlyWhenAsked_AndForgetsThemOnRequest()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Cam Thượng Lộc", products: 1, stock: 50, goLive: true);
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(show.SessionId);

        // Not asked: nothing is kept.
        await viewer.OrderAsync("Trần Thị Lan", "0912000111", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 1);
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        Assert.Null(await viewer.SavedBuyerAsync());
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.Name).ToHaveValueAsync("");
        await Expect(viewer.Forget).ToBeHiddenAsync();

        // Asked: kept, and filled in next time.
        await viewer.Remember.CheckAsync();
        await viewer.OrderAsync("Trần Thị Lan", "0912000111", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 1);
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        Assert.Contains("0912000111", await viewer.SavedBuyerAsync(), StringComparison.Ordinal);
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.Name).ToHaveValueAsync("Trần Thị Lan");
        await Expect(viewer.Phone).ToHaveValueAsync("0912000111");
        await Expect(viewer.Remember).ToBeCheckedAsync();

        // Forgotten: gone from the phone and from the form.
        await viewer.Forget.ClickAsync();
        Assert.Null(await viewer.SavedBuyerAsync());
        await Expect(viewer.Name).ToHaveValueAsync("");
        await Expect(viewer.Phone).ToHaveValueAsync("");
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.Name).ToHaveValueAsync("");
        Assert.Equal(2, (await show.OrdersInDatabaseAsync(app)).Count);
    }
}
