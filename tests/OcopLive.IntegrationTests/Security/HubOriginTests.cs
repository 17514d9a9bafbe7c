using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>
/// Issue 23 (7): the login cookie authenticated <c>/hubs/*</c> whatever the <c>Origin</c>. A WebSocket
/// is not bound by CORS, so another site's page (a same-site subdomain gets the SameSite=Strict
/// cookie) could open the control room's hubs as the logged-in user. Now a cookie-authenticated
/// negotiate or handshake with a foreign Origin is 403; the app's own Origin, no Origin, a bearer
/// token and a hub token are unaffected.
/// </summary>
public class HubOriginTests(OcopApp app) : IClassFixture<OcopApp>
{
    private const string Foreign = "https://evil.ocoplive.vn";

    [Theory]
    [InlineData("/hubs/producer")]
    [InlineData("/hubs/desk")]
    [InlineData("/hubs/live")]
    public async Task CookieNegotiate_FromAnotherSite_Is403_ButFromTheAppsOwnPage_Is200(string hub)
    {
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"));

        using var foreign = await NegotiateAsync(page, hub, Foreign);
        using var own = await NegotiateAsync(page, hub, app.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var none = await NegotiateAsync(page, hub, null);
        using var nullOrigin = await NegotiateAsync(page, hub, "null");

        var problem = await ProblemAssertions.AssertProblemAsync(foreign, HttpStatusCode.Forbidden);
        Assert.EndsWith("/csrf", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(nullOrigin, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }

    [Fact]
    public async Task CookieWebSocket_FromAnotherSite_IsRefused_ButFromTheAppsOwnPage_Opens()
    {
        var cookies = new CookieContainer();
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Director"), cookies: cookies);
        var ws = new UriBuilder(app.BaseAddress) { Scheme = app.BaseAddress.Scheme == "https" ? "wss" : "ws", Path = "/hubs/producer" }.Uri;

        using var foreign = new ClientWebSocket();
        foreign.Options.Cookies = cookies;
        foreign.Options.CollectHttpResponseDetails = true;
        foreign.Options.SetRequestHeader("Origin", Foreign);
        await Assert.ThrowsAsync<WebSocketException>(() => foreign.ConnectAsync(ws, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, foreign.HttpStatusCode);

        using var own = new ClientWebSocket();
        own.Options.Cookies = cookies;
        own.Options.SetRequestHeader("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        await own.ConnectAsync(ws, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, own.State);
        await own.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task BearerAndHubTokens_FromAnotherOrigin_AreNotConcerned()
    {
        var userName = await Logins.CreateUserAsync(app, "Director");
        using var bearer = await Logins.ApiClientAsync(app, userName);
        using var page = await Logins.PageClientAsync(app, userName);
        var hubToken = await HubTokenAsync(bearer);

        using var withBearer = await NegotiateAsync(bearer, "/hubs/producer", Foreign);
        // The cookie too, but the hub token in the query is what authenticates.
        using var withHubToken = await NegotiateAsync(page, "/hubs/producer", Foreign, "&access_token=" + Uri.EscapeDataString(hubToken));

        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withHubToken.StatusCode);
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient client, string hub, string? origin, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1{query}");
        client.DefaultRequestHeaders.Remove("Origin");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        request.Content = new StringContent("");
        return await client.SendAsync(request);
    }

    private static async Task<string> HubTokenAsync(HttpClient bearer)
    {
        using var response = await bearer.PostAsync("/api/auth/hub-token", new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("accessToken").GetString()!;
    }
}
