using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// An operator at the "chốt đơn" desk in Debian Chromium: a comment typed in the live chat appears
/// within a second, one key makes it an order (the overlay's counter moves), another dismisses.
/// </summary>
public class DeskScenarios(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task Operator_SeesACommentWithinASecond_ConfirmsItWithEnter_AndDismissesSpamWithDelete()
    {
        var show = await OnAirSession.ArrangeAsync(app, [20]);
        var operatorName = await Logins.CreateUserAsync(app, "Operator");
        using var connector = await app.ClientAsAsync();
        // A returning buyer: her address comes from her earlier order.
        var earlier = await connector.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], 1, "0987111222", "Lê Thị Mai", channel: "Hotline"));
        Assert.True(earlier.IsSuccessStatusCode);

        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.Page.GotoAsync($"/overlay/{show.SessionId}");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("1");

        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 900);
        await new LoginPage(page).LogInAsync($"/desk/{show.SessionId}", operatorName, Logins.Password);
        var desk = new DeskPage(page);
        await Expect(desk.HubState).ToHaveAttributeAsync("data-hub-state", "live");

        var sent = Stopwatch.StartNew();
        await connector.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", new
        {
            platform = "YouTube",
            commentId = "yt-desk-1",
            author = "Mai Lê",
            text = "chốt 2 hộp 0987 111 222",
            at = DateTimeOffset.UtcNow,
        });
        await Expect(desk.Orders.GetByTestId("desk-comment")).ToHaveCountAsync(1, new() { Timeout = 1_000 });
        output.WriteLine($"comment on the desk after {sent.ElapsedMilliseconds} ms");
        var row = desk.Orders.GetByTestId("desk-comment").First;
        await Expect(row.GetByTestId("desk-parsed-quantity")).ToHaveTextAsync("× 2");
        await Expect(row.GetByTestId("desk-parsed-phone")).ToHaveTextAsync("+8498•••••22");

        // Selected and claimed at once: the phone in full for this operator, the address prefilled.
        await Expect(desk.Phone).ToHaveValueAsync("+84987111222");
        await Expect(desk.Commune).ToHaveValueAsync("Phường Thành Sen");
        await Expect(desk.Prefill).ToContainTextAsync("đơn trước");
        await Screenshots.SaveAsync(page, "desk");
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
        await page.Keyboard.PressAsync("Enter");
        await Expect(desk.Message).ToContainTextAsync("Đã chốt đơn");
        await Expect(row).ToHaveAttributeAsync("data-state", "Confirmed");
        await Expect(overlay.SessionOrders).ToHaveTextAsync("2");
        var order = await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.SessionId == show.SessionId && o.Channel == OrderChannel.Comment));
        Assert.Equal((2, "+84987111222", "Lê Thị Mai", "Phường Thành Sen"), (order.Quantity, order.CustomerPhone, order.CustomerName, order.Commune));

        // An advert with a phone number is not an order; a bare "chốt" is, and Delete dismisses it.
        await connector.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", new
        {
            platform = "Facebook",
            commentId = "fb-desk-2",
            author = "Quảng cáo",
            text = "Vay tiền nhanh lh 0912345678",
            at = DateTimeOffset.UtcNow,
        });
        await connector.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", new
        {
            platform = "Facebook",
            commentId = "fb-desk-3",
            author = "Khách",
            text = "chốt",
            at = DateTimeOffset.UtcNow,
        });
        await Expect(desk.Others.GetByTestId("desk-comment")).ToHaveCountAsync(1);
        var bare = desk.Orders.GetByTestId("desk-comment").Filter(new() { HasText = "Khách" });
        await Expect(bare).ToHaveClassAsync(new Regex("selected"));
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
        await page.Keyboard.PressAsync("Delete");
        await Expect(bare).ToHaveAttributeAsync("data-state", "Dismissed");
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId && o.Channel == OrderChannel.Comment)));
    }
}
