using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>Users in a role, and browsers-without-a-browser: cookie clients logged in through the /login form.</summary>
public static partial class Logins
{
    public const string Password = "Cam-gion-Thuong-Loc-26";

    /// <summary>Creates a user with the role through the API; returns the user name (password: <see cref="Password"/>).</summary>
    public static async Task<string> CreateUserAsync(OcopApp app, string role, Guid? producerId = null)
    {
        using var admin = await app.ClientAsAsync();
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = Password, role, producerId });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return userName;
    }

    /// <summary>
    /// A client against the real Kestrel port that keeps cookies and never follows redirects. Like
    /// the pages' script, it sends the app's own <c>Origin</c> and <c>X-Requested-With: OcopLive</c>,
    /// which a cookie-authenticated unsafe API call needs (the CSRF guard); remove them to play another site.
    /// </summary>
    public static HttpClient CookieClient(OcopApp app, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = app.BaseAddress,
        };
        client.DefaultRequestHeaders.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        client.DefaultRequestHeaders.Add("X-Requested-With", "OcopLive");
        return client;
    }

    /// <summary>Logs in through the /login form (with its antiforgery token), as a browser does.</summary>
    public static async Task<HttpClient> PageClientAsync(OcopApp app, string userName, string password = Password, CookieContainer? cookies = null)
    {
        var client = CookieClient(app, cookies);
        var form = await client.GetStringAsync("/login");
        var token = AntiforgeryToken(form);
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login as {userName}: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>A bearer client for the user.</summary>
    public static async Task<HttpClient> ApiClientAsync(OcopApp app, string userName, string password = Password)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await app.TokenAsync(userName, password));
        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token in the form");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
