using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>A back-off of a fifth of a second, capped at one second: to see it end.</summary>
public sealed class FastBackoffApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Login:BaseDelay"] = "00:00:00.2",
        ["OcopLive:Login:MaxUserDelay"] = "00:00:01",
    };
}

/// <summary>A back-off of a minute: every attempt after the free ones is throttled, whatever the timing.</summary>
public sealed class SlowBackoffApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Login:BaseDelay"] = "00:01:00",
        ["OcopLive:Login:MaxUserDelay"] = "00:01:00",
    };
}

/// <summary>Per-client limits on, and an address back-off after three failures.</summary>
public sealed class AddressBackoffApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
        ["OcopLive:Login:FreeAddressFailures"] = "3",
        ["OcopLive:Login:BaseDelay"] = "00:01:00",
    };
}

public class LoginBackoffTests(FastBackoffApp app) : IClassFixture<FastBackoffApp>
{
    [Fact]
    public async Task TwelveWrongPasswords_DoNotLockTheDirectorOut()
    {
        var director = await Logins.CreateUserAsync(app, "Director");
        using var client = app.CreateClient();
        var refused = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (refused < 12 && DateTime.UtcNow < deadline)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = director, password = $"wrong-{refused}-password" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                await Task.Delay(100);
                continue;
            }

            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
            refused++;
        }

        Assert.Equal(12, refused);
        Assert.Equal(HttpStatusCode.OK, await UntilNotThrottledAsync(() => client.PostAsJsonAsync("/api/auth/login",
            new { userName = director, password = Logins.Password })));
        using var page = await Logins.PageClientAsync(app, director);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/sessions")).StatusCode);
    }

    /// <summary>The answer once the back-off has passed (at most 10 s).</summary>
    private static async Task<HttpStatusCode> UntilNotThrottledAsync(Func<Task<HttpResponseMessage>> attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await attempt();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(100);
        }
    }
}

public partial class LoginMessageTests(SlowBackoffApp app) : IClassFixture<SlowBackoffApp>
{
    [Fact]
    public async Task FailedPageLogins_ReadTheSame_ForAKnownName_AnUnknownName_AndADisabledUser()
    {
        var known = await Logins.CreateUserAsync(app, "Director");
        var disabled = await Logins.CreateUserAsync(app, "Operator");
        using (var admin = await app.ClientAsAsync())
        {
            var users = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/users");
            var id = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == disabled).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);
        }

        var forKnown = await PageMessagesAsync(known, "wrong-password-1", 11);
        var forUnknown = await PageMessagesAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong-password-1", 11);
        var forDisabled = await PageMessagesAsync(disabled, Logins.Password, 11);

        Assert.Equal(forUnknown, forKnown);
        Assert.Equal(forUnknown, forDisabled);
        Assert.Equal("Sai tên đăng nhập hoặc mật khẩu.", forKnown[0]);
        Assert.NotEqual(forKnown[0], forKnown[^1]);
    }

    [Fact]
    public async Task ThrottledAttempt_IsRefusedEvenWithTheRightPassword_WithRetryAfter()
    {
        var director = await Logins.CreateUserAsync(app, "Director");
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await ProblemAssertions.AssertProblemAsync(
                await client.PostAsJsonAsync("/api/auth/login", new { userName = director, password = $"wrong-{i}-password" }), HttpStatusCode.Unauthorized);
        }

        var throttled = await client.PostAsJsonAsync("/api/auth/login", new { userName = director, password = Logins.Password });
        await ProblemAssertions.AssertProblemAsync(throttled, HttpStatusCode.TooManyRequests);
        Assert.True(throttled.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(30));
    }

    /// <summary>The error line the login page shows for each of <paramref name="attempts"/> tries, digits masked (the seconds to wait).</summary>
    private async Task<List<string>> PageMessagesAsync(string userName, string password, int attempts)
    {
        using var client = Logins.CookieClient(app);
        var messages = new List<string>();
        for (var i = 0; i < attempts; i++)
        {
            var token = Logins.AntiforgeryToken(await client.GetStringAsync("/login"));
            var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = userName,
                ["Password"] = password,
                ["__RequestVerificationToken"] = token,
            }));
            var match = ErrorLine().Match(await response.Content.ReadAsStringAsync());
            Assert.True(match.Success, $"attempt {i + 1}: {(int)response.StatusCode} without an error line");
            messages.Add(Digits().Replace(WebUtility.HtmlDecode(match.Groups[1].Value), "#"));
        }

        return messages;
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex ErrorLine();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}

public class LoginRateLimitTests(AddressBackoffApp app) : IClassFixture<AddressBackoffApp>
{
    [Fact]
    public async Task LoginPage_IsRateLimitedPerAddress_LikeTheApi()
    {
        using var client = Logins.CookieClient(app);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var token = Logins.AntiforgeryToken(await client.GetStringAsync("/login"));
            var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = $"nobody-{i}",
                ["Password"] = "wrong-password-1",
                ["__RequestVerificationToken"] = token,
            }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                break;
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

public class AddressBackoffTests(AddressBackoffApp app) : IClassFixture<AddressBackoffApp>
{
    [Fact]
    public async Task FailuresAcrossManyNames_FromOneAddress_BackThatAddressOff()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await ProblemAssertions.AssertProblemAsync(
                await client.PostAsJsonAsync("/api/auth/login", new { userName = $"spray-{i}", password = "wrong-password-1" }), HttpStatusCode.Unauthorized);
        }

        var throttled = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        await ProblemAssertions.AssertProblemAsync(throttled, HttpStatusCode.TooManyRequests);
    }
}
