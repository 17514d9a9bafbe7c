using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OcopLive.IntegrationTests.Infrastructure;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace OcopLive.IntegrationTests.Live;

public class ProducerHubTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Producer_FollowsOwnSales_FromJoinAndAfterEachOrder()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2);
        await show.OrderAsync(show.ProductIds[0], quantity: 2);
        var (user, password) = await CreateProducerUserAsync(show.ProducerId);
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", await app.TokenAsync(user, password));

        await client.Connection.InvokeAsync("JoinProducer", show.ProducerId.ToString());
        var first = await client.WaitForAsync("sales", p => p.GetProperty("sessionId").GetString() == show.SessionId.ToString());
        Assert.Equal(show.ProducerId.ToString(), first.Payload.GetProperty("producerId").GetString());
        Assert.Equal(2, first.Payload.GetProperty("products")[0].GetProperty("units").GetInt32());

        await show.OrderAsync(show.ProductIds[1], quantity: 1, unitPriceVnd: 60_000);
        var next = await client.WaitForAsync("sales", p => p.GetProperty("products")[1].GetProperty("orders").GetInt32() == 1);
        Assert.Equal(60_000, next.Payload.GetProperty("products")[1].GetProperty("revenueVnd").GetInt64());
    }

    [Fact]
    public async Task Producer_JoiningAnotherProducer_GetsAHubError_AndNoEvents()
    {
        var mine = await LiveFeedSession.StartAsync(app, products: 1);
        var theirs = await LiveFeedSession.StartAsync(app, products: 1);
        var (user, password) = await CreateProducerUserAsync(mine.ProducerId);
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", await app.TokenAsync(user, password));

        await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync("JoinProducer", theirs.ProducerId.ToString()));
        await client.Connection.InvokeAsync("JoinProducer", mine.ProducerId.ToString());
        await theirs.OrderAsync(theirs.ProductIds[0], quantity: 4);
        await mine.OrderAsync(mine.ProductIds[0], quantity: 3);

        // Their order committed first: had it leaked, its push would be here before this marker.
        await client.WaitForAsync("sales", p => p.GetProperty("products")[0].GetProperty("units").GetInt32() == 3);
        Assert.All(client.Events, e => Assert.Equal(mine.ProducerId.ToString(), e.Payload.GetProperty("producerId").GetString()));
    }

    [Fact]
    public async Task Staff_MayFollowAnyProducer()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        await using var client = await LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer", await app.TokenAsync());

        await client.Connection.InvokeAsync("JoinProducer", show.ProducerId.ToString());
        await show.OrderAsync(show.ProductIds[0], quantity: 1);

        await client.WaitForAsync("sales", p => p.GetProperty("products")[0].GetProperty("orders").GetInt32() == 1);
    }

    [Fact]
    public async Task ProducerHub_RefusesAnonymousConnections()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => LiveClient.ConnectAsync(app.BaseAddress, "/hubs/producer"));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<(string User, string Password)> CreateProducerUserAsync(Guid producerId)
    {
        using var admin = await app.ClientAsAsync();
        var userName = $"producer-{Guid.NewGuid():N}"[..24];
        const string password = "Cam-gion-Thuong-Loc-26";
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password, role = "Producer", producerId });
        created.EnsureSuccessStatusCode();
        return (userName, password);
    }
}
