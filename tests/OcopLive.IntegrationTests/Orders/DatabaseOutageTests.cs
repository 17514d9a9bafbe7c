using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Orders;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>PostgreSQL stopped and started again in the middle of a burst.</summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task PostgresStoppedMidBurst_Fast503s_ThenRecovery_AndEveryAcknowledgedOrderIsKept()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = await AppProcess.StartAsync(cluster.ConnectionString);
        var (sessionId, productIds) = await LiveSessionRows.InsertAsync(cluster.ConnectionString, [5_000]);
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        var acknowledged = new ConcurrentDictionary<string, Guid>();
        var unavailable = new ConcurrentBag<(string Key, object Body)>();
        var slowest = TimeSpan.Zero;
        var other = new ConcurrentBag<string>();
        var phase = 0; // 0 before, 1 during, 2 after the outage
        var createdAfter = 0;
        using var stop = new CancellationTokenSource();
        var buyers = Enumerable.Range(0, 16).Select(b => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var key = $"outage-{b}-{i}";
                var body = OrderBodies.Valid(productIds[0], 1, OrderBodies.PhoneOf((b * 10_000) + i));
                var started = Stopwatch.StartNew();
                var response = await SendAsync(client, sessionId, key, body);
                lock (other)
                {
                    slowest = started.Elapsed > slowest ? started.Elapsed : slowest;
                }

                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        acknowledged[key] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                        if (Volatile.Read(ref phase) == 2)
                        {
                            Interlocked.Increment(ref createdAfter);
                        }

                        break;
                    case HttpStatusCode.ServiceUnavailable:
                        Assert.NotNull(response.Headers.RetryAfter);
                        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                        Assert.EndsWith("/unavailable", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
                        unavailable.Add((key, body));
                        await Task.Delay(100);
                        break;
                    default:
                        other.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        break;
                }
            }
        })).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= 100);
        Volatile.Write(ref phase, 1);
        await cluster.StopAsync();
        await WaitUntilAsync(() => unavailable.Count >= 20);
        using (var probe = new HttpClient { BaseAddress = app.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/health/ready")).StatusCode);
        }

        await cluster.RestartAsync();
        Volatile.Write(ref phase, 2);
        await WaitUntilAsync(() => Volatile.Read(ref createdAfter) >= 50);
        await stop.CancelAsync();
        await Task.WhenAll(buyers);

        Assert.Empty(other);
        Assert.True(slowest < TimeSpan.FromSeconds(6), $"slowest answer {slowest}");

        // Retrying each 503 with its key makes (or finds) exactly one order.
        foreach (var (key, body) in unavailable)
        {
            var retried = await SendAsync(client, sessionId, key, body);
            Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
            acknowledged[key] = (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        Npgsql.NpgsqlConnection.ClearAllPools(); // the test's own pooled connections died with the server
        await using var db = TestDatabase.NewContext(cluster.ConnectionString);
        var stored = await db.Orders.Where(o => o.SessionId == sessionId).ToDictionaryAsync(o => o.IdempotencyKey!, o => o.Id);
        Assert.Equal(acknowledged.Count, stored.Count);
        foreach (var (key, id) in acknowledged)
        {
            Assert.Equal(id, stored[key]);
        }

        var stock = await db.Products.Where(p => p.Id == productIds[0]).Select(p => p.Stock).SingleAsync();
        var sold = await db.Orders.Where(o => o.ProductId == productIds[0] && o.Status != OrderStatus.Cancelled).SumAsync(o => o.Quantity);
        Assert.Equal(5_000, stock + sold);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid sessionId, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}
