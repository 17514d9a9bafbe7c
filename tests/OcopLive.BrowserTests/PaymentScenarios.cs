using System.Globalization;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;
using OcopLive.Payments;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// A viewer pays by VietQR: the order's QR is shown on the confirmation, the bank's notification
/// arrives, and the page says "Đã thanh toán" without a reload (pushed on its hub connection).
/// </summary>
public sealed class PaymentScenarios(PaymentsApp app, Browser browser, ITestOutputHelper output) : IClassFixture<PaymentsApp>, IClassFixture<Browser>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Viewer_SeesTheOrdersVietQr_AndItTurnsPaid_WhenTheBankNotifies()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000);
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(paid.Session.SessionId);
        await viewer.ExpectFollowingTheHubAsync();
        await viewer.OrderAsync("Nguyễn Thị Hoa", "0912345678", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 2);
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        var page = viewer.Page;
        var status = page.GetByTestId("viewer-payment-status");
        await Expect(status).ToHaveTextAsync("Chưa thanh toán");
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Expect(page.GetByTestId("viewer-transfer-note")).ToHaveTextAsync(TransferNote.For(number));
        await Expect(page.GetByTestId("viewer-payment-amount")).ToHaveTextAsync("370.000 ₫");

        // The QR image is loaded and is the order's VietQR (an SVG the server drew from the payload).
        var qr = page.GetByTestId("viewer-payment-qr");
        await Expect(qr).ToBeVisibleAsync();
        // Fetched by script with the watch token in a header (never in a URL), shown as a blob: image
        // (the SVG itself is checked by WatchTokenTests; the page's content policy keeps fetch() off blob: URLs).
        await Expect(qr).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
        Assert.True(await qr.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0)"));
        await Screenshots.SaveAsync(page, "viewer-payment-qr");

        using var bank = app.CreateClient();
        var response = await BankService.SendAsync(bank,
            BankService.Body("evt-" + Guid.NewGuid(), paid.Account, 370_000, $"CT DEN:0912 {TransferNote.For(number).ToLowerInvariant()} chuyen tien"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Expect(status).ToHaveTextAsync("Đã thanh toán", new() { Timeout = 5_000 });
        await Expect(status).ToHaveAttributeAsync("data-status", "Paid");
        await Screenshots.SaveAsync(page, "viewer-paid");
    }
}
