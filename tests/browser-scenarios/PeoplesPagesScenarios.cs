// Browser scenarios for the people's pages. Moves into tests/OcopLive.BrowserTests after the merge;
// BrowserFixture stands for that project's fixture: the app on a Kestrel port (OcopApp), a Debian
// Chromium started by Playwright (ExecutablePath = /usr/bin/chromium), helpers to arrange data via
// the API (a show with a locked line-up, users in roles).
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

public class PeoplesPagesScenarios(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>A director logs in, goes live with G and moves on with N while the overlay follows.</summary>
    [Fact]
    public async Task Director_GoesLive_AndMovesToTheNextSegment_WhileTheOverlayFollows()
    {
        var show = await fx.ShowWithLineupAsync(stocks: [100, 100], status: "Draft"); // two segments, not live yet
        var director = await fx.NewUserAsync("Director");

        await using var control = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await control.NewPageAsync();
        await new LoginPage(page).LogInAsync(fx.BaseAddress, director.UserName, director.Password, $"/control/{show.SessionId}");
        var room = new ControlRoomPage(page);
        await Expect(room.RundownRow(1)).ToBeVisibleAsync();
        await Expect(room.RundownRow(2)).ToBeVisibleAsync();

        await using var obs = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var overlay = new OverlayPage(await obs.NewPageAsync());
        await overlay.OpenAsync(fx.BaseAddress, show.SessionId);

        await room.PressAsync('G');
        await Expect(room.Status).ToHaveTextAsync("Live");
        await room.ExpectOnAirAsync(1);
        await Expect(room.OnAirProduct).ToContainTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);

        await room.Next.ClickAsync();
        await room.ExpectOnAirAsync(2);
        await Expect(room.RundownRow(1)).Not.ToHaveClassAsync(new Regex(@"\bon-air\b"));
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[1]);

        // After the last segment N answers 409 no-next-segment, shown in words; E ends (with a confirmation).
        await room.PressAsync('N');
        await Expect(room.Message).ToContainTextAsync("sản phẩm cuối");
        await room.PressAsync('E');
        await Expect(room.Status).ToHaveTextAsync("Ended");
    }

    /// <summary>A viewer on a phone-sized screen orders the product on air and sees the order number.</summary>
    [Fact]
    public async Task Viewer_OnAPhone_OrdersTheProductOnAir_AndSeesTheConfirmation()
    {
        var show = await fx.ShowWithLineupAsync(stocks: [50], status: "Live", priceVnd: 185_000);
        await using var phone = await fx.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "vi-VN",
        });
        var viewer = new ViewerPage(await phone.NewPageAsync());
        await viewer.OpenAsync(fx.BaseAddress, show.SessionId);
        await Expect(viewer.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(viewer.OnAirPrice).ToHaveTextAsync("185.000 ₫");

        // A wrong phone number is explained next to the field and orders nothing.
        await viewer.OrderAsync("Nguyễn Thị Hoa", "12345", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 2);
        await Expect(viewer.Form.GetByTestId("viewer-phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(viewer.Confirmation).ToBeHiddenAsync();

        await viewer.Phone.FillAsync("0912 345 678");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        Assert.Equal(1, await fx.CountOrdersAsync(show.SessionId));
    }

    /// <summary>An operator takes a phone order with the keyboard; a double Enter makes one order.</summary>
    [Fact]
    public async Task Operator_TakesAHotlineOrder_WithTheKeyboard()
    {
        var show = await fx.ShowWithLineupAsync(stocks: [50], status: "Live");
        var operatorUser = await fx.NewUserAsync("Operator");
        await using var desk = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await desk.NewPageAsync();
        await new LoginPage(page).LogInAsync(fx.BaseAddress, operatorUser.UserName, operatorUser.Password, $"/hotline/{show.SessionId}");
        var hotline = new HotlinePage(page);
        await Expect(hotline.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);

        await hotline.TakeCallAsync("0987654321", "Trần Văn Nam", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 3);
        await Expect(hotline.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(hotline.Recent.Locator("li")).ToHaveCountAsync(1);
        Assert.Equal(1, await fx.CountOrdersAsync(show.SessionId));

        // Esc starts the next call; the returning caller's name and address come back from the phone number.
        await page.Keyboard.PressAsync("Escape");
        await hotline.Phone.FillAsync("0987 654 321");
        await page.Keyboard.PressAsync("Tab");
        await Expect(hotline.Name).ToHaveValueAsync("Trần Văn Nam");
        await Expect(hotline.Commune).ToHaveValueAsync("Xã Can Lộc");
    }

    /// <summary>A producer watching the portal sees a viewer's order appear in sales and in the order list.</summary>
    [Fact]
    public async Task Producer_SeesTheSaleAppear()
    {
        var show = await fx.ShowWithLineupAsync(stocks: [50], status: "Live");
        var producerUser = await fx.NewUserAsync("Producer", show.ProducerId);
        await using var office = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await office.NewPageAsync();
        await new LoginPage(page).LogInAsync(fx.BaseAddress, producerUser.UserName, producerUser.Password, "/producer");
        var portal = new ProducerPortalPage(page);
        await Expect(portal.SalesOrders(show.ProductIds[0])).ToHaveTextAsync("0");

        await using var phone = await fx.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true });
        var viewer = new ViewerPage(await phone.NewPageAsync());
        await viewer.OpenAsync(fx.BaseAddress, show.SessionId);
        await viewer.OrderAsync("Lê Thị Mai", "0911222333", "Nghệ An", "Phường Vinh Phú", "5 Lê Lợi", 2);
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);

        await Expect(portal.SalesOrders(show.ProductIds[0])).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Expect(portal.SalesUnits(show.ProductIds[0])).ToHaveTextAsync("2");
        await Expect(portal.Order(number)).ToContainTextAsync("+84911222333");
        await portal.Confirm(number).ClickAsync();
        await Expect(portal.OrderStatus(number)).ToHaveTextAsync("Đã xác nhận");
    }
}
