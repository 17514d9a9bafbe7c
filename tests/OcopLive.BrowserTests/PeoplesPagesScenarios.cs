using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The people's pages in Debian Chromium: the director's control room with the overlay following,
/// the viewer's phone page, the hotline desk and the producer portal. Data is arranged through the
/// API (<see cref="ApiArrangedSession"/>); staff log in through the /login form. The live figures are
/// pushed by the hubs: each scenario checks that the page has joined its hub and that a change
/// reaches the screen within <see cref="Pushed"/> with no request to the fallback poll's URL
/// (polled only while the hub is down, every 10–15 s).
/// </summary>
public class PeoplesPagesScenarios(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    /// <summary>Well within the fallback poll's interval: only a push gets a change on screen this fast.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions Pushed = new() { Timeout = 3_000 };

    /// <summary>A director logs in, goes live with G and moves on with N while the overlay follows.</summary>
    [Fact]
    public async Task Director_GoesLive_AndMovesToTheNextSegment_WhileTheOverlayFollows()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Cam bù Hương Sơn", products: 2);
        var director = await Logins.CreateUserAsync(app, "Director");

        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var wire = new Wire(page);
        await new LoginPage(page).LogInAsync($"/control/{show.SessionId}", director, Logins.Password);
        var room = new ControlRoomPage(page);
        await room.ExpectFollowingTheHubAsync();
        var polls = wire.Requests(LivePoll(show));
        await Expect(room.Status).ToHaveTextAsync("Draft");
        await Expect(room.RundownRow(1)).ToContainTextAsync(show.ProductNames[0]);
        await Expect(room.RundownRow(2)).ToContainTextAsync(show.ProductNames[1]);
        await room.ExpectNotOnAirAsync(1);
        await Expect(room.OverlayUrl).ToHaveValueAsync(new Uri(app.BaseAddress, $"/overlay/{show.SessionId}").ToString());

        var overlay = new OverlayPage(await browser.NewPageAsync(app.BaseAddress));
        await overlay.OpenAsync(show.SessionId);
        await Expect(overlay.ProductName).ToHaveTextAsync(ApiArrangedSession.Title);

        // A clock event written while the page is open (as the starting-soon job does) is in the
        // session log once the status changes.
        await app.WithDbAsync(async db =>
        {
            db.SessionEvents.Add(new OcopLive.Scheduler.SessionEvent
            {
                SessionId = show.SessionId,
                Kind = "starting-soon",
                Message = "Phiên sắp lên sóng lúc 20:00 (starting soon).",
                At = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        await room.PressAsync('G');
        await Expect(room.Status).ToHaveTextAsync("Live");
        await room.ExpectOnAirAsync(1);
        await Expect(page.Locator("[data-testid=session-log] li[data-kind=starting-soon]")).ToContainTextAsync("sắp lên sóng lúc 20:00");
        await Expect(room.OnAirProduct).ToContainTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(overlay.ProductPrice).ToHaveTextAsync("185.000 ₫");

        // A viewer's order reaches the control room by push (counters), not by a poll.
        await show.OrderAsync(app, show.ProductIds[0], quantity: 2);
        await Expect(room.OnAirOrders).ToHaveTextAsync("1", Pushed);
        await Expect(room.SessionOrders).ToHaveTextAsync("1", Pushed);
        await Expect(overlay.SegmentOrders).ToHaveTextAsync("1", Pushed);

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
        Assert.Equal(polls, wire.Requests(LivePoll(show)));
    }

    /// <summary>
    /// The control room keeps its figures moving while /hubs/live cannot be reached: it polls the
    /// live API slowly, and only then; once the hub is back it joins again (a fresh snapshot) and
    /// the figures are pushed again.
    /// </summary>
    [Fact]
    public async Task ControlRoom_PollsOnlyWhileTheHubIsDown_AndJoinsAgainWhenItIsBack()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Chè xanh Hương Sơn", products: 2, goLive: true);
        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var wire = new Wire(page);
        await new LoginPage(page).LogInAsync($"/control/{show.SessionId}", director, Logins.Password);
        var room = new ControlRoomPage(page);
        await room.ExpectFollowingTheHubAsync();
        Assert.Equal(1, await room.HubJoinsAsync());

        // The hub cannot be reached (every negotiate fails) and the connection drops.
        await page.RouteAsync("**/hubs/live/negotiate**", route => route.AbortAsync());
        await room.DropHubConnectionAsync();
        await Expect(room.HubState).ToHaveAttributeAsync("data-state", "reconnecting");
        await Expect(room.HubState).ToContainTextAsync("Mất kết nối");
        await show.OrderAsync(app, show.ProductIds[0], quantity: 1);
        await Expect(room.SessionOrders).ToHaveTextAsync("1", new() { Timeout = 15_000 });
        Assert.True(wire.Requests(LivePoll(show)) >= 1, "the figure came from the fallback poll");

        // Back: the page joins again and the poll stops.
        await page.UnrouteAsync("**/hubs/live/negotiate**");
        // The next attempt is at most the back-off's cap away (10 s + up to 1 s of jitter).
        await Expect(room.HubState).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        await Expect(room.HubState).ToHaveTextAsync("Trực tiếp");
        Assert.Equal(2, await room.HubJoinsAsync());
        var polls = wire.Requests(LivePoll(show));
        await show.OrderAsync(app, show.ProductIds[0], quantity: 1, phone: "0977888999");
        await Expect(room.SessionOrders).ToHaveTextAsync("2", Pushed);
        await Expect(room.OnAirOrders).ToHaveTextAsync("2", Pushed);
        Assert.Equal(polls, wire.Requests(LivePoll(show)));
    }

    /// <summary>A viewer on a phone-sized screen orders the product on air and sees the order number.</summary>
    [Fact]
    public async Task Viewer_OnAPhone_OrdersTheProductOnAir_AndSeesTheConfirmation()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Mật ong Vũ Quang", products: 2, stock: 50, goLive: true);
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        var wire = new Wire(viewer.Page);
        await viewer.OpenAsync(show.SessionId);
        await viewer.ExpectFollowingTheHubAsync();
        var polls = wire.Requests(NowPoll(show));
        await Expect(viewer.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(viewer.OnAirPrice).ToHaveTextAsync("185.000 ₫");
        await Expect(viewer.OnAirStock).ToHaveTextAsync("Còn 50");
        await Expect(viewer.ChosenProduct).ToHaveTextAsync(show.ProductNames[0]);

        // Another viewer buys two: the stock on this phone follows by push.
        var other = await show.OrderAsync(app, show.ProductIds[0], quantity: 2);
        await Expect(viewer.OnAirStock).ToHaveTextAsync("Còn 48", Pushed);

        // A wrong phone number is explained next to the field and orders nothing.
        await viewer.OrderAsync("Nguyễn Thị Hoa", "12345", "Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 2);
        await Expect(viewer.Phone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(viewer.Confirmation).ToBeHiddenAsync();
        Assert.Equal(other, Assert.Single(await show.OrdersInDatabaseAsync(app)).Number);

        await viewer.Phone.FillAsync("0912345678");
        await viewer.Submit.ClickAsync();
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        await Expect(viewer.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(viewer.OrderSummary).ToContainTextAsync("370.000 ₫");
        var number = long.Parse(await viewer.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Screenshots.SaveAsync(viewer.Page, "viewer");

        var order = Assert.Single(await show.OrdersInDatabaseAsync(app), o => o.Number == number);
        Assert.Equal(show.ProductIds[0], order.ProductId);
        Assert.Equal(2, order.Quantity);
        Assert.Equal(370_000, order.TotalVnd);
        Assert.Equal("+84912345678", order.CustomerPhone);
        Assert.Equal("Nguyễn Thị Hoa", order.CustomerName);
        Assert.Equal(OrderChannel.Web, order.Channel);
        await Expect(viewer.OnAirStock).ToHaveTextAsync("Còn 46", Pushed);
        Assert.Equal(polls, wire.Requests(NowPoll(show)));
        // The phone's feed is the small viewer's view, Vietnamese as UTF-8 on the wire; never the overlay's snapshot.
        Assert.True(wire.Received("/hubs/live", "now", show.ProductNames[0]));
        Assert.False(wire.Received("/hubs/live", "counters", ""));
    }

    /// <summary>An operator takes a phone order with the keyboard; a double Enter makes one order.</summary>
    [Fact]
    public async Task Operator_TakesAHotlineOrder_WithTheKeyboard()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Kẹo cu đơ Hà Tĩnh", products: 2, stock: 50, goLive: true);
        var operatorUser = await Logins.CreateUserAsync(app, "Operator");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var wire = new Wire(page);
        await new LoginPage(page).LogInAsync($"/hotline/{show.SessionId}", operatorUser, Logins.Password);
        var hotline = new HotlinePage(page);
        await hotline.ExpectFollowingTheHubAsync();
        var polls = wire.Requests(LivePoll(show));
        await Expect(hotline.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await Expect(hotline.Product).ToHaveValueAsync(show.ProductIds[0].ToString());

        // The director moves on: the desk follows the new segment by push (segmentChanged).
        await show.NextAsync(app);
        await Expect(hotline.OnAirProduct).ToHaveTextAsync(show.ProductNames[1], Pushed);
        await Expect(hotline.Product).ToHaveValueAsync(show.ProductIds[1].ToString());

        await hotline.TakeCallAsync("0987654321", "Trần Văn Nam", "Hà Tĩnh", "Xã Can Lộc", "Thôn 3", 3);
        await Expect(hotline.OrderNumber).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(hotline.Recent.Locator("li")).ToHaveCountAsync(1);
        var number = long.Parse(await hotline.OrderNumber.InnerTextAsync(), CultureInfo.InvariantCulture);
        await Screenshots.SaveAsync(page, "hotline");

        var order = Assert.Single(await show.OrdersInDatabaseAsync(app));
        Assert.Equal(number, order.Number);
        Assert.Equal(OrderChannel.Hotline, order.Channel);
        Assert.Equal(show.ProductIds[1], order.ProductId);
        Assert.Equal(3, order.Quantity);
        Assert.Equal("+84987654321", order.CustomerPhone);
        Assert.Equal(operatorUser, order.OperatorUserName);
        Assert.Equal(polls, wire.Requests(LivePoll(show)));
    }

    /// <summary>
    /// A producer watching the portal sees a viewer's order appear in the sales row and the order
    /// list, without a reload: a `sales` event on /hubs/producer, whose connection the page opened
    /// with a hub token asked for with its login cookie.
    /// </summary>
    [Fact]
    public async Task Producer_SeesTheSaleAppear_WithoutReloading()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Nông sản Can Lộc", products: 2, stock: 50, goLive: true);
        var producerUser = await Logins.CreateUserAsync(app, "Producer", show.ProducerId);
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var wire = new Wire(page);
        await new LoginPage(page).LogInAsync("/producer", producerUser, Logins.Password);
        var portal = new ProducerPortalPage(page);
        await portal.ExpectFollowingTheHubAsync();
        Assert.Equal(1, wire.Requests("/api/auth/hub-token", "POST"));
        var salesPolls = wire.Requests("/producer?handler=Sales");
        Assert.Equal(await portal.HubJoinsAsync(), salesPolls); // read once after the join, not polled
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

        await Expect(portal.SalesOrders(show.ProductIds[0])).ToHaveTextAsync("1", Pushed);
        await Expect(portal.SalesUnits(show.ProductIds[0])).ToHaveTextAsync("2");
        await Expect(portal.SalesRevenue(show.ProductIds[0])).ToHaveTextAsync("370.000 ₫");
        await Expect(portal.SalesOrders(show.ProductIds[1])).ToHaveTextAsync("0");
        await Expect(portal.Order(number)).ToContainTextAsync("+84911222333");
        Assert.Equal(loaded, await page.EvaluateAsync<double>("() => performance.timeOrigin")); // the same document: no reload
        Assert.True(wire.Received("/hubs/producer", "sales", show.ProductIds[0].ToString()), "the sale came as a sales event on /hubs/producer");
        Assert.Equal(salesPolls, wire.Requests("/producer?handler=Sales"));
        Assert.Equal(0, wire.Requests($"/api/producers/{show.ProducerId}/sales"));
        await Screenshots.SaveAsync(page, "producer");

        await portal.Confirm(number).ClickAsync();
        await Expect(portal.OrderStatus(number)).ToHaveTextAsync("Đã xác nhận");
        Assert.Equal(OrderStatus.Confirmed, Assert.Single(await show.OrdersInDatabaseAsync(app)).Status);
    }

    private static string LivePoll(ApiArrangedSession show) => $"/api/sessions/{show.SessionId}/live";

    private static string NowPoll(ApiArrangedSession show) => $"/api/sessions/{show.SessionId}/now";
}
