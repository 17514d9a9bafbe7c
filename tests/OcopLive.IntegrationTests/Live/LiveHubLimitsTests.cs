using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using OcopLive.IntegrationTests.Infrastructure;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// <c>/hubs/live</c> is anonymous: unknown session ids join no group, one connection asks for at
/// most a few distinct sessions, and one client address holds a bounded number of connections.
/// </summary>
public class LiveHubLimitsTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task RandomIds_AreRefused_AndAFourthDistinctSession_IsRefusedWithoutJoiningItsGroup()
    {
        var first = await LiveFeedSession.StartAsync(app, products: 1);
        var second = await LiveFeedSession.StartAsync(app, products: 1);

        await using var prober = await LiveClient.ConnectAsync(app.BaseAddress);
        var errors = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            errors.Add((await Assert.ThrowsAsync<HubException>(() => prober.JoinAsync(Guid.NewGuid()))).Message);
        }

        Assert.Equal(3, errors.Count(e => e.Contains("session not found", StringComparison.Ordinal)));
        Assert.Equal(2, errors.Count(e => e.Contains("too many sessions", StringComparison.Ordinal)));
        // Three ids asked for already: a real session is now a fourth one, refused too.
        var refused = await Assert.ThrowsAsync<HubException>(() => prober.JoinAsync(first.SessionId));
        Assert.Contains("too many sessions", refused.Message, StringComparison.Ordinal);

        // A screen following one real session, two unknown ids, then a fourth distinct one.
        await using var screen = await LiveClient.ConnectAsync(app.BaseAddress);
        await screen.JoinAsync(first.SessionId);
        await screen.WaitForAsync("snapshot", s => s.GetProperty("sessionId").GetGuid() == first.SessionId);
        await Assert.ThrowsAsync<HubException>(() => screen.JoinAsync(Guid.NewGuid()));
        await Assert.ThrowsAsync<HubException>(() => screen.JoinAsync(Guid.NewGuid()));
        await screen.JoinAsync(first.SessionId); // the same session again is not a new one
        var fourth = await Assert.ThrowsAsync<HubException>(() => screen.JoinAsync(second.SessionId));
        Assert.Contains("too many sessions", fourth.Message, StringComparison.Ordinal);

        // The refused session's pushes do not reach it (a watcher of that session sees them).
        await using var watcher = await LiveClient.ConnectAsync(app.BaseAddress);
        await watcher.JoinAsync(second.SessionId);
        await second.OrderAsync(second.ProductIds[0]);
        await watcher.WaitForAsync("counters", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 1);
        Assert.DoesNotContain(screen.Events, e => e.Payload.TryGetProperty("sessionId", out var id) && id.GetGuid() == second.SessionId);
        Assert.DoesNotContain(prober.Events, e => e.Payload.TryGetProperty("sessionId", out var id) && id.GetGuid() == second.SessionId);
    }
}

/// <summary>Beyond <c>OcopLive:Live:MaxConnectionsPerAddress</c> anonymous connections from one address are closed.</summary>
public class LiveHubAddressCapTests(LiveHubAddressCapTests.ThreePerAddressApp app) : IClassFixture<LiveHubAddressCapTests.ThreePerAddressApp>
{
    [Fact]
    public async Task ConnectionsBeyondTheCap_AreClosed_AndAPlaceIsFreedOnDisconnect()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        var open = new List<LiveClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await LiveClient.ConnectAsync(app.BaseAddress);
                open.Add(client);
                await client.JoinAsync(show.SessionId);
            }

            Assert.False(await OpensAsync(show.SessionId));
            Assert.False(await OpensAsync(show.SessionId));

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
            while (!await OpensAsync(show.SessionId))
            {
                Assert.True(Stopwatch.GetTimestamp() < deadline, "no place freed within 10 s");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Connects and joins; false when the hub closed the connection or refused the join.</summary>
    private async Task<bool> OpensAsync(Guid sessionId)
    {
        LiveClient client;
        try
        {
            client = await LiveClient.ConnectAsync(app.BaseAddress);
        }
        catch (Exception)
        {
            return false;
        }

        await using (client)
        {
            try
            {
                await client.JoinAsync(sessionId);
                return client.Connection.State == HubConnectionState.Connected;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }

    public sealed class ThreePerAddressApp : OcopApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["OcopLive:RateLimiting:Enabled"] = "true",
            ["OcopLive:Live:MaxConnectionsPerAddress"] = "3",
        };
    }
}
