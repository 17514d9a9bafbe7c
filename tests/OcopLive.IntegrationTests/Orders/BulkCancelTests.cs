using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Lineups;
using OcopLive.Orders;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>The app behind a "proxy" on loopback, so that a test can order from any client address (X-Forwarded-For).</summary>
public sealed class BulkCancelApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:ForwardedHeaders:KnownProxies"] = "127.0.0.1, ::1",
    };
}

public class BulkCancelTests(BulkCancelApp app, ITestOutputHelper output) : IClassFixture<BulkCancelApp>
{
    private const string Bot = "203.0.113.7";
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Director_PreviewsTheOrdersOfOneAddress_ThenCancelsThemInOneAction_StockAndLiveFiguresCorrected()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 100]);
        for (var i = 0; i < 6; i++)
        {
            await OrderAsync(show, Bot, show.ProductIds[i % 2], 3, OrderBodies.PhoneOf(i));
        }

        for (var i = 0; i < 3; i++)
        {
            await OrderAsync(show, $"198.51.100.{i + 1}", show.ProductIds[0], 1, OrderBodies.PhoneOf(100 + i));
        }

        using var director = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        var patterns = await director.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/orders/patterns");
        var address = patterns.EnumerateArray().Single(p => p.GetProperty("kind").GetString() == "address");
        Assert.Equal(6, address.GetProperty("orders").GetInt32());

        var preview = await PostAsync(director, show, "preview", new { address = Bot });
        Assert.Equal((6, 18), (preview.GetProperty("orders").GetInt32(), preview.GetProperty("units").GetInt32()));
        Assert.All(preview.GetProperty("items").EnumerateArray(), o => Assert.Equal(address.GetProperty("value").GetString(), o.GetProperty("clientKey").GetString()));
        // The preview changes nothing; the clientKey it shows selects the same orders.
        Assert.Equal(9, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId && o.Status == OrderStatus.Placed)));
        Assert.Equal(6, (await PostAsync(director, show, "preview", new { address = address.GetProperty("value").GetString() })).GetProperty("orders").GetInt32());

        var cancelled = await PostAsync(director, show, "", new { address = Bot });

        Assert.Equal((6, 18), (cancelled.GetProperty("orders").GetInt32(), cancelled.GetProperty("units").GetInt32()));
        var orders = await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToListAsync());
        Assert.Equal(6, orders.Count(o => o.Status == OrderStatus.Cancelled));
        Assert.Equal(3, orders.Count(o => o.Status == OrderStatus.Placed));
        Assert.Equal([97, 100], await StocksAsync(show));
        var sales = await app.WithDbAsync(db => db.ProductSales.Where(s => s.SessionId == show.SessionId).OrderBy(s => s.Units).ToListAsync());
        Assert.Equal((3, 3), (sales.Sum(s => s.Orders), sales.Sum(s => s.Units)));

        // On air: the live figures follow (the notifier refreshes them), not only the database.
        using var anonymous = app.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long liveOrders;
        do
        {
            var live = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/live");
            liveOrders = live.GetProperty("totals").GetProperty("orders").GetInt64();
            if (liveOrders != 3)
            {
                await Task.Delay(100);
            }
        }
        while (liveOrders != 3 && DateTime.UtcNow < deadline);

        Assert.Equal(3, liveOrders);
        // Again: nothing left to cancel.
        Assert.Equal(0, (await PostAsync(director, show, "", new { address = Bot })).GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task APhonePrefixRun_OrAStreet_SelectsTheBotsOrders_FromManyAddresses()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        for (var i = 0; i < 5; i++)
        {
            await OrderAsync(show, $"192.0.2.{i + 1}", show.ProductIds[0], 2, $"091277700{i}", street: "  99 Ngõ Giả  ");
        }

        await OrderAsync(show, "198.51.100.50", show.ProductIds[0], 1, "0987654321", street: "12 Trần Phú");
        using var director = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Director"));

        Assert.Equal(5, (await PostAsync(director, show, "preview", new { phonePrefix = "0912777" })).GetProperty("orders").GetInt32());
        Assert.Equal(5, (await PostAsync(director, show, "preview", new { phonePrefix = "+84 912 777" })).GetProperty("orders").GetInt32());
        var byStreet = await PostAsync(director, show, "", new { street = "99 ngõ giả" });

        Assert.Equal(5, byStreet.GetProperty("orders").GetInt32());
        Assert.Equal([99], await StocksAsync(show));
    }

    [Fact]
    public async Task Producer_CancelsOnlyTheirOwnProductsOrders_AndBadFiltersOrOtherRolesAreRefused()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var admin = await app.ClientAsAsync();
        var otherProducer = await Catalogue.CreateProducerAsync(admin);
        var otherProduct = await Catalogue.CreateProductAsync(admin, otherProducer, stock: 100);
        await app.WithDbAsync(async db =>
        {
            var first = await db.Segments.SingleAsync(s => s.SessionId == show.SessionId);
            db.Segments.Add(new Segment
            {
                SessionId = show.SessionId,
                Position = 2,
                ProductId = otherProduct,
                ProducerId = otherProducer,
                PlannedStart = first.PlannedStart.AddMinutes(5),
                Minutes = 5,
                PriceVnd = 100_000,
                Reason = "test",
            });
            return await db.SaveChangesAsync();
        });
        for (var i = 0; i < 4; i++)
        {
            await OrderAsync(show, Bot, i % 2 == 0 ? show.ProductIds[0] : otherProduct, 1, OrderBodies.PhoneOf(300 + i));
        }

        using var producer = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        var cancelled = await PostAsync(producer, show, "", new { address = Bot });

        Assert.Equal(2, cancelled.GetProperty("orders").GetInt32());
        Assert.All(cancelled.GetProperty("items").EnumerateArray(), o => Assert.Equal(show.ProductIds[0], o.GetProperty("productId").GetGuid()));
        Assert.Equal(2, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.ProductId == otherProduct && o.Status == OrderStatus.Placed)));

        var url = $"/api/sessions/{show.SessionId}/orders/bulk-cancel";
        using var anonymous = app.CreateClient();
        using var operatorClient = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Operator"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(url, new { address = Bot })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.PostAsJsonAsync(url, new { address = Bot })).StatusCode);
        foreach (var bad in new object[] { new { }, new { address = Bot, street = "99 Ngõ Giả" }, new { phonePrefix = "09" }, new { address = "nobody" }, new { street = "x" } })
        {
            await ProblemAssertions.AssertProblemAsync(await admin.PostAsJsonAsync(url, bad), HttpStatusCode.BadRequest);
        }

        Assert.Equal(2, await app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == show.SessionId && o.Status == OrderStatus.Placed)));
    }

    [Fact]
    public async Task SingleAndBulkCancel_AtOnce_OnTheSameOrders_NeitherDeadlocks_AndEachOrderIsCancelledOnce()
    {
        var show = await OnAirSession.ArrangeAsync(app, [500, 500]);
        var ids = new List<Guid>();
        for (var i = 0; i < 16; i++)
        {
            ids.Add(await OrderAsync(show, Bot, show.ProductIds[i % 2], 2, OrderBodies.PhoneOf(400 + i)));
        }

        using var director = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        using var producer = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Producer", show.ProducerId));
        // Singles from the last order back, both products interleaved, while two bulk cancels take the whole address.
        var singles = ids.AsEnumerable().Reverse().Select(async id => await director.PostAsync($"/api/orders/{id}/cancel", null)).ToList();
        var bulks = new[] { director, producer }.Select(c => c.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders/bulk-cancel", new { address = Bot })).ToList();
        var singleAnswers = await Task.WhenAll(singles);
        var bulkAnswers = await Task.WhenAll(bulks);

        Assert.All(bulkAnswers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(singleAnswers, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var byBulk = 0;
        foreach (var answer in bulkAnswers)
        {
            byBulk += (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orders").GetInt32();
        }

        Assert.Equal(ids.Count, byBulk + singleAnswers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(ids.Count, await app.WithDbAsync(db => db.Orders.CountAsync(o => ids.Contains(o.Id) && o.Status == OrderStatus.Cancelled)));
        Assert.Equal([500, 500], await StocksAsync(show));
        var sales = await app.WithDbAsync(db => db.ProductSales.Where(s => s.SessionId == show.SessionId).ToListAsync());
        Assert.Equal((0, 0, 0L), (sales.Sum(s => s.Orders), sales.Sum(s => s.Units), sales.Sum(s => s.RevenueVnd)));
    }

    [Fact]
    public async Task AReturnedParcel_PutsAShippedOrdersUnitsBackOnStock_WhileTheSessionSells_AndOnlyOnce()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var shipped = await OrderAsync(show, "198.51.100.60", show.ProductIds[0], 4, OrderBodies.PhoneOf(500));
        var delivered = await OrderAsync(show, "198.51.100.61", show.ProductIds[0], 1, OrderBodies.PhoneOf(501));
        using var director = await Logins.ApiClientAsync(app, await Logins.CreateUserAsync(app, "Director"));
        Assert.Equal(HttpStatusCode.OK, (await director.PostAsJsonAsync($"/api/orders/{shipped}/status", new { status = "Shipped" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await director.PostAsJsonAsync($"/api/orders/{delivered}/status", new { status = "Delivered" })).StatusCode);
        // A producer may not cancel a shipped order; its returned parcel may.
        await ProblemAssertions.AssertProblemAsync(await director.PostAsync($"/api/orders/{shipped}/cancel", null), HttpStatusCode.Conflict);

        using var scope = app.Services.CreateScope();
        var cancel = scope.ServiceProvider.GetRequiredService<CancelOrder>();
        var (returned, refusal) = await cancel.CancelAsync(shipped, CancelReason.ParcelReturned, CancellationToken.None);
        var (_, again) = await cancel.CancelAsync(shipped, CancelReason.ParcelReturned, CancellationToken.None);
        var (_, wasDelivered) = await cancel.CancelAsync(delivered, CancelReason.ParcelReturned, CancellationToken.None);
        var (_, unknown) = await cancel.CancelAsync(Guid.NewGuid(), CancelReason.ParcelReturned, CancellationToken.None);

        Assert.Null(refusal);
        Assert.Equal((1, 4), (returned!.Orders, returned.Units));
        Assert.Equal("already-cancelled", again!.Word);
        Assert.Equal("already-shipped", wasDelivered!.Word);
        Assert.Equal(404, unknown!.Status);
        Assert.Equal([49], await StocksAsync(show));
        var sales = await app.WithDbAsync(db => db.ProductSales.SingleAsync(s => s.SessionId == show.SessionId));
        Assert.Equal((1, 1), (sales.Orders, sales.Units));
    }

    private async Task<Guid> OrderAsync(OnAirSession show, string from, Guid productId, int quantity, string phone, string street = "12 Trần Phú")
    {
        using var client = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{show.SessionId}/orders")
        {
            Content = JsonContent.Create(new
            {
                productId,
                quantity,
                customer = new { name = "Người mua", phone },
                address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street },
                channel = "Web",
            }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, OnAirSession show, string step, object filter)
    {
        var response = await client.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders/bulk-cancel{(step.Length > 0 ? "/" + step : "")}", filter);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<List<int>> StocksAsync(OnAirSession show) =>
        app.WithDbAsync(db => db.Products.Where(p => show.ProductIds.Contains(p.Id)).OrderBy(p => p.Stock).Select(p => p.Stock).ToListAsync());
}
