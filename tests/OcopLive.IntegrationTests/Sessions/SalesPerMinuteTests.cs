using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Sessions;

public class SalesPerMinuteTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task SalesPerMinute_CountsCommittedNotCancelledOrders_PerUtcMinute()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100, 100]);
        using var anonymous = app.CreateClient();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Catalogue.IdOf(await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
                OrderBodies.Valid(show.ProductIds[0], quantity: 2, phone: OrderBodies.PhoneOf(i)))));
        }

        ids.Add(await Catalogue.IdOf(await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            OrderBodies.Valid(show.ProductIds[1], quantity: 1, phone: OrderBodies.PhoneOf(9)))));
        using var director = await app.ClientInRoleAsync("Director");
        Assert.Equal(HttpStatusCode.OK, (await director.PostAsync($"/api/orders/{ids[0]}/cancel", null)).StatusCode);

        // Spread the orders over two minutes so the buckets are tested, not just the sum. The times
        // are set, not left to the clock: orders placed across a minute's edge would otherwise
        // share or split buckets by chance.
        var now = DateTimeOffset.UtcNow;
        var earlier = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-2);
        await app.WithDbAsync(db => db.Orders.Where(o => o.Id == ids[0] || o.Id == ids[2] || o.Id == ids[3])
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.CreatedAt, earlier.AddSeconds(20))));
        await app.WithDbAsync(db => db.Orders.Where(o => o.Id == ids[1])
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.CreatedAt, earlier.AddSeconds(-40))));

        var all = await director.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/sales-per-minute");
        var buckets = all.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(3, buckets.Sum(b => b.GetProperty("orders").GetInt32()));
        Assert.Equal(5, buckets.Sum(b => b.GetProperty("units").GetInt32()));
        Assert.Equal(500_000, buckets.Sum(b => b.GetProperty("revenueVnd").GetInt64()));
        foreach (var b in buckets)
        {
            var minute = b.GetProperty("minute").GetDateTimeOffset();
            Assert.Equal(TimeSpan.Zero, minute.Offset);
            Assert.Equal(0, minute.Second);
        }

        Assert.True(buckets[0].GetProperty("minute").GetDateTimeOffset() < buckets[1].GetProperty("minute").GetDateTimeOffset());

        var one = await director.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/sales-per-minute?productId={show.ProductIds[1]}");
        var only = Assert.Single(one.GetProperty("buckets").EnumerateArray());
        Assert.Equal(1, only.GetProperty("orders").GetInt32());
    }

    [Fact]
    public async Task SalesPerMinute_UnknownSession_Is404Problem()
    {
        using var director = await app.ClientInRoleAsync("Director");
        await ProblemAssertions.AssertProblemAsync(await director.GetAsync($"/api/sessions/{Guid.CreateVersion7()}/sales-per-minute"),
            HttpStatusCode.NotFound);
    }
}
