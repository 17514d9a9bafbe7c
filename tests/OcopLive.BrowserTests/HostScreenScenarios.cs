using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The host's screen in Debian Chromium, at 1920×1080 (a studio monitor) and on a tablet, and the
/// director firing a lower third from the control room onto the overlay.
/// </summary>
public class HostScreenScenarios(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    private async Task<ApiArrangedSession> ShowWithTalkingPointsAsync(string producer, int stock)
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, producer, products: 2, stock: stock, goLive: true);
        using var admin = await app.ClientAsAsync();
        var patch = await admin.PatchAsJsonAsync($"/api/products/{show.ProductIds[0]}", new
        {
            story = "Cam bù trồng trên đồi Hương Sơn, hợp tác xã chăm theo VietGAP và chỉ hái khi quả chín cây.",
            highlights = new[] { "Vỏ mỏng, múi mọng", "Ngọt đậm, thơm", "Có mã truy xuất từng vườn" },
            usage = "Ăn tươi hoặc vắt nước; để nơi thoáng mát 7–10 ngày.",
        });
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        var hardOut = await admin.PutAsJsonAsync($"/api/sessions/{show.SessionId}/hard-out", new { hardOutAt = DateTimeOffset.UtcNow.AddMinutes(12) });
        Assert.True(hardOut.IsSuccessStatusCode, await hardOut.Content.ReadAsStringAsync());
        return show;
    }

    [Fact]
    public async Task Host_ReadsTheProductOnAir_FromAStudioMonitor_AndAcknowledgesTheDirectorsCue()
    {
        var show = await ShowWithTalkingPointsAsync("HTX Cam bù Hương Sơn (host)", stock: 15);
        var host = await Logins.CreateUserAsync(app, "Host");
        var director = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Director"));

        var page = await browser.NewPageAsync(app.BaseAddress, 1920, 1080);
        await new LoginPage(page).LogInAsync($"/host/{show.SessionId}", host, Logins.Password);
        var screen = new HostScreenPage(page);
        await screen.ExpectFollowingTheHubAsync();

        await Expect(screen.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(screen.Producer).ToHaveTextAsync("HTX Cam bù Hương Sơn (host)");
        await Expect(screen.Stars).ToHaveTextAsync("★★★★");
        await Expect(screen.Certificate).ToContainTextAsync("OCOP-HT-2025-0001");
        await Expect(screen.Price).ToHaveTextAsync("185.000 ₫");
        await Expect(screen.Story).ToContainTextAsync("VietGAP");
        await Expect(screen.Highlights).ToHaveTextAsync(["Vỏ mỏng, múi mọng", "Ngọt đậm, thơm", "Có mã truy xuất từng vườn"]);
        await Expect(screen.Usage).ToContainTextAsync("thoáng mát");
        await Expect(screen.Stock).ToHaveTextAsync("15");
        await Expect(screen.StockLow).ToBeVisibleAsync();
        await Expect(screen.StockLow).ToHaveTextAsync("SẮP HẾT");
        await Expect(screen.Next).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(screen.SegmentLeft).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[45]:[0-5][0-9]$"));
        await Expect(screen.HardOutLeft).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1[12]:[0-5][0-9]$"));
        await Expect(screen.OverUnder).ToContainTextAsync("dư");

        // Legible from three metres: the product and its price in large type, the talking points no smaller than 30 px.
        Assert.True(await screen.FontPixelsAsync(screen.ProductName) >= 80, "product name ≥ 80 px");
        Assert.True(await screen.FontPixelsAsync(screen.Price) >= 90, "price ≥ 90 px");
        Assert.True(await screen.FontPixelsAsync(screen.Stock) >= 90, "stock ≥ 90 px");
        Assert.True(await screen.FontPixelsAsync(screen.Highlights.First) >= 40, "highlights ≥ 40 px");
        Assert.True(await screen.FontPixelsAsync(screen.Story) >= 34, "story ≥ 34 px");
        Assert.False(await screen.OverflowsSidewaysAsync());

        // An order moves the segment's count without a reload.
        using (var viewer = app.CreateClient())
        {
            var order = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", new
            {
                productId = show.ProductIds[0],
                quantity = 2,
                customer = new { name = "Nguyễn Thị Hoa", phone = "0912345678" },
                address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "12 Trần Phú" },
                channel = "Web",
            });
            Assert.True(order.IsSuccessStatusCode, await order.Content.ReadAsStringAsync());
        }

        await Expect(screen.SegmentOrders).ToHaveTextAsync("1");
        await Expect(screen.Stock).ToHaveTextAsync("13");

        var sent = Stopwatch.GetTimestamp();
        var cue = await (await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/cues", new { text = "Nhắc mã QR" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = cue.GetProperty("id").GetString()!;
        await Expect(screen.Cue(id)).ToContainTextAsync("Nhắc mã QR");
        output.WriteLine($"cue on the host's screen {Stopwatch.GetElapsedTime(sent).TotalMilliseconds:0} ms after the request (Playwright's polling included)");
        Assert.True(await screen.FontPixelsAsync(screen.Cue(id)) >= 36, "cue ≥ 36 px");
        await Screenshots.SaveAsync(page, "host");

        await screen.Ack(id).ClickAsync();
        await Expect(screen.Ack(id)).ToHaveCountAsync(0);
        var cues = await director.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/cues");
        Assert.Contains(cues.EnumerateArray(), c => c.GetProperty("id").GetString() == id && c.GetProperty("ackedBy").GetString() == host);

        // The director's next is pushed: the host reads the next product without a reload.
        Assert.True((await director.PostAsync($"/api/sessions/{show.SessionId}/next", null)).IsSuccessStatusCode);
        await Expect(screen.ProductName).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(screen.Next).ToHaveTextAsync("— (phần cuối)");
        await Expect(screen.Stock).ToHaveTextAsync("15");
        await Expect(screen.SegmentOrders).ToHaveTextAsync("0");
    }

    [Fact]
    public async Task Host_ReadsTheSameScreen_OnATablet()
    {
        var show = await ShowWithTalkingPointsAsync("HTX Cam bù Hương Sơn (tablet)", stock: 200);
        var host = await Logins.CreateUserAsync(app, "Host");

        var page = await browser.NewPageAsync(app.BaseAddress, 1024, 768, phone: true);
        await new LoginPage(page).LogInAsync($"/host/{show.SessionId}", host, Logins.Password);
        var screen = new HostScreenPage(page);
        await screen.ExpectFollowingTheHubAsync();
        await Expect(screen.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(screen.Price).ToHaveTextAsync("185.000 ₫");
        await Expect(screen.Stock).ToHaveTextAsync("200");
        await Expect(screen.StockLow).ToBeHiddenAsync();
        await Expect(screen.Highlights).ToHaveCountAsync(3);
        Assert.True(await screen.FontPixelsAsync(screen.ProductName) >= 40, "product name ≥ 40 px on a tablet");
        Assert.True(await screen.FontPixelsAsync(screen.Price) >= 50, "price ≥ 50 px on a tablet");
        Assert.True(await screen.FontPixelsAsync(screen.Highlights.First) >= 22, "highlights ≥ 22 px on a tablet");
        Assert.False(await screen.OverflowsSidewaysAsync());
        await Screenshots.SaveAsync(page, "host-tablet");
    }

    [Fact]
    public async Task Director_FiresALowerThird_FromTheControlRoom_AndTheOverlayShowsAndClearsIt()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Mật ong Vũ Quang (đồ họa)", products: 2, goLive: true);
        var director = await Logins.CreateUserAsync(app, "Director");
        var overlay = await browser.NewPageAsync(app.BaseAddress);
        await overlay.GotoAsync($"/overlay/{show.SessionId}?layout=lowerthird");
        await Expect(overlay.GetByTestId("overlay")).ToHaveAttributeAsync("data-hub-state", "live");
        var lowerThird = overlay.GetByTestId("lower-third");
        // The automatic lower third of go-live has run its 8 seconds or is still up; clear it first.

        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 1000);
        await new LoginPage(page).LogInAsync($"/control/{show.SessionId}", director, Logins.Password);
        await page.GetByTestId("gfx-clear-lowerThird").ClickAsync();
        await Expect(lowerThird).ToBeHiddenAsync();

        await page.GetByTestId("gfx-fire-lowerThird").ClickAsync();
        await Expect(lowerThird).ToBeVisibleAsync();
        await Expect(overlay.GetByTestId("lower-third-title")).ToHaveTextAsync("HTX Mật ong Vũ Quang (đồ họa)");
        await Expect(overlay.GetByTestId("lower-third-detail")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Hương Sơn, .*Hà Tĩnh"));
        await Expect(overlay.GetByTestId("lower-third-stars")).ToHaveTextAsync("★★★★");
        await Expect(overlay.GetByTestId("overlay-card")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("gfx-state-lowerThird")).ToContainTextAsync("đang hiện");
        await Screenshots.SaveAsync(overlay, "overlay-lower-third", transparent: true);

        // It leaves by itself after its set time (8 s), or when cleared.
        await page.GetByTestId("gfx-clear-lowerThird").ClickAsync();
        await Expect(lowerThird).ToBeHiddenAsync();

        // A flash deal counts down on the full layout.
        var full = await browser.NewPageAsync(app.BaseAddress);
        await full.GotoAsync($"/overlay/{show.SessionId}?layout=full");
        await Expect(full.GetByTestId("overlay")).ToHaveAttributeAsync("data-hub-state", "live");
        await page.GetByTestId("gfx-flash-seconds").FillAsync("90");
        await page.GetByTestId("gfx-fire-flashDeal").ClickAsync();
        await Expect(full.GetByTestId("flash-deal")).ToBeVisibleAsync();
        await Expect(full.GetByTestId("flash-deal-countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^1:[23][0-9]$"));

        // The next segment fires the lower third by itself.
        await page.GetByTestId("cue-ready-qr").ClickAsync();
        await Expect(page.GetByTestId("cue-list")).ToContainTextAsync("Nhắc mã QR");
        await page.GetByTestId("control-next").ClickAsync();
        await Expect(lowerThird).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Screenshots.SaveAsync(full, "overlay-graphics", transparent: true);
        await Screenshots.SaveAsync(page, "control-studio");
    }
}
