using System.Net;
using System.Net.Http.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Auth;

/// <summary>
/// The per-client request limits on. The per-address unit cap (its own tests: AddressCapTests) is
/// off here, so that a flood is refused by the rate limits these tests are about.
/// </summary>
public sealed class RateLimitedApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
        ["OcopLive:Orders:UnitsPerAddress"] = "0",
    };
}

public class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task LoginGuessing_Gets429WithRetryAfter()
    {
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 15; i++)
        {
            var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = $"guess-{i}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
                break;
            }
        }

        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s == HttpStatusCode.Unauthorized) >= 5);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await ProblemAssertions.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task OrderFlood_FromOneAddress_Gets429_ButOrdinaryBuyingDoesNot()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100_000]);
        using var client = app.CreateClient();
        var first = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var responses = await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, OrderBodies.PhoneOf(i)))));

        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        Assert.NotNull(limited[0].Headers.RetryAfter);
    }
}

public class PhoneRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task OnePhoneNumber_OrderingFast_Gets429_WhileAnotherNumberStillOrders()
    {
        var show = await OnAirSession.ArrangeAsync(app, [1_000], maxPerOrder: 1);
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 14; i++)
        {
            statuses.Add((await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, "0911111111"))).StatusCode);
        }

        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var other = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, "0922222222"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }
}
