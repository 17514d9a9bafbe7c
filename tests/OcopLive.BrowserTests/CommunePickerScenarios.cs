using System.Text.RegularExpressions;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The commune picker on the viewer's phone page: a few letters without accents find the commune
/// of the two-level map, offline once the page has loaded; "Địa chỉ cũ?" turns an address from
/// before 1 July 2025 into the new commune, and the buyer chooses when the old commune was split.
/// </summary>
public class CommunePickerScenarios(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task Viewer_TypesThanhSenWithoutAccents_PicksPhuongThanhSen_EvenOffline_AndTheOrderKeepsItsCode()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Cam Thượng Lộc", products: 1, goLive: true);
        var page = await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true);
        var viewer = new ViewerPage(page);
        var mapLoaded = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/addresses/map", StringComparison.Ordinal) && r.Status == 200);
        await viewer.OpenAsync(show.SessionId);
        await mapLoaded;

        // No network from here on: the list is filtered in the phone.
        await page.Context.SetOfflineAsync(true);
        await viewer.Commune.FillAsync("thanh sen");
        await Expect(viewer.CommuneOptions.First).ToHaveTextAsync("Phường Thành Sen — Tỉnh Hà Tĩnh");
        await viewer.CommuneOptions.First.ClickAsync();
        await Expect(viewer.Commune).ToHaveValueAsync("Phường Thành Sen");
        await Expect(viewer.Province).ToHaveValueAsync("Tỉnh Hà Tĩnh");
        await Expect(page.GetByTestId("viewer-commune-options")).ToBeHiddenAsync();

        // Within the chosen province, "HUONG SON" finds Xã Hương Sơn and nothing outside Hà Tĩnh.
        await viewer.Commune.FillAsync("HUONG SON");
        await Expect(viewer.CommuneOptions.First).ToHaveTextAsync("Xã Hương Sơn");
        await viewer.Commune.PressAsync("Escape");
        await viewer.Commune.FillAsync("thanh sen");
        await viewer.Commune.PressAsync("Enter"); // Enter picks the first suggestion
        await Expect(viewer.Commune).ToHaveValueAsync("Phường Thành Sen");
        await page.Context.SetOfflineAsync(false);

        await viewer.Name.FillAsync("Nguyễn Thị Hoa");
        await viewer.Phone.FillAsync("0912888777");
        await viewer.Street.FillAsync("12 Trần Phú");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        var order = Assert.Single(await show.OrdersInDatabaseAsync(app));
        Assert.Equal(("42", "18073", "Phường Thành Sen"), (order.ProvinceCode, order.CommuneCode, order.Commune));
    }

    [Fact]
    public async Task Viewer_WithAnOldAddressOfASplitCommune_ChoosesAmongTheNewCommunes()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Bưởi Phúc Trạch", products: 1, goLive: true);
        var page = await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true);
        var viewer = new ViewerPage(page);
        await viewer.OpenAsync(show.SessionId);

        await viewer.OldToggle.ClickAsync();
        await viewer.OldProvince.FillAsync("Hà Tĩnh");
        await viewer.OldDistrict.FillAsync("Thành phố Hà Tĩnh");
        await viewer.OldCommune.FillAsync("phuong dai nai");
        await viewer.OldFind.ClickAsync();
        // Phường Đại Nài went partly into two new wards: the buyer chooses.
        await Expect(viewer.OldCandidates).ToHaveTextAsync(["Phường Hà Huy Tập, Tỉnh Hà Tĩnh", "Phường Thành Sen, Tỉnh Hà Tĩnh"]);
        await Screenshots.SaveAsync(page, "viewer-old-address");
        await viewer.OldCandidates.First.ClickAsync();
        await Expect(viewer.Commune).ToHaveValueAsync("Phường Hà Huy Tập");
        await Expect(viewer.Province).ToHaveValueAsync("Tỉnh Hà Tĩnh");
        await Expect(page.GetByTestId("viewer-old-panel")).ToBeHiddenAsync();

        await viewer.Name.FillAsync("Trần Văn Nam");
        await viewer.Phone.FillAsync("0912888666");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        var order = Assert.Single(await show.OrdersInDatabaseAsync(app));
        Assert.Equal(("42", "18652", "Phường Hà Huy Tập"), (order.ProvinceCode, order.CommuneCode, order.Commune));
    }
}
