using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.Delivery.Reliability;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// A buyer who refused two parcels orders on the viewer page: the page says, in Vietnamese, that
/// this order is paid by transfer first and why, and shows the VietQR to pay it.
/// </summary>
public sealed class PrepayScenarios(PaymentsApp app, Browser browser, ITestOutputHelper output) : IClassFixture<PaymentsApp>, IClassFixture<Browser>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Viewer_WithTwoRefusedParcels_IsToldToPayFirst_AndSeesTheVietQr()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000);
        await app.WithDbAsync(async db =>
        {
            // Two parcels this phone refused at other producers (the trigger on shipments keeps this row).
            db.Add(new BuyerReliability { Phone = "+84912345677", Delivered = 1, Returned = 2, Refused = 2, UpdatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(paid.Session.SessionId);
        await viewer.OrderAsync("Nguyễn Thị Hoa", "0912345677", "Tỉnh Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 1);
        await Expect(viewer.Confirmation).ToBeVisibleAsync();

        var page = viewer.Page;
        var reason = page.GetByTestId("viewer-prepay-reason");
        await Expect(reason).ToBeVisibleAsync();
        await Expect(reason).ToContainTextAsync("Số điện thoại này đã có 2 đơn từ chối nhận hàng, nên đơn mới cần chuyển khoản trước.");
        await Expect(page.GetByTestId("viewer-payment-qr")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("viewer-payment-cod")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(page, "viewer-prepay-after-refusals");
    }
}
