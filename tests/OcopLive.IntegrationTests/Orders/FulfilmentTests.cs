using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Orders;

public class FulfilmentTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Cancel_ReturnsStockAndTakesTheOrderOutOfTheTotals()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        var orderId = await PlaceAsync(show, 3);
        using var director = await app.ClientInRoleAsync("Director");

        var response = await director.PostAsync($"/api/orders/{orderId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cancelled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(10, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
        var sales = await app.WithDbAsync(db => db.ProductSales.SingleAsync(s => s.SessionId == show.SessionId));
        Assert.Equal((0, 0, 0L), (sales.Orders, sales.Units, sales.RevenueVnd));

        var again = await director.PostAsync($"/api/orders/{orderId}/cancel", null);
        await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal(10, await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()));
    }

    [Fact]
    public async Task OwningProducer_MovesOrderForward_ButNotBack_AndCannotCancelShipped()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        var orderId = await PlaceAsync(show, 1);
        using var producer = await app.ClientInRoleAsync("Producer", show.ProducerId);

        foreach (var status in new[] { "Confirmed", "Shipped" })
        {
            var ok = await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(status, await StatusOfAsync(producer, orderId));
        }

        await ProblemAssertions.AssertProblemAsync(await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = "Confirmed" }), HttpStatusCode.Conflict);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsync($"/api/orders/{orderId}/cancel", null), HttpStatusCode.Conflict);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = "Teleported" }), HttpStatusCode.BadRequest);
        Assert.Equal("Shipped", await StatusOfAsync(producer, orderId)); // the refused moves changed nothing
        Assert.Equal(HttpStatusCode.OK, (await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = "Delivered" })).StatusCode);
        Assert.Equal("Delivered", await StatusOfAsync(producer, orderId));
    }

    private static async Task<string?> StatusOfAsync(HttpClient client, Guid orderId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}")).GetProperty("status").GetString();

    [Fact]
    public async Task AnotherProducer_CannotSeeCancelOrMoveTheOrder_NorListTheirOrders()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        var orderId = await PlaceAsync(show, 1);
        using var admin = await app.ClientAsAsync();
        var otherProducer = await Catalogue.CreateProducerAsync(admin);
        using var other = await app.ClientInRoleAsync("Producer", otherProducer);

        await ProblemAssertions.AssertProblemAsync(await other.GetAsync($"/api/orders/{orderId}"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await other.PostAsync($"/api/orders/{orderId}/cancel", null), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await other.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = "Shipped" }), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await other.GetAsync($"/api/producers/{show.ProducerId}/orders"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await other.GetAsync($"/api/producers/{show.ProducerId}/orders?format=csv"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await other.GetAsync($"/api/producers/{show.ProducerId}/sales"), HttpStatusCode.Forbidden);
        using var anonymous = app.CreateClient();
        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync($"/api/orders/{orderId}"), HttpStatusCode.Unauthorized);
        Assert.Equal("Placed", (await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.Id == orderId))).Status.ToString());
    }

    [Fact]
    public async Task Producer_GetsOwnSalesAndOrders_AsJsonAndCsv()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10, 10]);
        await PlaceAsync(show, 2, productIndex: 0, name: "Trần Văn Bình");
        await PlaceAsync(show, 1, productIndex: 1, name: "=HYPERLINK(\"x\")");
        using var producer = await app.ClientInRoleAsync("Producer", show.ProducerId);

        var sales = await producer.GetFromJsonAsync<JsonElement>($"/api/producers/{show.ProducerId}/sales?sessionId={show.SessionId}");
        var products = sales.GetProperty("products").EnumerateArray().ToList();
        Assert.Equal(2, products.Count);
        Assert.Equal(3, products.Sum(p => p.GetProperty("units").GetInt32()));
        Assert.Equal(300_000, products.Sum(p => p.GetProperty("revenueVnd").GetInt64()));

        var json = await producer.GetFromJsonAsync<JsonElement>($"/api/producers/{show.ProducerId}/orders?sessionId={show.SessionId}&format=json");
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal("+84912345678", json[0].GetProperty("customer").GetProperty("phone").GetString());

        var csv = await producer.GetAsync($"/api/producers/{show.ProducerId}/orders?sessionId={show.SessionId}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", csv.Content.Headers.ContentType.CharSet);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("number,createdAt,", lines[0], StringComparison.Ordinal);
        Assert.Contains("Trần Văn Bình", lines[1], StringComparison.Ordinal);
        Assert.Contains("+84912345678", lines[1], StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", lines[2], StringComparison.Ordinal);
    }

    private async Task<Guid> PlaceAsync(OnAirSession show, int quantity, int productIndex = 0, string name = "Nguyễn Thị Hoa")
    {
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[productIndex], quantity, name: name));
        return await Catalogue.IdOf(response);
    }
}
