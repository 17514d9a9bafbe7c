using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Orders;

public class OrderIntakeTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task PlaceOrder_Answers201_WithCommittedOrder_StockAndTotals()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10], dealPriceVnd: 90_000);
        using var viewer = app.CreateClient();

        var response = await viewer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 3, "+84 912 345 678"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/orders/{id}", response.Headers.Location!.ToString());
        Assert.Equal("Placed", body.GetProperty("status").GetString());
        Assert.Equal(90_000, body.GetProperty("unitPriceVnd").GetInt64());
        Assert.Equal(270_000, body.GetProperty("totalVnd").GetInt64());
        Assert.True(body.GetProperty("number").GetInt64() > 0);
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString(), StringComparison.Ordinal);
        // When the order became durable: after its creation stamp, before the answer arrived.
        var committedAt = DateTimeOffset.Parse(response.Headers.GetValues("Ocop-Committed-At").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(committedAt, body.GetProperty("createdAt").GetDateTimeOffset(), DateTimeOffset.UtcNow);

        var order = await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.Id == id));
        Assert.Equal("+84912345678", order.CustomerPhone);
        Assert.Equal(OrderChannel.Web, order.Channel);
        Assert.Equal(7, await StockAsync(show.ProductIds[0]));
        var sales = await app.WithDbAsync(db => db.ProductSales.SingleAsync(s => s.SessionId == show.SessionId));
        Assert.Equal((1, 3, 270_000L), (sales.Orders, sales.Units, sales.RevenueVnd));
    }

    [Fact]
    public async Task Burst_300BuyersOnStock50_Exactly50Succeed_RestSoldOut()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var statuses = await BurstAsync(show, 300, i => OrderBodies.Valid(show.ProductIds[0], 1, OrderBodies.PhoneOf(i)));

        Assert.Equal(50, statuses.Count(s => s.Status == 201));
        Assert.All(statuses.Where(s => s.Status != 201), s => Assert.Equal((409, "sold-out"), (s.Status, s.TypeWord)));
        Assert.Equal(0, await StockAsync(show.ProductIds[0]));
        Assert.Equal(50, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        var sales = await app.WithDbAsync(db => db.ProductSales.SingleAsync(s => s.SessionId == show.SessionId));
        Assert.Equal(50, sales.Units);
    }

    [Fact]
    public async Task Burst_MixedQuantitiesOnSeveralProducts_NeverOversells()
    {
        int[] stocks = [40, 25, 60];
        var show = await OnAirSession.ArrangeAsync(app, stocks);
        var random = new Random(42);
        var plan = Enumerable.Range(0, 300).Select(i => (Product: random.Next(stocks.Length), Quantity: random.Next(1, 4))).ToArray();

        var statuses = await BurstAsync(show, plan.Length, i => OrderBodies.Valid(show.ProductIds[plan[i].Product], plan[i].Quantity, OrderBodies.PhoneOf(i)));

        Assert.All(statuses, s => Assert.True(s.Status == 201 || (s.Status == 409 && s.TypeWord == "sold-out"), $"{s.Status} {s.TypeWord}"));
        for (var p = 0; p < stocks.Length; p++)
        {
            var productId = show.ProductIds[p];
            var sold = await app.WithDbAsync(db => db.Orders.Where(o => o.ProductId == productId).SumAsync(o => o.Quantity));
            var acknowledged = statuses.Where((s, i) => s.Status == 201 && plan[i].Product == p).Sum(s => s.Quantity);
            Assert.Equal(acknowledged, sold);
            Assert.Equal(stocks[p], sold + await StockAsync(productId));
            // Demand was far above stock: what is left is less than the biggest quantity asked.
            Assert.True(await StockAsync(productId) < 3);
        }
    }

    [Fact]
    public async Task ConcurrentCopiesOfOneIdempotencyKey_MakeOneOrder()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        var body = OrderBodies.Valid(show.ProductIds[0], 2);
        using var client = app.CreateClient();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "flash-deal-0001");
            return client.SendAsync(request);
        }));

        var ids = new HashSet<Guid>();
        foreach (var r in responses)
        {
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString());
            ids.Add((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        Assert.Single(ids);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
        Assert.Equal(98, await StockAsync(show.ProductIds[0]));
    }

    [Fact]
    public async Task IdempotencyKey_RetryAfterCommit_GivesTheSameOrder_AndOtherBodyGets422()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var client = app.CreateClient();
        var first = await SendWithKeyAsync(client, show, OrderBodies.Valid(show.ProductIds[0], 1), "retry-me");
        var again = await SendWithKeyAsync(client, show, OrderBodies.Valid(show.ProductIds[0], 1), "retry-me");
        var other = await SendWithKeyAsync(client, show, OrderBodies.Valid(show.ProductIds[0], 2), "retry-me");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK);
        Assert.Equal(await IdAsync(first), await IdAsync(again));
        var problem = await ProblemAssertions.AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
        Assert.EndsWith("/idempotency-key-reused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task LimitPerCustomer_HoldsUnderConcurrentOrdersFromOnePhone()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100], limitPerCustomer: 2);
        var statuses = await BurstAsync(show, 12, _ => OrderBodies.Valid(show.ProductIds[0], 1, "0987654321"));

        Assert.Equal(2, statuses.Count(s => s.Status == 201));
        Assert.All(statuses.Where(s => s.Status != 201), s => Assert.Equal((409, "limit-reached"), (s.Status, s.TypeWord)));
        Assert.Equal(98, await StockAsync(show.ProductIds[0]));

        using var client = app.CreateClient();
        var otherPhone = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 2, "0987654322"));
        Assert.Equal(HttpStatusCode.Created, otherPhone.StatusCode);
    }

    [Theory]
    [InlineData(SessionStatus.Draft)]
    [InlineData(SessionStatus.Closed)]
    public async Task PlaceOrder_WhenSessionNotAcceptingOrders_Is409OrderingClosed(SessionStatus status)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10], status: status);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.EndsWith("/ordering-closed", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(10, await StockAsync(show.ProductIds[0]));
    }

    [Fact]
    public async Task PlaceOrder_AfterEnd_IsStillAcceptedDuringGrace()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10], status: SessionStatus.Ended);
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // Counted like any order: in the session's figures and out of the stock.
        var sales = await app.WithDbAsync(db => db.ProductSales.SingleAsync(s => s.SessionId == show.SessionId));
        Assert.Equal(1, sales.Orders);
        Assert.True(await app.WithDbAsync(db => db.Products.Where(p => p.Id == show.ProductIds[0]).Select(p => p.Stock).SingleAsync()) < 10);
    }

    [Fact]
    public async Task PlaceOrder_UnknownSession_UnknownProduct_OrNotInLineup_Is404()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var staff = await app.ClientAsAsync();
        var outsider = await Catalogue.CreateProductAsync(staff, show.ProducerId);
        using var client = app.CreateClient();

        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/orders", OrderBodies.Valid(show.ProductIds[0])), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(Guid.NewGuid())), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(outsider)), HttpStatusCode.NotFound);
        Assert.Equal(0, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task QuantityAboveMaxPerOrder_Is400NamingQuantity()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100], maxPerOrder: 3);
        using var client = app.CreateClient();
        var problem = await ProblemAssertions.AssertProblemAsync(
            await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], 4)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("quantity", out _));
        Assert.Equal(100, await StockAsync(show.ProductIds[0]));
    }

    [Fact]
    public async Task HotlineOrders_NeedAnOperator()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        var body = OrderBodies.Valid(show.ProductIds[0], channel: "Hotline");
        using var anonymous = app.CreateClient();
        await ProblemAssertions.AssertProblemAsync(await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", body), HttpStatusCode.Unauthorized);
        using var producer = await app.ClientInRoleAsync("Producer", show.ProducerId);
        await ProblemAssertions.AssertProblemAsync(await producer.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", body), HttpStatusCode.Forbidden);

        using var operatorClient = await app.ClientInRoleAsync("Operator");
        var response = await operatorClient.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var order = await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.SessionId == show.SessionId));
        Assert.Equal(OrderChannel.Hotline, order.Channel);
        Assert.StartsWith("operator-", order.OperatorUserName, StringComparison.Ordinal);
    }

    private async Task<int> StockAsync(Guid productId) =>
        await app.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync());

    private static async Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, OnAirSession show, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

    internal sealed record Answer(int Status, string? TypeWord, int Quantity);

    /// <summary>Sends the orders all at once, like viewers after a flash deal, and collects every answer.</summary>
    private async Task<Answer[]> BurstAsync(OnAirSession show, int buyers, Func<int, object> bodyOf)
    {
        using var client = app.CreateClient();
        using var start = new SemaphoreSlim(0);
        var answers = new ConcurrentDictionary<int, Answer>();
        var tasks = Enumerable.Range(0, buyers).Select(async i =>
        {
            var body = bodyOf(i);
            var quantity = JsonSerializer.SerializeToElement(body).GetProperty("quantity").GetInt32();
            await start.WaitAsync();
            var response = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", body);
            string? word = null;
            if ((int)response.StatusCode >= 400)
            {
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                word = problem.GetProperty("type").GetString()!.Split('/')[^1];
            }

            answers[i] = new Answer((int)response.StatusCode, word, quantity);
        }).ToArray();
        start.Release(buyers);
        await Task.WhenAll(tasks);
        Assert.DoesNotContain(answers.Values, a => a.Status >= 500);
        return Enumerable.Range(0, buyers).Select(i => answers[i]).ToArray();
    }
}
