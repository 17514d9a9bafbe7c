using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.Live;
using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.ScaleOut;

/// <summary>
/// Two app processes on one PostgreSQL and one Redis, as behind a load balancer: they must behave
/// as one. Node A takes the orders and the commands; node B serves the viewers.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private string _db = "";
    private RedisServer _redis = null!;
    private AppProcess _a = null!;
    private AppProcess _b = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("twonodes");
        _redis = await RedisServer.StartAsync();
        _a = await AppProcess.StartAsync(_db, settings: Redis());
        _b = await AppProcess.StartAsync(_db, settings: Redis());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
        await TestDatabase.DropAsync(_db);
    }

    private Dictionary<string, string> Redis() => new() { ["OcopLive__Redis"] = _redis.ConnectionString };

    [Fact]
    public async Task OrdersOnNodeA_MoveTheOverlayOnNodeB_AndNextSegmentToo()
    {
        using var staff = await StaffAsync(_a);
        var (sessionId, products) = await LiveSessionAsync(staff, 2);
        await using var viewer = await LiveClient.ConnectAsync(_b.BaseAddress);
        await viewer.JoinAsync(sessionId);
        await viewer.WaitForAsync("snapshot", _ => true);

        await PlaceOrdersAsync(_a, sessionId, products[0], 30);

        await viewer.WaitForAsync("counters", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 30);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{sessionId}/next", null)).StatusCode);
        var changed = await viewer.WaitForAsync("segmentChanged", s => s.GetProperty("current").GetProperty("position").GetInt32() == 2);
        Assert.Equal(products[1], changed.Payload.GetProperty("current").GetProperty("productId").GetGuid());
    }

    [Fact]
    public async Task ScheduledCloseJobs_RunOnceAcrossBothNodes()
    {
        using var staffA = await StaffAsync(_a);
        using var staffB = await StaffAsync(_b);
        var sessions = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var staff = i % 2 == 0 ? staffA : staffB;
            var (sessionId, _) = await LiveSessionAsync(staff, 1, orderGraceMinutes: 0);
            Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{sessionId}/end", null)).StatusCode);
            sessions.Add(sessionId);
        }

        await using var db = TestDatabase.NewContext(_db);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await db.Sessions.CountAsync(s => sessions.Contains(s.Id) && s.Status == SessionStatus.Closed) < sessions.Count)
        {
            Assert.True(DateTime.UtcNow < deadline, "close jobs did not run");
            await Task.Delay(250);
        }

        var jobIds = await db.Set<SessionJob>().Where(j => sessions.Contains(j.SessionId) && j.Kind == SessionJobKind.CloseOrdering)
            .Select(j => j.JobId).ToListAsync();
        Assert.Equal(sessions.Count, jobIds.Count);
        await using var conn = new NpgsqlConnection(_db);
        await conn.OpenAsync();
        foreach (var jobId in jobIds)
        {
            // The session is Closed inside the job; Hangfire writes Succeeded just after it returns.
            (long Processing, long Succeeded) states;
            var jobDeadline = DateTime.UtcNow.AddSeconds(15);
            do
            {
                await using var cmd = new NpgsqlCommand(
                    "SELECT count(*) FILTER (WHERE name = 'Processing'), count(*) FILTER (WHERE name = 'Succeeded') FROM hangfire.state WHERE jobid = @id", conn);
                cmd.Parameters.AddWithValue("id", long.Parse(jobId, System.Globalization.CultureInfo.InvariantCulture));
                await using var reader = await cmd.ExecuteReaderAsync();
                await reader.ReadAsync();
                states = (reader.GetInt64(0), reader.GetInt64(1));
                if (states.Succeeded == 0)
                {
                    await Task.Delay(100);
                }
            }
            while (states.Succeeded == 0 && DateTime.UtcNow < jobDeadline);

            Assert.Equal((1L, 1L), states);
        }
    }

    [Fact]
    public async Task NodeRestartedMidSession_ConvergesToTheDatabaseFigures()
    {
        using var staff = await StaffAsync(_a);
        var (sessionId, products) = await LiveSessionAsync(staff, 1);
        await PlaceOrdersAsync(_a, sessionId, products[0], 10);

        _b.Kill();
        await PlaceOrdersAsync(_a, sessionId, products[0], 15);
        await using var restarted = await AppProcess.StartAsync(_db, settings: Redis());

        await using var viewer = await LiveClient.ConnectAsync(restarted.BaseAddress);
        await viewer.JoinAsync(sessionId);
        var snapshot = await viewer.WaitForAsync("snapshot", _ => true);
        Assert.Equal(25, snapshot.Payload.GetProperty("totals").GetProperty("orders").GetInt32());
        using var anonymous = new HttpClient { BaseAddress = restarted.BaseAddress };
        var live = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/live");
        await using var db = TestDatabase.NewContext(_db);
        var units = await db.Orders.Where(o => o.SessionId == sessionId).SumAsync(o => o.Quantity);
        Assert.Equal(units, live.GetProperty("totals").GetProperty("units").GetInt32());

        await PlaceOrdersAsync(_a, sessionId, products[0], 5);
        await viewer.WaitForAsync("counters", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 30);
    }

    [Fact]
    public async Task PhonesOnBothNodes_GetNowAtMostTwiceASecond_ForTheWholeCluster_AndEndOnTheDatabaseFigure()
    {
        using var staff = await StaffAsync(_a);
        var (sessionId, products) = await LiveSessionAsync(staff, 1);
        await using var phoneA = await LiveClient.ConnectAsync(_a.BaseAddress);
        await using var phoneB = await LiveClient.ConnectAsync(_b.BaseAddress);
        await phoneA.JoinViewerAsync(sessionId);
        await phoneB.JoinViewerAsync(sessionId);
        await phoneA.WaitForAsync("now", _ => true);
        await phoneB.WaitForAsync("now", _ => true);

        // Both nodes commit orders for ~3 s: each would push its own changes twice a second. Only
        // the pushes after the first order count (a join may cross a push made for the join's read).
        var burst = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(PlaceOrdersAsync(_a, sessionId, products[0], 4), PlaceOrdersAsync(_b, sessionId, products[0], 4));
            await Task.Delay(250);
        }

        foreach (var phone in new[] { phoneA, phoneB })
        {
            await phone.WaitForAsync("now", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 80, TimeSpan.FromSeconds(10));
            var pushes = phone.Of("now").Where(e => e.Timestamp > burst).Select(e => e.Timestamp).ToList();
            var ms = pushes.Select(t => (t - burst) * 1000.0 / System.Diagnostics.Stopwatch.Frequency).ToList();
            Assert.True(pushes.Count >= 3, $"the burst was pushed ({pushes.Count} pushes)");
            // At most 2 a second for the cluster (each node alone would push its own twice a second).
            // Counted over the whole burst, not per second of arrival: the lease spaces the SENDS
            // at least 500 ms apart, but a loaded machine can hold two pushes in Redis or the
            // socket and hand them over together. Sends s2..sn all fall after the burst began
            // (s1 may be one made for the join's read), so sn >= (n - 2) x 500 ms and the last
            // arrival rn >= sn: n <= rn / 500 + 2, whatever the delivery jitter. Two nodes
            // pushing on their own would make about twice that.
            var allowed = (int)(ms[^1] / (ViewerFeed.MinInterval.TotalMilliseconds - 10)) + 2;
            Assert.True(ms.Count <= allowed, $"{ms.Count} pushes where the lease allows {allowed}; at (ms): " + string.Join(", ", ms.Select(t => (int)t)));
            var orders = phone.Of("now").Select(e => e.Payload.GetProperty("totals").GetProperty("orders").GetInt32()).ToList();
            Assert.Equal(orders.Order(), orders); // never backwards
        }
    }

    [Fact]
    public async Task RedisDown_NodeKeepsServing_AndViewersCatchUpWhenRedisReturns()
    {
        using var staff = await StaffAsync(_a);
        var (sessionId, products) = await LiveSessionAsync(staff, 1);
        await using var viewer = await LiveClient.ConnectAsync(_b.BaseAddress);
        await viewer.JoinAsync(sessionId);
        await viewer.WaitForAsync("snapshot", _ => true);
        await using var phone = await LiveClient.ConnectAsync(_b.BaseAddress);
        await phone.JoinViewerAsync(sessionId);
        await phone.WaitForAsync("now", _ => true);

        _redis.Stop();
        await PlaceOrdersAsync(_a, sessionId, products[0], 12);     // orders still commit on node A
        using (var anonymous = new HttpClient { BaseAddress = _b.BaseAddress })
        {
            // Node B still answers, and its figures come from PostgreSQL, not from Redis: its
            // snapshot is at most LiveCache.FreshFor (1 s) old, so it shows node A's orders soon.
            var orders = -1;
            for (var deadline = DateTime.UtcNow.AddSeconds(15); orders != 12 && DateTime.UtcNow < deadline; await Task.Delay(200))
            {
                var live = await anonymous.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/live");
                orders = live.GetProperty("totals").GetProperty("orders").GetInt32();
            }

            Assert.Equal(12, orders);
        }

        // Sends made while Redis was away may go out before node B has subscribed again, and reach
        // no one; both the overlay and the phone must still end on the database's figure.
        await _redis.RestartAsync();
        await viewer.WaitForAsync("counters", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 12, TimeSpan.FromSeconds(30));
        await phone.WaitForAsync("now", s => s.GetProperty("totals").GetProperty("orders").GetInt32() == 12, TimeSpan.FromSeconds(30));
    }

    private static async Task<HttpClient> StaffAsync(AppProcess node)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress };
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = OcopApp.AdminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A session on air through the API: entries, a hand-made line-up, go-live.</summary>
    private static async Task<(Guid SessionId, List<Guid> Products)> LiveSessionAsync(HttpClient staff, int products, int orderGraceMinutes = 30)
    {
        var (sessionId, productIds) = await Scheduler.PlanningSteps.SessionWithEntriesAsync(staff, products, DateTimeOffset.UtcNow, orderGraceMinutes);
        var put = await staff.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = productIds.Select(p => new { productId = p, minutes = 5 }) });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{sessionId}/go-live", null)).StatusCode);
        return (sessionId, productIds);
    }

    private static async Task PlaceOrdersAsync(AppProcess node, Guid sessionId, Guid productId, int count)
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        var responses = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.PostAsJsonAsync($"/api/sessions/{sessionId}/orders", OrderBodies.Valid(productId, 1, OrderBodies.PhoneOf(Random.Shared.Next(1_000_000))))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
    }
}
