using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Auth;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Orders;

public class LookupApiTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task CallerLookup_FillsNameAndAddress_FromTheLastOrderOfThatPhone()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        await Catalogue.IdOf(await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[0], phone: "0987654321", name: "Trần Văn Cũ")));
        await Catalogue.IdOf(await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", new
        {
            productId = show.ProductIds[0],
            quantity = 1,
            customer = new { name = "Trần Văn Mới", phone = "+84 987 654 321" },
            address = new { province = "Nghệ An", commune = "Phường Vinh Phú", street = "5 Lê Lợi" },
            channel = "Web",
        }));

        using var operatorClient = await app.ClientInRoleAsync("Operator");
        var caller = await (await operatorClient.PostAsJsonAsync("/api/customers/lookup", new { phone = "0987.654.321" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("+84987654321", caller.GetProperty("phone").GetString());
        Assert.Equal("Trần Văn Mới", caller.GetProperty("name").GetString());
        Assert.Equal("Tỉnh Nghệ An", caller.GetProperty("province").GetString());
        Assert.Equal("Phường Vinh Phú", caller.GetProperty("commune").GetString());
        Assert.Equal("5 Lê Lợi", caller.GetProperty("street").GetString());

        await ProblemAssertions.AssertProblemAsync(await operatorClient.PostAsJsonAsync("/api/customers/lookup", new { phone = "0911111111" }), HttpStatusCode.NotFound);
        var bad = await ProblemAssertions.AssertProblemAsync(await operatorClient.PostAsJsonAsync("/api/customers/lookup", new { phone = "12" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("phone", out _));
    }

    [Fact]
    public async Task OrderLookup_AnswersOnlyWhenNumberAndPhoneBothMatch()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var placed = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", OrderBodies.Valid(show.ProductIds[0], quantity: 3, phone: "0912000111"));
        var order = await placed.Content.ReadFromJsonAsync<JsonElement>();
        var number = order.GetProperty("number").GetInt64();

        var found = await (await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"{number}", phone = "+84912000111" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(number, found.GetProperty("number").GetInt64());
        Assert.Equal("Placed", found.GetProperty("status").GetString());
        Assert.Equal(3, found.GetProperty("quantity").GetInt32());
        Assert.Equal(300_000, found.GetProperty("totalVnd").GetInt64());
        Assert.False(string.IsNullOrEmpty(found.GetProperty("productName").GetString()));
        Assert.True(found.TryGetProperty("createdAt", out _));
        Assert.False(found.TryGetProperty("customer", out _));

        await ProblemAssertions.AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"{number}", phone = "0912000112" }), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"{number + 1000}", phone = "0912000111" }), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"abc", phone = "0912000111" }), HttpStatusCode.BadRequest);
    }
}

public class OrderLookupRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task OrderLookup_Guessing_Gets429()
    {
        using var anonymous = app.CreateClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 40 && limited is null; i++)
        {
            var response = await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"{100000 + i}", phone = "0912000111" });
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}
