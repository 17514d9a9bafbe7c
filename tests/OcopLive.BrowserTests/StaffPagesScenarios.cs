using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The pages around the show, in Debian Chromium, each ending with its screenshot for the README:
/// login, catalogue, a new session, planning the line-up, the session list, users, the hotline
/// start page and the viewer's order look-up. A class of its own, so its app's catalogue holds only
/// what these scenarios put in it.
/// </summary>
public class StaffPagesScenarios(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    /// <summary>
    /// A director logs in, adds a producer and two products in the catalogue, plans a session,
    /// registers both products, builds the line-up (a Hangfire job), swaps the two segments and saves.
    /// </summary>
    [Fact]
    public async Task Director_PlansASession_FromTheCatalogueToASavedLineup()
    {
        var director = await Logins.CreateUserAsync(app, "Director");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 900);
        var login = new LoginPage(page);
        await login.OpenForAsync("/catalogue");
        await login.UserName.FillAsync(director);
        await login.Password.FillAsync("not-the-password");
        await login.Submit.ClickAsync();
        await Expect(login.Error).ToBeVisibleAsync();
        await login.UserName.FillAsync(director);
        await Screenshots.SaveAsync(page, "login");
        await login.Password.FillAsync(Logins.Password);
        await login.Submit.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/catalogue$"));

        var catalogue = new CataloguePage(page);
        await catalogue.AddProducerAsync("HTX Cam Vũ Quang", "Cooperative", "Hà Tĩnh", "Xã Vũ Quang", "0912000111");
        await Expect(catalogue.Message).ToContainTextAsync("HTX Cam Vũ Quang");
        await Expect(catalogue.Producers).ToContainTextAsync("HTX Cam Vũ Quang");
        await catalogue.AddProducerAsync("HTX Mật ong Hương Khê", "Cooperative", "Hà Tĩnh", "Xã Hương Khê", "0912000222");
        await Expect(catalogue.Producers).ToContainTextAsync("HTX Mật ong Hương Khê");
        await catalogue.AddProductAsync("HTX Cam Vũ Quang", "Cam Vũ Quang", "Food", 4, "kg", 45_000, 800);
        await Expect(catalogue.Products).ToContainTextAsync("Cam Vũ Quang");
        await catalogue.AddProductAsync("HTX Mật ong Hương Khê", "Mật ong rừng Hương Khê", "Food", 5, "chai 500 ml", 250_000, 300);
        await Expect(catalogue.Message).ToContainTextAsync("Mật ong rừng Hương Khê");
        await Expect(catalogue.Products).ToContainTextAsync("250.000 ₫");
        await Screenshots.SaveAsync(page, "catalogue");
        var products = await app.WithDbAsync(db => db.Products.AsNoTracking().Include(p => p.Producer)
            .Where(p => p.Name == "Cam Vũ Quang" || p.Name == "Mật ong rừng Hương Khê").OrderBy(p => p.PriceVnd).ToListAsync());
        Assert.Equal(["Cam Vũ Quang", "Mật ong rừng Hương Khê"], products.Select(p => p.Name));
        Assert.Equal(["HTX Cam Vũ Quang", "HTX Mật ong Hương Khê"], products.Select(p => p.Producer!.Name));
        Assert.Equal(5, products[1].OcopStars);
        Assert.Equal(300, products[1].Stock);

        var sessions = new SessionsPage(page);
        await page.GotoAsync("/sessions/new");
        await sessions.FillNewAsync("Phiên chợ OCOP Vũ Quang", 45, "HTV Hà Tĩnh");
        await Screenshots.SaveAsync(page, "session-new");
        await sessions.CreateAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/sessions/[0-9a-f-]{36}$"));
        var sessionId = Guid.Parse(page.Url[^36..]);

        var planning = new PlanningPage(page);
        await Expect(planning.Title).ToHaveTextAsync("Phiên chợ OCOP Vũ Quang");
        await planning.AddEntryAsync(products[0].Id, minutes: 6, dealPriceVnd: 39_000);
        await Expect(planning.Entry(products[0].Id)).ToContainTextAsync("39.000 ₫");
        await planning.AddEntryAsync(products[1].Id, minutes: 4);
        await Expect(planning.Entry(products[1].Id)).ToContainTextAsync("Mật ong rừng Hương Khê");

        await planning.Build.ClickAsync();
        await Expect(planning.LineupState).ToHaveTextAsync("Built", new() { Timeout = 30_000 });
        await Expect(planning.Segment(2)).ToBeVisibleAsync();
        var built = await LineupAsync(sessionId);
        await planning.Down(1).ClickAsync();
        await Expect(planning.LineupMessage).ToContainTextAsync("Chưa lưu");
        await planning.Save.ClickAsync();
        await Expect(planning.LineupMessage).ToHaveTextAsync("Đã lưu.");
        var saved = await LineupAsync(sessionId);
        Assert.Equal([built[1], built[0]], saved);
        await Expect(planning.Segment(1)).ToContainTextAsync(products.Single(p => p.Id == saved[0]).Name);
        await Screenshots.SaveAsync(page, "planning");

        await page.GotoAsync("/sessions");
        await Expect(sessions.Link(sessionId)).ToHaveTextAsync("Phiên chợ OCOP Vũ Quang");
        await Screenshots.SaveAsync(page, "sessions");
    }

    /// <summary>An admin creates a Producer user bound to a producer; the new user logs in to the portal.</summary>
    [Fact]
    public async Task Admin_CreatesAProducerUser_WhoThenLogsInToThePortal()
    {
        using (var staff = await app.ClientAsAsync())
        {
            await Catalogue.CreateProducerAsync(staff, "HTX Mực khô Thạch Kim");
        }

        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(page).LogInAsync("/admin/users", "admin", OcopApp.AdminPassword);
        var users = new UsersPage(page);
        await users.CreateAsync("htx-thach-kim", "muc-kho-2026", "Producer", "HTX Mực khô Thạch Kim");
        await Expect(users.Message).ToContainTextAsync("htx-thach-kim");
        await Expect(users.User("htx-thach-kim")).ToContainTextAsync("Producer");
        await Expect(users.User("htx-thach-kim")).ToContainTextAsync("HTX Mực khô Thạch Kim");
        await Screenshots.SaveAsync(page, "admin-users");

        var portal = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(portal).LogInAsync("/producer", "htx-thach-kim", "muc-kho-2026");
        await Expect(new ProducerPortalPage(portal).ProducerName).ToHaveTextAsync("HTX Mực khô Thạch Kim");
    }

    /// <summary>An operator's start page lists the session taking orders and opens its desk.</summary>
    [Fact]
    public async Task Operator_OpensTheDesk_FromTheHotlineStartPage()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Kẹo cu đơ Thiên Cầm", products: 2, goLive: true);
        var operatorUser = await Logins.CreateUserAsync(app, "Operator");
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        await new LoginPage(page).LogInAsync("/hotline", operatorUser, Logins.Password);
        var start = new HotlineSessionsPage(page);
        await Expect(start.Session(show.SessionId)).ToContainTextAsync("Live");
        await Screenshots.SaveAsync(page, "hotline-sessions");

        await start.Open(show.SessionId).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/hotline/{show.SessionId}$"));
        var desk = new HotlinePage(page);
        await desk.ExpectFollowingTheHubAsync();
        await Expect(desk.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
    }

    /// <summary>A viewer looks an order up on the phone: the number and the phone must both match.</summary>
    [Fact]
    public async Task Viewer_LooksUpAnOrder_ByNumberAndPhone()
    {
        var show = await ApiArrangedSession.ArrangeAsync(app, "HTX Nhút Thanh Chương", products: 1, goLive: true);
        var number = await show.OrderAsync(app, show.ProductIds[0], quantity: 3, phone: "0915666777");
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(show.SessionId);
        await viewer.LookupLink.ClickAsync();
        await Expect(viewer.Page).ToHaveURLAsync(new Regex($"/s/{show.SessionId}/tra-cuu$"));
        var lookup = new LookupPage(viewer.Page);

        await lookup.LookUpAsync(number, "0915000000");
        await Expect(lookup.Error).ToContainTextAsync("Không tìm thấy");
        await Expect(lookup.Result).ToBeHiddenAsync();

        await lookup.LookUpAsync(number, "0915 666 777");
        await Expect(lookup.ResultNumber).ToHaveTextAsync($"#{number}");
        await Expect(lookup.ResultStatus).ToHaveTextAsync("Đã đặt");
        await Expect(lookup.ResultSummary).ToContainTextAsync("3 × Cam bù Hương Sơn — 555.000 ₫");
        await Screenshots.SaveAsync(viewer.Page, "lookup");
    }

    private async Task<List<Guid>> LineupAsync(Guid sessionId)
    {
        using var admin = await app.ClientAsAsync();
        var lineup = await admin.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/lineup");
        return [.. lineup.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("productId").GetGuid())];
    }
}
