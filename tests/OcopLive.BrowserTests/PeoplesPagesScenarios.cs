using System.Globalization;
using System.Text.RegularExpressions;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The people's pages in Debian Chromium: the director's control room with the overlay following,
/// the viewer's phone page, the hotline desk and the producer portal. Data is arranged through the
/// API (<see cref="StagedShow"/>); staff log in through the /login form.
/// </summary>
public class PeoplesPagesScenarios(OcopApp app, Browser browser) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    /// <summary>A director logs in, goes live with G and moves on with N while the overlay follows.</summary>
    [Fact]
    public async Task Director_GoesLive_AndMovesToTheNextSegment_WhileTheOverlayFollows()
    {
        var show = await StagedShow.ArrangeAsync(app, "HTX Cam bù Hương Sơn", products: 2);
        var director = await Logins.CreateUserAsync(app, "Director");

        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(page).LogInAsync($"/control/{show.SessionId}", director, Logins.Password);
        var room = new ControlRoomPage(page);
        await Expect(room.Status).ToHaveTextAsync("Draft");
        await Expect(room.RundownRow(1)).ToContainTextAsync(show.ProductNames[0]);
        await Expect(room.RundownRow(2)).ToContainTextAsync(show.ProductNames[1]);
        await room.ExpectNotOnAirAsync(1);

        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await Expect(overlay.ProductName).ToHaveTextAsync(StagedShow.Title);

        await room.PressAsync('G');
        await Expect(room.Status).ToHaveTextAsync("Live");
        await room.ExpectOnAirAsync(1);
        await Expect(room.OnAirProduct).ToContainTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("185.000 ₫");

        await room.PressAsync('N');
        await room.ExpectOnAirAsync(2);
        await room.ExpectNotOnAirAsync(1);
        await Expect(room.OnAirProduct).ToContainTextAsync(show.ProductNames[1]);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("320.000 ₫");
        await Screenshots.SaveAsync(page, "control");

        // After the last segment N answers 409 no-next-segment, shown in words; the overlay stays.
        await room.Next.ClickAsync();
        await Expect(room.Message).ToContainTextAsync("sản phẩm cuối");
        await room.ExpectOnAirAsync(2);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);
    }

    /// <summary>A viewer on a phone-sized screen orders the product on air and sees the order number.</summary>
    [Fact]
    public async Task Viewer_OnAPhone_OrdersTheProductOnAir_AndSeesTheConfirmation()
    {
        var show = await StagedShow.ArrangeAsync(app, "HTX Mật ong Vũ Quang", products: 2, stock: 50, goLive: true);
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(viewer.OnAirPrice).ToHaveTextAsync("185.000 ₫");
        await Expect(viewer.ChosenProduct).ToHaveTextAsync(show.ProductNames[0]);

        // A wrong phone number is explained next to the field and orders nothing.
        await viewer.OrderAsync("Nguyễn Thị Hoa", "12345", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 2);
        await Expect(viewer.Phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(viewer.Confirmation).ToBeHiddenAsync();
        Assert.Empty(await show.OrdersInDatabaseAsync(app));

        await viewer.Phone.FillAsync("0912345678");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(viewer.OrderSummary).ToContainTextAsync("370.000 ₫");
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Screenshots.SaveAsync(viewer.Page, "viewer");

        var order = Assert.Single(await show.OrdersInDatabaseAsync(app));
        Assert.Equal(number, order.Number);
        Assert.Equal(show.ProductIds[0], order.ProductId);
        Assert.Equal(2, order.Quantity);
        Assert.Equal(370_000, order.TotalVnd);
        Assert.Equal("+84912345678", order.CustomerPhone);
        Assert.Equal("Nguyễn Thị Hoa", order.CustomerName);
        Assert.Equal(OrderChannel.Web, order.Channel);
    }

    /// <summary>An operator takes a phone order with the keyboard; a double Enter makes one order.</summary>
    [Fact]
    public async Task Operator_TakesAHotlineOrder_WithTheKeyboard()
    {
        var show = await StagedShow.ArrangeAsync(app, "HTX Kẹo cu đơ Hà Tĩnh", products: 2, stock: 50, goLive: true);
        var operatorUser = await Logins.CreateUserAsync(app, "Operator");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(page).LogInAsync($"/hotline/{show.SessionId}", operatorUser, Logins.Password);
        var hotline = new HotlinePage(page);
        await Expect(hotline.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(hotline.Product).ToHaveValueAsync(show.ProductIds[0].ToString());

        await hotline.TakeCallAsync("0987654321", "Trần Văn Nam", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 3);
        await Expect(hotline.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(hotline.Recent.Locator("li")).ToHaveCountAsync(1);
        var number = long.Parse(await hotline.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Screenshots.SaveAsync(page, "hotline");

        var order = Assert.Single(await show.OrdersInDatabaseAsync(app));
        Assert.Equal(number, order.Number);
        Assert.Equal(OrderChannel.Hotline, order.Channel);
        Assert.Equal(3, order.Quantity);
        Assert.Equal("+84987654321", order.CustomerPhone);
        Assert.Equal(operatorUser, order.OperatorUserName);
    }

    /// <summary>A producer watching the portal sees a viewer's order appear in the sales row and the order list, without a reload.</summary>
    [Fact]
    public async Task Producer_SeesTheSaleAppear_WithoutReloading()
    {
        var show = await StagedShow.ArrangeAsync(app, "HTX Nông sản Can Lộc", products: 2, stock: 50, goLive: true);
        var producerUser = await Logins.CreateUserAsync(app, "Producer", show.ProducerId);
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(page).LogInAsync("/producer", producerUser, Logins.Password);
        var portal = new ProducerPortalPage(page);
        await Expect(portal.ProducerName).ToHaveTextAsync("HTX Nông sản Can Lộc");
        await Expect(portal.SalesRow(show.ProductIds[0])).ToContainTextAsync(show.ProductNames[0]);
        await Expect(portal.SalesOrders(show.ProductIds[0])).ToHaveTextAsync("0");
        var loaded = await page.EvaluateAsync<double>("() => performance.timeOrigin");

        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(show.SessionId);
        await Expect(viewer.ChosenProduct).ToHaveTextAsync(show.ProductNames[0]);
        await viewer.OrderAsync("Lê Thị Mai", "0911222333", "Nghệ An", "Phường Vinh Phú", "5 Lê Lợi", 2);
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);

        await Expect(portal.SalesOrders(show.ProductIds[0])).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Expect(portal.SalesUnits(show.ProductIds[0])).ToHaveTextAsync("2");
        await Expect(portal.SalesRevenue(show.ProductIds[0])).ToHaveTextAsync("370.000 ₫");
        await Expect(portal.SalesOrders(show.ProductIds[1])).ToHaveTextAsync("0");
        await Expect(portal.Order(number)).ToContainTextAsync("+84911222333");
        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin")); // the same document: no reload
        await Screenshots.SaveAsync(page, "producer");

        await portal.Confirm(number).ClickAsync();
        await Expect(portal.OrderStatus(number)).ToHaveTextAsync("Đã xác nhận");
        Assert.Equal(OrderStatus.Confirmed, Assert.Single(await show.OrdersInDatabaseAsync(app)).Status);
    }
}
