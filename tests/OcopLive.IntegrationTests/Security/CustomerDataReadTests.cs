using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.IntegrationTests.Comments;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>
/// Issue 23 (3): every read of a customer's data goes through the access audit and the per-user
/// limit of the caller look-up — a claim's <c>previous</c> buyer, <c>GET /api/orders/{id}</c> — a
/// replayed confirm no longer hands out the order for any body, and the public ticker carries no order id.
/// </summary>
public class CustomerDataReadTests(OcopApp app) : IClassFixture<OcopApp>
{
    private static readonly object HaTinh = new { province = "Hà Tĩnh", commune = "Xã Hương Sơn", street = "Thôn 3" };

    [Fact]
    public async Task AClaimShowingThePreviousBuyer_AndAnOrderReadById_AreAudited()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        var phone = CommentOrderTests.NewPhone();
        using var viewer = app.CreateClient();
        var placed = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], phone: phone));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var e164 = "+84" + phone[1..];

        using var op = await app.ClientInRoleAsync("Operator");
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentOrderTests.CommentBody($"chốt 1 {phone}"));
        var comments = await op.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/comments");
        var claim = await op.PostAsJsonAsync($"/api/comments/{comments[0].GetProperty("id").GetGuid()}/claim", new { });
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal("Nguyễn Thị Hoa", (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("previous").GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync($"/api/orders/{orderId}")).StatusCode);

        var audit = await app.WithDbAsync(db => db.Set<AccessAudit>().Where(a => a.Subject == e164).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal([AccessAudit.CommentClaim, AccessAudit.OrderRead], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("operator-", a.UserName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConfirmedComment_ConfirmedAgain_ReplaysOnlyTheSameBody()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10, 10]);
        using var op = await app.ClientInRoleAsync("Operator");
        await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments", CommentOrderTests.CommentBody($"chốt 2 {CommentOrderTests.NewPhone()}"));
        var id = (await op.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/comments"))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsJsonAsync($"/api/comments/{id}/claim", new { })).StatusCode);
        var first = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var orderId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var same = await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh });
        Assert.True(same.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, same.StatusCode.ToString());
        Assert.Equal(orderId, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        await ProblemAssertions.AssertProblemAsync(
            await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh, quantity = -1 }), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(
            await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh, productId = show.ProductIds[1] }),
            HttpStatusCode.UnprocessableEntity);
        await ProblemAssertions.AssertProblemAsync(
            await op.PostAsJsonAsync($"/api/comments/{id}/confirm", new { address = HaTinh, quantity = 3 }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task TheBuyersTicker_CarriesNoOrderId()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var viewer = app.CreateClient();
        var placed = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], phone: "0912000301"));
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var ticker = await viewer.GetStringAsync($"/api/sessions/{show.SessionId}/buyers");

        Assert.Contains("vừa đặt", ticker, StringComparison.Ordinal);
        Assert.DoesNotContain(orderId.ToString(), ticker, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(orderId.ToString("N"), ticker, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The per-user limit on order reads, with the limits on as in production.</summary>
public class CustomerDataReadLimitTests(NoKnownProxiesApp app) : IClassFixture<NoKnownProxiesApp>
{
    [Fact]
    public async Task OneOperator_ReadingOrdersFast_Gets429_LikeTheCallerLookUp()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var op = await app.ClientInRoleAsync("Operator");
        var placed = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], channel: "Hotline"));
        var orderId = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 32; i++)
        {
            using var response = await op.GetAsync($"/api/orders/{orderId}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
