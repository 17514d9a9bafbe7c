using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Api;

/// <summary>Each input bounded where it enters, and nothing saved before every check has passed.</summary>
public class InputBoundsTests(OcopApp app) : IClassFixture<OcopApp>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:00:00Z")]
    [InlineData("2010-05-01T20:00:00+07:00")]
    public async Task SessionStartFarFromNow_IsRefused_AndNothingIsSaved(string startsAt)
    {
        using var staff = await app.ClientAsAsync();
        var title = $"Xa quá {Guid.NewGuid():N}"[..20];
        var response = await staff.PostAsync("/api/sessions", Json($$"""{"title":"{{title}}","startsAt":"{{startsAt}}","durationMinutes":60}"""));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("startsAt", out _), problem.ToString());
        Assert.False(await app.WithDbAsync(db => db.Sessions.AnyAsync(s => s.Title == title)));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/sessions")).StatusCode);
    }

    [Fact]
    public async Task SessionList_StillAnswers_WithARowSavedAtTheEndOfTime()
    {
        // A row from before the start was bounded: the list must not overflow computing its end.
        await app.WithDbAsync(async db =>
        {
            var at = new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero);
            db.Sessions.Add(new Session { Title = "Năm 9999", StartsAt = at, DurationMinutes = 600, CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        using var staff = await app.ClientAsAsync();
        var list = await staff.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/sessions");
        var row = list.EnumerateArray().Single(s => s.GetProperty("title").GetString() == "Năm 9999");
        Assert.Equal(DateTimeOffset.MaxValue, row.GetProperty("endsAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("0001-01-01", false)]
    [InlineData("2017-12-31", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("2021-06-30", true)]
    public async Task CertificateExpiry_MustFallAfterTheOcopProgrammeBegan(string expiresOn, bool accepted)
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var response = await staff.PostAsJsonAsync("/api/products", new
        {
            producerId,
            name = $"Chè {Guid.NewGuid():N}"[..16],
            category = "Beverage",
            ocopStars = 4,
            unit = "gói",
            priceVnd = 90_000,
            stock = 10,
            certificateExpiresOn = expiresOn,
        });
        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return;
        }

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("certificateExpiresOn", out _), problem.ToString());
        Assert.False(await app.WithDbAsync(db => db.Products.AnyAsync(p => p.ProducerId == producerId)));
    }

    [Fact]
    public async Task NulInTheLoginUserName_Is400_NotAServerError()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsync("/api/auth/login", Json("""{"userName":"ad\u0000min","password":"x"}"""));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("userName", out _), problem.ToString());
    }

    [Fact]
    public async Task DuplicateKeyInAPatch_Is400_AndTheProductIsUnchanged()
    {
        using var staff = await app.ClientAsAsync();
        var productId = await Catalogue.CreateProductAsync(staff, await Catalogue.CreateProducerAsync(staff), stock: 100);
        var response = await staff.PatchAsync($"/api/products/{productId}", Json("""{"stock":5,"stock":500}"""));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("stock", out _), problem.ToString());
        Assert.Equal(100, await app.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync()));
    }

    [Fact]
    public async Task InvalidUtf8Body_Is400_AndNothingIsStored()
    {
        using var staff = await app.ClientAsAsync();
        var name = $"HTX {Guid.NewGuid():N}"[..16];
        byte[] bytes = [.. Encoding.UTF8.GetBytes($$"""{"name":"{{name}}","kind":"Cooperative","province":"Hà Tĩnh","commune":"Xã """),
            0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\",\"phone\":\"0912345678\"}")];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        var response = await staff.PostAsync("/api/producers", content);
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(await app.WithDbAsync(db => db.Producers.AnyAsync(p => p.Name == name)));
    }

    [Fact]
    public async Task ServersOwnRefusals_CarryProblemBodies()
    {
        using var staff = await app.ClientAsAsync();
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync("/api/sessions/" + new string('a', 10_000)), HttpStatusCode.RequestUriTooLong);
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync("/api/sessions/not-a-guid"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await staff.DeleteAsync("/api/products"), HttpStatusCode.MethodNotAllowed);
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync("/api/products?producerId=%00"), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync("/api/sessions?phone=%FF%FE"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task NulInAPageForm_Is400_AndNothingIsSaved()
    {
        using var director = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        var token = Logins.AntiforgeryToken(await director.GetStringAsync("/sessions/new"));
        var response = await director.PostAsync("/sessions/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Title"] = "Phiên\0ẩn",
            ["StartsAtLocal"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd'T'20:00", System.Globalization.CultureInfo.InvariantCulture),
            ["DurationMinutes"] = "60",
            ["__RequestVerificationToken"] = token,
        }));
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.False(await app.WithDbAsync(db => db.Sessions.AnyAsync(s => s.Title.StartsWith("Phiên"))));
    }
}
