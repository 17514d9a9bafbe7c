using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Scheduler;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>
/// Cross-site request forgery on the API: a director's browser, logged in with the cookie, asked by
/// another page to POST go-live (no body needed) or a cancel. The call must carry a JSON content type
/// or X-Requested-With, and the app's own Origin; bearer clients are not concerned.
/// </summary>
public class CsrfTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Theory]
    [InlineData("form, no Origin", null, "application/x-www-form-urlencoded", false)]
    [InlineData("no body, own Origin", "own", null, false)]
    [InlineData("text/plain JSON, own Origin", "own", "text/plain", false)]
    [InlineData("JSON, another site's Origin", "https://evil.ocoplive.vn", "application/json", false)]
    [InlineData("JSON, no Origin", null, "application/json", false)]
    [InlineData("X-Requested-With, another port", "other-port", null, true)]
    public async Task CookieGoLive_WithoutProof_IsRefused_AndTheSessionStaysDraft(string label, string? origin, string? contentType, bool header)
    {
        var sessionId = await DraftWithLineupAsync();
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        page.DefaultRequestHeaders.Remove("Origin");
        page.DefaultRequestHeaders.Remove("X-Requested-With");

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/go-live");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin switch
            {
                "own" => app.BaseAddress.GetLeftPart(UriPartial.Authority),
                "other-port" => $"{app.BaseAddress.Scheme}://{app.BaseAddress.Host}:{app.BaseAddress.Port + 1}",
                _ => origin,
            });
        }

        if (header)
        {
            request.Headers.Add("X-Requested-With", "OcopLive");
        }

        if (contentType is not null)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, contentType);
        }

        var response = await page.SendAsync(request);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.EndsWith("/csrf", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal("Draft", await StatusAsync(sessionId));
        _ = label;
    }

    [Fact]
    public async Task CookieGoLive_AsThePagesScriptSendsIt_GoesLive()
    {
        var sessionId = await DraftWithLineupAsync();
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        page.DefaultRequestHeaders.Remove("X-Requested-With");

        var response = await page.PostAsJsonAsync($"/api/sessions/{sessionId}/go-live", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Live", await StatusAsync(sessionId));
    }

    [Fact]
    public async Task BearerClient_NeedsNoOriginNorJson()
    {
        var sessionId = await DraftWithLineupAsync();
        using var director = await app.ClientInRoleAsync("Director");

        var response = await director.PostAsync($"/api/sessions/{sessionId}/go-live", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<Guid> DraftWithLineupAsync()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 1);
        await PlanningSteps.PutLineupAsync(staff, sessionId, products);
        return sessionId;
    }

    private async Task<string?> StatusAsync(Guid sessionId)
    {
        using var staff = await app.ClientAsAsync();
        return (await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}")).GetProperty("status").GetString();
    }
}
