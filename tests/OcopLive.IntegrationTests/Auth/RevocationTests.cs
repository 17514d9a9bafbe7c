using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>Logins that end: logging out and disabling a user end every token of that user at once.</summary>
public class RevocationTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task ApiLogout_EndsTheBearerToken()
    {
        var userName = await Logins.CreateUserAsync(app, "Director");
        using var director = await Logins.ApiClientAsync(app, userName);
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync("/api/producers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await director.PostAsync("/api/auth/logout", null)).StatusCode);

        await ProblemAssertions.AssertProblemAsync(await director.GetAsync("/api/producers"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PageLogout_EndsTheUsersBearerTokensAndOtherCookiesToo()
    {
        var userName = await Logins.CreateUserAsync(app, "Director");
        using var api = await Logins.ApiClientAsync(app, userName);
        using var otherBrowser = await Logins.PageClientAsync(app, userName);
        using var page = await Logins.PageClientAsync(app, userName);

        var sessions = await page.GetStringAsync("/sessions");
        var logout = await page.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Logins.AntiforgeryToken(sessions),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        await ProblemAssertions.AssertProblemAsync(await api.GetAsync("/api/producers"), HttpStatusCode.Unauthorized);
        var other = await otherBrowser.GetAsync("/sessions");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.StartsWith("/login", other.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisabledUser_LosesEveryLogin_CannotLogIn_AndMayBeEnabledAgain()
    {
        var userName = await Logins.CreateUserAsync(app, "Director");
        using var directorApi = await Logins.ApiClientAsync(app, userName);
        using var directorPage = await Logins.PageClientAsync(app, userName);
        Assert.Equal(HttpStatusCode.OK, (await directorApi.GetAsync("/api/sessions")).StatusCode);
        using var admin = await app.ClientAsAsync();
        var id = await UserIdAsync(admin, userName);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);

        await ProblemAssertions.AssertProblemAsync(await directorApi.GetAsync("/api/sessions"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Redirect, (await directorPage.GetAsync("/sessions")).StatusCode);
        using var anonymous = app.CreateClient();
        await ProblemAssertions.AssertProblemAsync(
            await anonymous.PostAsJsonAsync("/api/auth/login", new { userName, password = Logins.Password }), HttpStatusCode.Unauthorized);
        var listed = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName);
        Assert.True(listed.GetProperty("disabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/enable", null)).StatusCode);
        using var again = await Logins.ApiClientAsync(app, userName);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/sessions")).StatusCode);
    }

    [Fact]
    public async Task Admin_CannotDisableTheirOwnAccount()
    {
        using var admin = await app.ClientAsAsync();
        var id = await UserIdAsync(admin, "admin");

        await ProblemAssertions.AssertProblemAsync(await admin.PostAsync($"/api/users/{id}/disable", null), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task LoginAnswer_CarriesNoRefreshToken_ThatNoRouteWouldAccept()
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(body.TryGetProperty("refreshToken", out _), body.ToString());
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/users")).StatusCode);
    }

    private static async Task<string> UserIdAsync(HttpClient admin, string userName) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray()
        .Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetString()!;
}
