using System.Net;
using System.Net.Http.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Data;

/// <summary>One staff request at a time may use the database, none may wait: the staff gate's refusals are easy to provoke.</summary>
public sealed class NarrowGateApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Gate:Staff:ConcurrentRequests"] = "1",
        ["OcopLive:Gate:Staff:QueueLimit"] = "0",
    };
}

public class DatabaseGateTests(NarrowGateApp app) : IClassFixture<NarrowGateApp>
{
    [Fact]
    public async Task BeyondTheGate_RequestsGet503BusyAtOnce_WhileOrdersAndHealthGoOn()
    {
        using var staff = await app.ClientAsAsync();
        var show = await OnAirSession.ArrangeAsync(app, [1_000]);

        // 150 catalogue reads at once: one runs at a time, the others are turned away at once.
        var reads = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => staff.GetAsync("/api/producers")));
        Assert.All(reads, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)r.StatusCode}"));
        Assert.Contains(reads, r => r.StatusCode == HttpStatusCode.OK);
        var busy = reads.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(busy);
        foreach (var r in busy.Take(5))
        {
            Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta);
            var problem = await ProblemAssertions.AssertProblemAsync(r, HttpStatusCode.ServiceUnavailable);
            Assert.EndsWith("/busy", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        }

        // Orders have their own queue, and health is never gated: both go on during a flood of reads.
        using var viewer = app.CreateClient();
        var flood = Task.WhenAll(Enumerable.Range(0, 150).Select(_ => staff.GetAsync("/api/producers")));
        var orders = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 1, OrderBodies.PhoneOf(i)))));
        var health = await viewer.GetAsync("/health/ready");
        await flood;
        Assert.All(orders, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
