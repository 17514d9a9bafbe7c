using System.Net;
using System.Net.Http.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>A producer sees only its own products, orders and customers, on the pages and the API.</summary>
public class ProducerIsolationTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Producer_GetsOwnPortal_And403ForAnotherProducersPortal()
    {
        var mine = await OnAirSession.ArrangeAsync(app, [40]);
        var other = await OnAirSession.ArrangeAsync(app, [40]);
        var otherName = await app.WithDbAsync(db => Task.FromResult(db.Products.Single(p => p.Id == other.ProductIds[0]).Name));
        using var producer = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", mine.ProducerId));

        var own = await producer.GetAsync("/producer");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var html = await own.Content.ReadAsStringAsync();
        Assert.Contains($"producer-sales-row-{mine.ProductIds[0]}", html, StringComparison.Ordinal);
        Assert.DoesNotContain(other.ProductIds[0].ToString(), html, StringComparison.Ordinal);
        Assert.DoesNotContain(otherName, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await producer.GetAsync($"/producer?producerId={mine.ProducerId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await producer.GetAsync($"/producer?producerId={other.ProducerId}")).StatusCode);
    }

    [Fact]
    public async Task PortalSales_GiveOwnFiguresPerSession_And403ForAnotherProducer()
    {
        var mine = await OnAirSession.ArrangeAsync(app, [40, 40]);
        var other = await OnAirSession.ArrangeAsync(app, [40]);
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Created,
            (await anonymous.PostAsJsonAsync($"/api/sessions/{mine.SessionId}/orders", OrderBodies.Valid(mine.ProductIds[1], quantity: 3))).StatusCode);
        Assert.Equal(HttpStatusCode.Created,
            (await anonymous.PostAsJsonAsync($"/api/sessions/{other.SessionId}/orders", OrderBodies.Valid(other.ProductIds[0]))).StatusCode);
        using var producer = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", mine.ProducerId));

        var sales = await producer.GetFromJsonAsync<System.Text.Json.JsonElement>("/producer?handler=Sales");
        var session = Assert.Single(sales.GetProperty("sessions").EnumerateArray());
        Assert.Equal(mine.ProducerId.ToString(), session.GetProperty("producerId").GetString());
        Assert.Equal(mine.SessionId.ToString(), session.GetProperty("sessionId").GetString());
        var product = Assert.Single(session.GetProperty("products").EnumerateArray());
        Assert.Equal(mine.ProductIds[1].ToString(), product.GetProperty("productId").GetString());
        Assert.Equal(1, product.GetProperty("orders").GetInt32());
        Assert.Equal(3, product.GetProperty("units").GetInt32());
        Assert.Equal(300_000, product.GetProperty("revenueVnd").GetInt64());
        Assert.Equal(37, product.GetProperty("stockLeft").GetInt32());

        var elsewhere = await producer.GetFromJsonAsync<System.Text.Json.JsonElement>($"/producer?handler=Sales&sessionId={other.SessionId}");
        Assert.Empty(elsewhere.GetProperty("sessions").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await producer.GetAsync($"/producer?handler=Sales&producerId={other.ProducerId}")).StatusCode);
    }

    [Fact]
    public async Task Producer_CannotReadOrChangeAnotherProducersOrders_ThroughTheApiWithItsCookie()
    {
        var mine = await OnAirSession.ArrangeAsync(app, [40]);
        var other = await OnAirSession.ArrangeAsync(app, [40]);
        using var anonymous = app.CreateClient();
        var placed = await anonymous.PostAsJsonAsync($"/api/sessions/{other.SessionId}/orders", OrderBodies.Valid(other.ProductIds[0]));
        var orderId = await Catalogue.IdOf(placed);

        // The page's fetch() calls: the cookie, not a bearer token.
        using var producer = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", mine.ProducerId));
        Assert.Equal(HttpStatusCode.OK, (await producer.GetAsync($"/api/producers/{mine.ProducerId}/sales")).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync($"/api/producers/{other.ProducerId}/sales?sessionId={other.SessionId}"),
            HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync($"/api/producers/{other.ProducerId}/orders?format=csv"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.GetAsync($"/api/orders/{orderId}"), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = "Shipped" }),
            HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsync($"/api/orders/{orderId}/cancel", null), HttpStatusCode.Forbidden);

        var status = await app.WithDbAsync(db => Task.FromResult(db.Orders.Single(o => o.Id == orderId).Status));
        Assert.Equal(OcopLive.Orders.OrderStatus.Placed, status);
    }

    [Fact]
    public async Task Producer_MovesOwnOrderThroughFulfilment_WithTheCookie()
    {
        var mine = await OnAirSession.ArrangeAsync(app, [40]);
        using var anonymous = app.CreateClient();
        var orderId = await Catalogue.IdOf(await anonymous.PostAsJsonAsync($"/api/sessions/{mine.SessionId}/orders", OrderBodies.Valid(mine.ProductIds[0])));
        using var producer = await Logins.PageClientAsync(app, await Logins.CreateUserAsync(app, "Producer", mine.ProducerId));

        foreach (var next in new[] { "Confirmed", "Shipped", "Delivered" })
        {
            var response = await producer.PostAsJsonAsync($"/api/orders/{orderId}/status", new { status = next });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var orders = await producer.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"/api/producers/{mine.ProducerId}/orders?format=json");
        Assert.Equal("Delivered", Assert.Single(orders!).GetProperty("status").GetString());
    }
}
