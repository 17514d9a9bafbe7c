using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.Auth;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>
/// Short-lived hub tokens (<c>POST /api/auth/hub-token</c>): what the producer portal's
/// <c>accessTokenFactory</c> asks for with the login cookie at every connect and reconnect.
/// </summary>
public class HubTokenTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task PageLogin_GetsATenMinuteHubToken_ThatFollowsOwnSalesOnTheProducerHub()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));

        var token = await HubTokenAsync(page);
        Assert.Equal(600, token.ExpiresIn);
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", token.AccessToken);
        await client.Connection.InvokeAsync("JoinProducer", show.ProducerId.ToString());
        await show.OrderAsync(show.ProductIds[0], quantity: 3);

        var sales = await client.WaitForAsync("sales", p => p.GetProperty("products")[0].GetProperty("units").GetInt32() == 3);
        Assert.Equal(show.SessionId.ToString(), sales.Payload.GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task BearerLogin_MayAlsoGetAHubToken()
    {
        using var director = await app.ClientInRoleAsync("Director");
        var show = await LiveFeedSession.StartAsync(app, products: 1);

        var token = await HubTokenAsync(director);
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", token.AccessToken);
        await client.Connection.InvokeAsync("JoinProducer", show.ProducerId.ToString());
        await show.OrderAsync(show.ProductIds[0], quantity: 4);

        // The token opened the hub as the director: the producer's sales arrive on it.
        var sales = await client.WaitForAsync("sales", p => p.GetProperty("products")[0].GetProperty("units").GetInt32() == 4);
        Assert.Equal(show.ProducerId.ToString(), sales.Payload.GetProperty("producerId").GetString());
        Assert.False(string.IsNullOrEmpty(token.AccessToken));
    }

    [Fact]
    public async Task ProducersHubToken_CannotJoinAnotherProducer_AndGetsNoEvents()
    {
        var mine = await LiveFeedSession.StartAsync(app, products: 1);
        var theirs = await LiveFeedSession.StartAsync(app, products: 1);
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", mine.ProducerId));
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", (await HubTokenAsync(page)).AccessToken);

        await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("JoinProducer", theirs.ProducerId.ToString()));
        await client.Connection.InvokeAsync("JoinProducer", mine.ProducerId.ToString());
        await theirs.OrderAsync(theirs.ProductIds[0], quantity: 2);
        await mine.OrderAsync(mine.ProductIds[0], quantity: 3);

        // Their order committed first: had it leaked, its push would be here before this marker.
        await client.WaitForAsync("sales", p => p.GetProperty("products")[0].GetProperty("units").GetInt32() == 3);
        Assert.All(client.Events, e => Assert.Equal(mine.ProducerId.ToString(), e.Payload.GetProperty("producerId").GetString()));
    }

    [Theory]
    [InlineData("hub.")]
    [InlineData("hub.not-a-token")]
    [InlineData("garbage")]
    public async Task GarbageToken_IsRefusedByTheProducerHub(string token)
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", token));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task LoginToken_DressedAsAHubToken_IsRefused()
    {
        var login = await app.TokenAsync();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() =>
            LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", HubTokens.Prefix + login));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task HubToken_OpensNothingButTheHubs()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        var token = await HubTokenAsync(page);

        using var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        await ProblemAssertions.AssertProblemAsync(await api.GetAsync($"/api/producers/{show.ProducerId}/sales"), HttpStatusCode.Unauthorized);
        await ProblemAssertions.AssertProblemAsync(await api.PostAsync("/api/auth/hub-token", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task HubToken_IsRefused_OnceThePasswordWasReset()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        var userName = await Logins.CreateUserAsync(app, "Producer", show.ProducerId);
        using var page = await Logins.PageClientAsync(app, userName);
        await HubTokenAsync(page);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByNameAsync(userName);
            var reset = await users.ResetPasswordAsync(user!, await users.GeneratePasswordResetTokenAsync(user!), "a-new-password-1");
            Assert.True(reset.Succeeded);
        }

        await ProblemAssertions.AssertProblemAsync(await page.PostAsync("/api/auth/hub-token", null), HttpStatusCode.Unauthorized);
    }

    internal static async Task<HubTokenResponse> HubTokenAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/auth/hub-token", null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"hub-token: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<HubTokenResponse>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.StartsWith(HubTokens.Prefix, body!.AccessToken, StringComparison.Ordinal);
        return body;
    }
}

/// <summary>Hub tokens that live two seconds, to see them expire.</summary>
public sealed class ShortHubTokenApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OcopLive:HubTokenLifetime"] = "00:00:02" };
}

public class HubTokenExpiryTests(ShortHubTokenApp app) : IClassFixture<ShortHubTokenApp>
{
    [Fact]
    public async Task ExpiredHubToken_IsRefused()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        // Accepted while it lives.
        var (token, accepted) = await ConnectWhileTheTokenLivesAsync(page);
        await accepted.DisposeAsync();

        // Refused once it has expired: tried until negotiation itself answers 401, at most 10 s.
        // A refusal by the transport after a negotiation that still passed is the same boundary,
        // so the loop goes on.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpRequestException? refused = null;
        while (refused is null && DateTime.UtcNow < deadline)
        {
            try
            {
                await (await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", token.AccessToken)).DisposeAsync();
                await Task.Delay(100);
            }
            catch (HttpRequestException ex)
            {
                refused = ex;
            }
            catch (AggregateException)
            {
                await Task.Delay(100);
            }
        }

        Assert.Equal(HttpStatusCode.Unauthorized, refused?.StatusCode);
    }

    [Fact]
    public async Task ProducerHub_ClosesAConnection_WhenItsTokenExpires()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var page = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        var (_, connected) = await ConnectWhileTheTokenLivesAsync(page);
        await using var client = connected;
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await client.Connection.InvokeAsync("JoinProducer", show.ProducerId.ToString());

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HubConnectionState.Disconnected, client.Connection.State);
    }

    /// <summary>
    /// Gets a two-second token and opens the producer hub with it. Negotiation and the transport each
    /// check the token, so on a slow machine the two seconds can run out between them; such an attempt
    /// is excused only when the lifetime really had passed, and a fresh token is tried (at most five).
    /// </summary>
    private async Task<(HubTokenResponse Token, LiveClient Client)> ConnectWhileTheTokenLivesAsync(HttpClient page)
    {
        for (var attempt = 1; ; attempt++)
        {
            var issued = Stopwatch.StartNew();
            var token = await HubTokenTests.HubTokenAsync(page);
            Assert.Equal(2, token.ExpiresIn);
            try
            {
                return (token, await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", token.AccessToken));
            }
            catch (Exception) when (issued.Elapsed >= TimeSpan.FromSeconds(token.ExpiresIn) && attempt < 5)
            {
            }
        }
    }
}
