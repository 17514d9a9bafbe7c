using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>The staff pages' forms, posted as a browser posts them (cookie + antiforgery token).</summary>
public class PlanningPagesTests(OcopApp app) : IClassFixture<OcopApp>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string? handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Logins.AntiforgeryToken(html);
        var url = handler is null ? page : $"{page}{(page.Contains('?', StringComparison.Ordinal) ? '&' : '?')}handler={handler}";
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Admin_CreatesAProducerUser_AndResetsItsPassword_OnTheUsersPage()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        using var admin = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var userName = $"htx-{Guid.NewGuid():N}"[..16];

        var created = await PostFormAsync(admin, "/admin/users", "Create", new()
        {
            ["NewUserName"] = userName,
            ["NewPassword"] = "first-pass-1",
            ["NewRole"] = "Producer",
            ["NewProducerId"] = producerId.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        using var oldCookie = await Logins.PageClientAsync(app, userName, "first-pass-1");
        using var oldToken = await Logins.ApiClientAsync(app, userName, "first-pass-1");
        Assert.Equal(HttpStatusCode.OK, (await oldCookie.GetAsync("/producer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await oldToken.GetAsync($"/api/producers/{producerId}/sales")).StatusCode);

        var id = await app.WithDbAsync(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        var reset = await PostFormAsync(admin, "/admin/users", "Reset", new() { ["id"] = id, ["password"] = "second-pass-2" });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        // The logins made with the old password end with the reset: the page sends to the login,
        // the API answers 401.
        var page = await oldCookie.GetAsync("/producer");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldToken.GetAsync($"/api/producers/{producerId}/sales")).StatusCode);

        using var again = await Logins.PageClientAsync(app, userName, "second-pass-2");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/producer")).StatusCode);
        var list = await admin.GetStringAsync("/admin/users");
        Assert.Contains($"admin-user-{userName}", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_CreatesAUserOnThePage_AsTheApiDoes_RoleInAnyCase_ProducerKept()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        using var admin = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var userName = $"htx-{Guid.NewGuid():N}"[..16];

        var created = await PostFormAsync(admin, "/admin/users", "Create", new()
        {
            ["NewUserName"] = userName,
            ["NewPassword"] = "first-pass-1",
            ["NewRole"] = "producer",
            ["NewProducerId"] = producerId.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        // The API lists the page's user exactly as one it created itself: role and producer.
        var listed = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users");
        var user = listed.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName);
        Assert.Equal("Producer", user.GetProperty("role").GetString());
        Assert.Equal(producerId, user.GetProperty("producerId").GetGuid());

        // The password rule is Identity's on both paths: 7 characters is refused by each, the same words.
        var shortPage = await PostFormAsync(admin, "/admin/users", "Create", new()
        {
            ["NewUserName"] = "short-pass",
            ["NewPassword"] = "1234567",
            ["NewRole"] = "Operator",
        });
        var shortApi = await staff.PostAsJsonAsync("/api/users", new { userName = "short-pass", password = "1234567", role = "operator" });
        var problem = await ProblemAssertions.AssertProblemAsync(shortApi, HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("password")[0].GetString()!;
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), await shortPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "short-pass")));
    }

    [Fact]
    public async Task Admin_ProducerUserWithoutProducer_IsRefusedWithAMessage()
    {
        using var admin = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var response = await PostFormAsync(admin, "/admin/users", "Create", new()
        {
            ["NewUserName"] = "no-producer",
            ["NewPassword"] = "Cam-gion-Thuong-Loc-26",
            ["NewRole"] = "Producer",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("cần chọn chủ thể", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "no-producer")));
    }

    [Fact]
    public async Task Director_PlansASession_InVietnamTime_AndRegistersAProduct()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId, priceVnd: 185_000);
        using var director = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));

        var day = DateTime.UtcNow.Date.AddDays(4);
        var created = await PostFormAsync(director, "/sessions/new", null, new()
        {
            ["Title"] = "Phiên chợ OCOP Hà Tĩnh tháng 12",
            ["StartsAtLocal"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T20:00",
            ["DurationMinutes"] = "90",
            ["OrderGraceMinutes"] = "30",
            ["Channel"] = "HTV",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var sessionId = Guid.Parse(location["/sessions/".Length..]);
        var session = await app.WithDbAsync(db => db.Sessions.SingleAsync(s => s.Id == sessionId));
        Assert.Equal(new DateTimeOffset(day.AddHours(13), TimeSpan.Zero), session.StartsAt);

        // The page's session has its clock, like one planned through POST /api/sessions.
        var jobs = await app.WithDbAsync(db => db.SessionJobs.Where(j => j.SessionId == sessionId).Select(j => j.Kind).ToListAsync());
        Assert.Equal([OcopLive.Scheduler.SessionJobKind.BuildLineup, OcopLive.Scheduler.SessionJobKind.StartingSoon,
            OcopLive.Scheduler.SessionJobKind.CloseOrdering], jobs.Order());
        using var staff2 = await app.ClientAsAsync();
        var viaApi = await Catalogue.IdOf(await staff2.PostAsJsonAsync("/api/sessions", new
        {
            title = "Cùng phiên qua API",
            startsAt = session.StartsAt.ToString("O"),
            durationMinutes = 90,
            orderGraceMinutes = 30,
        }));
        var apiJobs = await app.WithDbAsync(db => db.SessionJobs.Where(j => j.SessionId == viaApi).Select(j => j.Kind).ToListAsync());
        Assert.Equal(apiJobs.Order(), jobs.Order());

        // A start outside the planning window is refused on the page, and nothing is saved.
        var farAway = await PostFormAsync(director, "/sessions/new", null, new()
        {
            ["Title"] = "Năm 9999",
            ["StartsAtLocal"] = "9999-12-31T20:00",
            ["DurationMinutes"] = "60",
        });
        Assert.Equal(HttpStatusCode.OK, farAway.StatusCode);
        Assert.Contains("three years ahead", await farAway.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Sessions.AnyAsync(s => s.Title == "Năm 9999")));

        var entry = await PostFormAsync(director, location, "Entry", new()
        {
            ["ProductId"] = productId.ToString(),
            ["Minutes"] = "6",
            ["DealPriceVnd"] = "159000",
            ["LimitPerCustomer"] = "2",
        });
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        var saved = await app.WithDbAsync(db => db.SessionEntries.SingleAsync(e => e.SessionId == sessionId));
        Assert.Equal((6, 159_000L, 2), (saved.Minutes, saved.DealPriceVnd!.Value, saved.LimitPerCustomer!.Value));

        var tooDear = await PostFormAsync(director, location, "Entry", new() { ["ProductId"] = productId.ToString(), ["DealPriceVnd"] = "999999" });
        Assert.Equal(HttpStatusCode.OK, tooDear.StatusCode);
        Assert.Contains("Giá ưu đãi", await tooDear.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Director_AddsProducerAndProduct_OnTheCataloguePage()
    {
        using var director = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        var name = $"HTX Trang {Guid.NewGuid():N}"[..20];
        var producer = await PostFormAsync(director, "/catalogue", "Producer", new()
        {
            ["NewProducer.Name"] = name,
            ["NewProducer.Kind"] = "Cooperative",
            ["NewProducer.Province"] = "Hà Tĩnh",
            ["NewProducer.Commune"] = "Xã Vũ Quang",
            ["NewProducer.Phone"] = "0912 345 678",
        });
        Assert.Equal(HttpStatusCode.Redirect, producer.StatusCode);
        var producerId = await app.WithDbAsync(db => db.Producers.Where(p => p.Name == name).Select(p => p.Id).SingleAsync());

        var product = await PostFormAsync(director, "/catalogue", "Product", new()
        {
            ["NewProduct.ProducerId"] = producerId.ToString(),
            ["NewProduct.Name"] = "Mật ong rừng",
            ["NewProduct.Category"] = "0",
            ["NewProduct.OcopStars"] = "4",
            ["NewProduct.Unit"] = "chai 500 ml",
            ["NewProduct.PriceVnd"] = "250000",
            ["NewProduct.Stock"] = "100",
        });
        Assert.Equal(HttpStatusCode.Redirect, product.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Products.AnyAsync(p => p.ProducerId == producerId && p.Name == "Mật ong rừng" && p.PriceVnd == 250_000)));

        var refused = await PostFormAsync(director, "/catalogue", "Producer", new()
        {
            ["NewProducer.Name"] = "HTX Quảng Bình",
            ["NewProducer.Kind"] = "Cooperative",
            ["NewProducer.Province"] = "Quảng Bình",
            ["NewProducer.Commune"] = "Xã A",
            ["NewProducer.Phone"] = "0912345678",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("34 provinces", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlRoom_RendersTheRundownFromTheServer_WithTheSegmentOnAirHighlighted()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 5, 0]);
        using var director = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        var html = await director.GetStringAsync($"/control/{show.SessionId}");

        Assert.Contains("data-testid=\"rundown-row-1\" class=\"on-air stock-ok\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"rundown-row-2\" class=\" stock-low\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"rundown-row-3\" class=\" stock-sold-out\"", html, StringComparison.Ordinal);
        foreach (var id in new[] { "control-go-live", "control-next", "control-end", "sales-chart", "stock-alerts", "overlay-url", "copy-overlay-url" })
        {
            Assert.Contains($"data-testid=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains($"/overlay/{show.SessionId}", html, StringComparison.Ordinal);

        var rundown = await director.GetFromJsonAsync<System.Text.Json.JsonElement>($"/control/{show.SessionId}?handler=Rundown");
        Assert.Equal(1, rundown.GetProperty("currentPosition").GetInt32());
        Assert.Equal("Live", rundown.GetProperty("status").GetString());
        var rows = rundown.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3, rows.Count);
        // Back-time: the last 5-minute segment must start 5 minutes before the slot ends.
        var endsAt = rundown.GetProperty("endsAt").GetDateTimeOffset();
        Assert.Equal(endsAt.AddMinutes(-5), rows[2].GetProperty("backTime").GetDateTimeOffset());
        Assert.Equal(endsAt.AddMinutes(-15), rows[0].GetProperty("backTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task ViewerPage_ShowsTheProductOnAir_AndTheProvinces()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 100], priceVnd: 185_000);
        using var anonymous = Logins.CookieClient(app);
        var html = await anonymous.GetStringAsync($"/s/{show.SessionId}");
        Assert.Contains($"value=\"{show.ProductIds[0]}\"", html, StringComparison.Ordinal);
        Assert.Contains("185.000 ₫", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Equal(34, System.Text.RegularExpressions.Regex.Count(html, "<option>"));
        Assert.Contains("data-testid=\"viewer-order-form\"", html, StringComparison.Ordinal);
    }
}
