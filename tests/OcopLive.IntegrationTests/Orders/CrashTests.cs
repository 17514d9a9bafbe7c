using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Catalog;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Lineups;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>The app process is killed with SIGKILL in the middle of a burst and started again.</summary>
public sealed class CrashTests : IAsyncLifetime
{
    private static readonly int[] InitialStock = [400, 300, 300];
    private string _db = "";

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync("crash");

    public async Task DisposeAsync() => await TestDatabase.DropAsync(_db);

    [Fact]
    public async Task SigkillMidBurst_EveryAcknowledgedOrderSurvives_AndStockAddsUp()
    {
        var (sessionId, productIds) = await LiveSessionRows.InsertAsync(_db, InitialStock);
        var acknowledged = new ConcurrentDictionary<string, Guid>();  // Idempotency-Key → order id
        var unanswered = new ConcurrentBag<(string Key, object Body)>();

        var app = await AppProcess.StartAsync(_db);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var stop = new CancellationTokenSource();
        var killed = 0;
        var buyers = Enumerable.Range(0, 48).Select(b => Task.Run(async () =>
        {
            var random = new Random(b);
            for (var i = 0; !stop.IsCancellationRequested && i < 400; i++)
            {
                var key = $"buyer{b}-order{i}";
                var body = OrderBodies.Valid(productIds[random.Next(productIds.Length)], random.Next(1, 3), OrderBodies.PhoneOf((b * 1000) + i));
                try
                {
                    var response = await SendAsync(client, sessionId, key, body);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                    }
                }
                catch (Exception) when (Volatile.Read(ref killed) == 1)
                {
                    // The answer was lost with the process: the order may or may not be committed.
                    unanswered.Add((key, body));
                    return;
                }
            }
        })).ToArray();

        while (acknowledged.Count < 150)
        {
            await Task.Delay(10);
        }

        Volatile.Write(ref killed, 1);
        app.Kill();
        await Task.WhenAll(buyers);
        Assert.True(acknowledged.Count >= 150);

        await using var restarted = await AppProcess.StartAsync(_db);
        await using (var db = TestDatabase.NewContext(_db))
        {
            var stored = await db.Orders.Where(o => o.SessionId == sessionId).ToDictionaryAsync(o => o.IdempotencyKey!, o => o.Id);
            foreach (var (key, id) in acknowledged)
            {
                Assert.True(stored.TryGetValue(key, out var storedId), $"acknowledged order {key} lost");
                Assert.Equal(id, storedId);
            }

            await AssertStockAddsUpAsync(db, productIds);
        }

        // A retry with the same key tells the client which of its unanswered orders were committed.
        using var retry = new HttpClient { BaseAddress = restarted.BaseAddress };
        foreach (var (key, body) in unanswered)
        {
            var response = await SendAsync(retry, sessionId, key, body);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.Conflict, $"{key}: {response.StatusCode}");
        }

        await using (var db = TestDatabase.NewContext(_db))
        {
            await AssertStockAddsUpAsync(db, productIds);
            var keys = await db.Orders.Where(o => o.SessionId == sessionId).Select(o => o.IdempotencyKey).ToListAsync();
            Assert.Equal(keys.Count, keys.Distinct().Count());
        }
    }

    private static async Task AssertStockAddsUpAsync(OcopLive.Data.OcopDbContext db, Guid[] productIds)
    {
        for (var p = 0; p < productIds.Length; p++)
        {
            var id = productIds[p];
            var stock = await db.Products.Where(x => x.Id == id).Select(x => x.Stock).SingleAsync();
            var sold = await db.Orders.Where(o => o.ProductId == id && o.Status != OrderStatus.Cancelled).SumAsync(o => o.Quantity);
            Assert.Equal(InitialStock[p], stock + sold);
            var totals = await db.ProductSales.Where(s => s.ProductId == id).SumAsync(s => s.Units);
            Assert.Equal(sold, totals);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid sessionId, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
