using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>The app with the order challenge On, as it runs in production (every other fixture turns it Off).</summary>
public sealed class ChallengeOnApp : OcopApp
{
    public const int MaxNumber = 20_000;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Orders:Challenge"] = "On",
        ["OcopLive:Orders:ChallengeMaxNumber"] = MaxNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public class OrderChallengeTests(ChallengeOnApp app, ITestOutputHelper output) : IClassFixture<ChallengeOnApp>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task WebOrder_WithoutChallenge_Is400ChallengeRequired_AndNothingIsStored()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var viewer = app.CreateClient();

        var response = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));

        await AssertChallengeRequiredAsync(response);
        await AssertNothingStoredAsync(show);
    }

    [Fact]
    public async Task Challenge_IsInTheAltchaFormat_AndASolvedOne_PlacesTheOrder_Once()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var viewer = app.CreateClient();
        var challengeResponse = await viewer.GetAsync("/api/orders/challenge");
        Assert.Equal(HttpStatusCode.OK, challengeResponse.StatusCode);
        Assert.True(challengeResponse.Headers.CacheControl?.NoStore);
        var json = await challengeResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SHA-256", json.GetProperty("algorithm").GetString());
        Assert.Equal(ChallengeOnApp.MaxNumber, json.GetProperty("maxnumber").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", json.GetProperty("challenge").GetString());
        Assert.Matches("^[0-9a-f]{64}$", json.GetProperty("signature").GetString());
        Assert.Matches(@"^[0-9a-f]{24}\?expires=\d{10}&$", json.GetProperty("salt").GetString());
        var solution = Altcha.Solve(json.Deserialize<ChallengeResponse>(JsonSerializerOptions.Web)!);

        var first = await PostAsync(viewer, show, OrderBodies.Valid(show.ProductIds[0], phone: "0912000001"), solution);
        var again = await PostAsync(viewer, show, OrderBodies.Valid(show.ProductIds[0], phone: "0912000002"), solution);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertChallengeRequiredAsync(again);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task RetryOfTheSameOrder_WithTheSameKey_MaySendTheSameSolution_AndGetsTheSameOrder()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var viewer = app.CreateClient();
        var solution = await SolveAsync(viewer);
        var body = OrderBodies.Valid(show.ProductIds[0], 2);

        var first = await PostAsync(viewer, show, body, solution, key: "retry-1");
        var retry = await PostAsync(viewer, show, body, solution, key: "retry-1");
        var otherOrder = await PostAsync(viewer, show, OrderBodies.Valid(show.ProductIds[0], 1), solution, key: "retry-2");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        await AssertChallengeRequiredAsync(otherOrder);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task WrongNumber_SplicedSalt_ForeignKey_Expired_OrGarbage_AreAll400_AndNothingIsStored()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var viewer = app.CreateClient();
        var challenge = (await viewer.GetFromJsonAsync<ChallengeResponse>("/api/orders/challenge"))!;
        var good = Payload(Altcha.Solve(challenge));
        var number = good.GetProperty("number").GetInt64();
        var key = await app.WithDbAsync(db => db.AppSecrets.Where(s => s.Name == "orders-challenge").Select(s => s.Value).SingleAsync());

        // A later expiry made by moving the number's first digit into the salt: same hash, same signature.
        var spliceable = Enumerable.Range(0, 200).Select(_ => Altcha.Create(key, ChallengeOnApp.MaxNumber, DateTimeOffset.UtcNow.AddMinutes(5)))
            .Select(c => (Challenge: c, Solution: Payload(Altcha.Solve(c)))).First(c => c.Solution.GetProperty("number").GetInt64() >= 10);
        var spliceNumber = spliceable.Solution.GetProperty("number").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var splicedSalt = spliceable.Challenge.Salt + spliceNumber[..1];
        var expired = Altcha.Create(key, ChallengeOnApp.MaxNumber, DateTimeOffset.UtcNow.AddSeconds(-5));
        var foreign = Altcha.Create(Encoding.UTF8.GetBytes("another-key-another-key-another-key"), ChallengeOnApp.MaxNumber, DateTimeOffset.UtcNow.AddMinutes(5));

        string[] refused =
        [
            Encode(challenge, number + 1),
            Encode(spliceable.Challenge with { Salt = splicedSalt }, long.Parse(spliceNumber[1..], System.Globalization.CultureInfo.InvariantCulture)),
            Altcha.Solve(expired),
            Altcha.Solve(foreign),
            Encode(challenge with { Algorithm = "SHA-1" }, number),
            "not base64 at all",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"number\": 1}")),
            Convert.ToBase64String(new byte[2000]),
        ];
        foreach (var header in refused)
        {
            await AssertChallengeRequiredAsync(await PostAsync(viewer, show, OrderBodies.Valid(show.ProductIds[0]), header));
        }

        await AssertNothingStoredAsync(show);
        // The good solution was never spent by the refusals.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(viewer, show, OrderBodies.Valid(show.ProductIds[0]), Altcha.Solve(challenge))).StatusCode);
    }

    [Fact]
    public async Task HotlineOrders_AndStaff_AreNeverChallenged()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var staff = await app.ClientAsAsync();

        var hotline = await staff.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], channel: "Hotline"));
        var staffWeb = await staff.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], phone: "0912000009"));

        Assert.Equal(HttpStatusCode.Created, hotline.StatusCode);
        Assert.Equal(HttpStatusCode.Created, staffWeb.StatusCode);
    }

    [Fact]
    public async Task TwoNodes_AcceptEachOthersChallenges_AndASolutionIsSpentOnceAcrossThem()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        await using var nodeB = await AppProcess.StartAsync(app.ConnectionString, settings: new Dictionary<string, string>
        {
            ["OcopLive__Orders__Challenge"] = "On",
            ["OcopLive__Orders__ChallengeMaxNumber"] = ChallengeOnApp.MaxNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var a = app.CreateClient();
        using var b = new HttpClient { BaseAddress = nodeB.BaseAddress };

        var fromA = await SolveAsync(a);
        var fromB = await SolveAsync(b);
        var onB = await PostAsync(b, show, OrderBodies.Valid(show.ProductIds[0], phone: "0912000011"), fromA);
        var onA = await PostAsync(a, show, OrderBodies.Valid(show.ProductIds[0], phone: "0912000012"), fromB);
        var againOnA = await PostAsync(a, show, OrderBodies.Valid(show.ProductIds[0], phone: "0912000013"), fromA);

        Assert.Equal(HttpStatusCode.Created, onB.StatusCode);
        Assert.Equal(HttpStatusCode.Created, onA.StatusCode);
        await AssertChallengeRequiredAsync(againOnA);
        Assert.Equal(2, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    private static async Task<string> SolveAsync(HttpClient client) =>
        Altcha.Solve((await client.GetFromJsonAsync<ChallengeResponse>("/api/orders/challenge"))!);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, OnAirSession show, object body, string? challenge, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders") { Content = JsonContent.Create(body) };
        if (challenge is not null)
        {
            request.Headers.Add(OrderChallenges.Header, challenge);
        }

        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return client.SendAsync(request);
    }

    private static JsonElement Payload(string header) => JsonDocument.Parse(Convert.FromBase64String(header)).RootElement.Clone();

    private static string Encode(ChallengeResponse c, long number) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(
        new { algorithm = c.Algorithm, challenge = c.Challenge, number, salt = c.Salt, signature = c.Signature }));

    private static async Task AssertChallengeRequiredAsync(HttpResponseMessage response)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.EndsWith("/challenge-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(OrderChallenges.Header, out _));
    }

    private async Task AssertNothingStoredAsync(OnAirSession show)
    {
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        Assert.Equal(10, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
    }
}
