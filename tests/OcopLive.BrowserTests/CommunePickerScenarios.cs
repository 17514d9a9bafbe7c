using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OcopLive.Addresses;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Addresses;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The commune picker on the viewer's phone page: a few letters without accents find the commune
/// of the two-level map, offline once the page has loaded; "Địa chỉ cũ?" turns an address from
/// before 1 July 2025 into the new commune, and the buyer chooses when the old commune was split.
/// The same picker on the staff page of old addresses the backfill could not match.
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

    [Fact]
    public async Task Director_ResolvesAnOldOrdersAddress_ByTypingTheCommuneWithoutAccents_AndTheOrderGetsItsCode()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Cam Cẩm Xuyên", products: 1, goLive: true);
        // An order written before addresses had codes, with a district where the commune belongs:
        // the backfill cannot match it, and lists it for a person.
        var orderId = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Hà Tĩnh", "Huyện Cẩm Xuyên");
        await OldAddresses.BackfillAsync(app);

        var rowId = await app.WithDbAsync(db => db.Set<UnmatchedAddress>().Where(u => u.RowId == orderId).Select(u => u.Id).SingleAsync());
        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 900);
        var login = new LoginPage(page);
        await login.OpenForAsync("/addresses/unmatched");
        await login.UserName.FillAsync(director);
        await login.Password.FillAsync(Logins.Password);
        await login.Submit.ClickAsync();
        await Expect(page.GetByTestId($"unmatched-{rowId}")).ToContainTextAsync("Huyện Cẩm Xuyên, Hà Tĩnh");

        await page.GetByTestId($"unmatched-province-{rowId}").SelectOptionAsync("Tỉnh Hà Tĩnh");
        var commune = page.GetByTestId($"unmatched-commune-{rowId}");
        await commune.FillAsync("cam xuyen");
        var first = page.GetByTestId($"unmatched-{rowId}-commune-option").First;
        await Expect(first).ToHaveTextAsync("Xã Cẩm Xuyên");
        await first.ClickAsync();
        await Expect(commune).ToHaveValueAsync("Xã Cẩm Xuyên");
        await page.GetByTestId($"unmatched-submit-{rowId}").ClickAsync();

        await Expect(page.GetByTestId($"unmatched-resolved-{rowId}")).ToContainTextAsync(director);
        await Expect(page.GetByTestId($"unmatched-{rowId}")).ToHaveCountAsync(0);
        var order = await app.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).SingleAsync());
        var expected = AddressBook.Official.FindCommune(AddressBook.Official.ProvinceByCode("42")!, "Xã Cẩm Xuyên").Commune!;
        Assert.Equal(("42", expected.Code, "Xã Cẩm Xuyên"), (order.ProvinceCode, order.CommuneCode, order.Commune));
    }
}
