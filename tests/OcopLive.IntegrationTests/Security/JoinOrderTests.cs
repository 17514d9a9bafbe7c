using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.IntegrationTests.Payments;

namespace OcopLive.IntegrationTests.Security;

/// <summary>Issue 23 (5): <c>JoinOrder</c> on the anonymous hub follows one order per connection.</summary>
public class JoinOrderTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task AConnection_FollowsOneOrder_AndMayJoinItAgain_ButNotASecond()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        using var client = app.CreateClient();
        var first = await paid.OrderAsync(client, buyer: 1);
        var second = await paid.OrderAsync(client, buyer: 2);
        string TokenOf(System.Text.Json.JsonElement order) => order.GetProperty("payment").GetProperty("watchToken").GetString()!;
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);

        await phone.Connection.InvokeAsync("JoinOrder", TokenOf(first));
        await phone.Connection.InvokeAsync("JoinOrder", TokenOf(first));
        var refused = await Assert.ThrowsAsync<HubException>(() => phone.Connection.InvokeAsync("JoinOrder", TokenOf(second)));

        Assert.Contains("one order per connection", refused.Message, StringComparison.Ordinal);
        await using var another = await LiveClient.ConnectAsync(app.BaseAddress);
        await another.Connection.InvokeAsync("JoinOrder", TokenOf(second));
    }
}
