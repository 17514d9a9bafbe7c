using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>What the hotline desk's script does, with the operator's login cookie.</summary>
public class HotlineDeskTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Operator_DoubleEnter_WithOneIdempotencyKey_MakesOneHotlineOrder()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var desk = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Operator"));
        var key = Guid.NewGuid().ToString();
        var numbers = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders")
            {
                Content = JsonContent.Create(OrderBodies.Valid(show.ProductIds[0], quantity: 2, phone: "0977000111", channel: "Hotline")),
            };
            request.Headers.Add("Idempotency-Key", key);
            var response = await desk.SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)response.StatusCode}");
            numbers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt64());
        }

        Assert.Equal(numbers[0], numbers[1]);
        var orders = await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToListAsync());
        var order = Assert.Single(orders);
        Assert.Equal(OcopLive.Orders.OrderChannel.Hotline, order.Channel);

        var caller = await (await desk.PostAsJsonAsync("/api/customers/lookup", new { phone = "0977000111" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Nguyễn Thị Hoa", caller.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Producer_CannotPlaceHotlineOrders_OrLookUpCallers()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var producer = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        var response = await producer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], channel: "Hotline"));
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsJsonAsync("/api/customers/lookup", new { phone = "0977000111" }), HttpStatusCode.Forbidden);
    }
}
