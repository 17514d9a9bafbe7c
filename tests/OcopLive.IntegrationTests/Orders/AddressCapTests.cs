using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>The app with the per-client limits On (as in production) and a small per-address cap.</summary>
public sealed class AddressCapApp : OcopApp
{
    public const int Cap = 5;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
        ["OcopLive:Orders:UnitsPerAddress"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public class AddressCapTests(AddressCapApp app, ITestOutputHelper output) : IClassFixture<AddressCapApp>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task OneAddress_ConcurrentBurstOfNewPhoneNumbers_GetsNoMoreThanTheCap_AndTheRestIsLimitReached()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 100]);
        using var bot = app.CreateClient();

        // A bot's burst: a new phone number per order, all at once, from one address.
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            bot.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, OrderBodies.PhoneOf(i)))));

        Assert.Equal(AddressCapApp.Cap, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.EndsWith("/limit-reached", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
            Assert.Equal("address", problem.GetProperty("scope").GetString());
        }

        var orders = await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToListAsync());
        Assert.Equal(AddressCapApp.Cap, orders.Sum(o => o.Quantity));
        Assert.Equal(100 - AddressCapApp.Cap, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
        // The address is kept as a keyed hash, one per address, never the address itself.
        Assert.Single(orders.Select(o => o.ClientKey).Distinct());
        Assert.Matches("^[0-9a-f]{32}$", orders[0].ClientKey);

        // The cap is per product: the other product of the session is still open to this address.
        var other = await bot.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[1], 2, OrderBodies.PhoneOf(99)));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
    }

    [Fact]
    public async Task HotlineOrders_FromTheStudio_AreNotCapped()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var staff = await app.ClientAsAsync();

        for (var i = 0; i < AddressCapApp.Cap + 2; i++)
        {
            var response = await staff.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
                OrderBodies.Valid(show.ProductIds[0], 1, OrderBodies.PhoneOf(200 + i), channel: "Hotline"));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        Assert.All(await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToListAsync()), o => Assert.Null(o.ClientKey));
    }
}
