using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Orders;

namespace OcopLive.IntegrationTests.Security;

/// <summary>
/// Issue 23 (2): naming another channel than Web used to skip the challenge and the per-address
/// cap. Only the staff who take orders (Operator, Director, Admin) may use Hotline or Comment;
/// anonymous → 401, any other role (Producer, Host) → 403, nothing stored. Run with the challenge On, as in production.
/// </summary>
public class OrderChannelTests(ChallengeOnApp app) : IClassFixture<ChallengeOnApp>
{
    public static TheoryData<string> OtherChannels => new() { "Hotline", "Comment", "hotline", "COMMENT" };

    [Theory]
    [MemberData(nameof(OtherChannels))]
    public async Task Anonymous_NamingAnotherChannel_Is401_AndNothingIsStored(string channel)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var anonymous = app.CreateClient();

        var response = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0912000101", channel: channel));

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingStoredAsync(show);
    }

    [Theory]
    [InlineData("Producer", "Hotline")]
    [InlineData("Producer", "Comment")]
    [InlineData("Producer", "hotline")]
    [InlineData("Producer", "COMMENT")]
    [InlineData("Host", "Hotline")]
    [InlineData("Host", "Comment")]
    [InlineData("Host", "hotline")]
    [InlineData("Host", "COMMENT")]
    public async Task ARoleThatTakesNoOrders_NamingAnotherChannel_Is403_AndNothingIsStored(string role, string channel)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var user = await app.ClientInRoleAsync(role, role == "Producer" ? show.ProducerId : null);

        var response = await user.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0912000102", channel: channel));

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertNothingStoredAsync(show);
    }

    [Theory]
    [InlineData("Producer")]
    [InlineData("Host")]
    public async Task AWebOrder_ByARoleThatTakesNoOrders_MeetsTheChallenge_LikeAnAnonymousOne(string role)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var producer = await app.ClientInRoleAsync(role, role == "Producer" ? show.ProducerId : null);

        var response = await producer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0912000103"));

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.EndsWith("/challenge-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync(show);
    }

    [Theory]
    [InlineData("Operator", "Hotline")]
    [InlineData("Operator", "Comment")]
    [InlineData("Director", "Comment")]
    [InlineData("Admin", "Hotline")]
    public async Task StaffWhoTakeOrders_MayUseHotlineAndComment_Unchallenged(string role, string channel)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var staff = role == "Admin" ? await app.ClientAsAsync() : await app.ClientInRoleAsync(role);

        var response = await staff.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0912000104", channel: channel));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(channel, (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("channel").GetString());
    }

    private async Task AssertNothingStoredAsync(OnAirSession show)
    {
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        Assert.Equal(10, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
    }
}
