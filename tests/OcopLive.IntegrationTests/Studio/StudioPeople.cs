using System.Net.Http.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;

namespace OcopLive.IntegrationTests.Studio;

/// <summary>The studio's people as API clients and hub connections: a director, a host, an operator.</summary>
public static class StudioPeople
{
    /// <summary>A user in the role: a bearer client and its user name.</summary>
    public static async Task<(HttpClient Api, string UserName)> InRoleAsync(OcopApp app, string role)
    {
        var userName = await Logins.CreateUserAsync(app, role);
        return (await Logins.ApiClientAsync(app, userName), userName);
    }

    /// <summary>A real SignalR connection to /hubs/live authenticated with the user's short hub token.</summary>
    public static async Task<LiveClient> HubAsync(OcopApp app, HttpClient api)
    {
        var response = await api.PostAsync("/api/auth/hub-token", null);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken;
        return await LiveClient.ConnectAsync(app.BaseAddress, token: token);
    }

    private sealed record TokenBody(string AccessToken);
}
