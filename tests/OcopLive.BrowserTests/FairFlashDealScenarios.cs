using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Orders;
using OcopLive.Orders;
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

        // The browser's rate on this machine (docs/flash-deals.md): hashes tried per second by the
        // widget's workers, from the numbers found and the time each search took.
        var solves = await viewer.Page.EvaluateAsync<double[][]>("""
            async () => {
              const out = [];
              for (let i = 0; i < 10; i++) {
                const p = JSON.parse(atob(await window.OcopChallenge.take()));
                out.push([p.number, p.took]);
              }
              return out;
            }
            """);
        var rate = solves.Sum(x => x[0]) / Math.Max(1, solves.Sum(x => x[1])) * 1000;
        output.WriteLine($"browser: {solves.Length} solves, {rate:F0} hashes/s; mean solve at maxnumber 100000 ≈ {50_000 / rate * 1000:F0} ms");
        Assert.True(rate > 0);
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

    [Fact]
    public async Task Director_FindsABotsOrders_PreviewsThem_AndCancelsThemInOneAction()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Nem chua Ý Bình", products: 1, stock: 50, goLive: true);
        using var bot = app.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            var challenge = (await bot.GetFromJsonAsync<ChallengeResponse>("/api/orders/challenge"))!;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders")
            {
                Content = JsonContent.Create(OrderBodies.Valid(show.ProductIds[0], 2, OrderBodies.PhoneOf(500 + i))),
            };
            request.Headers.Add(OrderChallenges.Header, Altcha.Solve(challenge));
            Assert.Equal(System.Net.HttpStatusCode.Created, (await bot.SendAsync(request)).StatusCode);
        }

        using (var staff = await app.ClientAsAsync())
        {
            var hotline = await staff.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, channel: "Hotline"));
            Assert.Equal(System.Net.HttpStatusCode.Created, hotline.StatusCode);
        }

        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 900);
        await new LoginPage(page).LogInAsync($"/control/{show.SessionId}", director, Logins.Password);
        var panel = page.GetByTestId("bulk-cancel");
        await panel.GetByTestId("bulk-find").ClickAsync();
        await panel.GetByTestId("bulk-pattern").Filter(new() { HasText = "Địa chỉ mạng" }).ClickAsync();
        await Expect(panel.GetByTestId("bulk-summary")).ToContainTextAsync("Khớp 4 đơn, 8 sản phẩm");
        await Expect(panel.GetByTestId("bulk-orders-body").Locator("tr")).ToHaveCountAsync(4);
        Assert.All(await show.OrdersInDatabaseAsync(app), o => Assert.Equal(OrderStatus.Placed, o.Status));

        await panel.GetByTestId("bulk-confirm").ClickAsync();

        await Expect(panel.GetByTestId("bulk-summary")).ToContainTextAsync("Đã huỷ 4 đơn");
        var orders = await show.OrdersInDatabaseAsync(app);
        Assert.Equal(4, orders.Count(o => o.Status == OrderStatus.Cancelled));
        Assert.Single(orders, o => o.Status == OrderStatus.Placed && o.Channel == OrderChannel.Hotline);
        Assert.Equal(49, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
    }
}
