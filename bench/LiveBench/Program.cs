// Live figures bench: N SignalR clients on one session of a RUNNING app, orders at a steady rate
// through the real API, and on one observing client the delay from each 201 to the first
// `counters` event that includes it. See docs/benchmarks.md ("Live figures").
//   dotnet run -c Release --project bench/LiveBench -- --base http://127.0.0.1:5080 --pid <app pid>
//       --clients 2000 --rate 1000 --duration 20 [--admin-password admin-demo-2026]
//       [--session <id> --product <id>]   (an existing Live session instead of arranging one)
//       [--hub-base http://node-b]   viewers on another node than the orders (Redis backplane)
//       [--warmup 3]   seconds left out of the steady-state p99 (the overall figures keep them)
//       [--crowd raw|client]   raw (default): the crowd speaks the JSON protocol over bare WebSockets;
//                              client: every viewer is a full Microsoft.AspNetCore.SignalR.Client
// The app should run with OcopLive__RateLimiting__Enabled=false (one client address sends everything).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OcopLive.LiveBench;

var o = Options.Parse(args);
var baseUrl = new Uri(o.Get("base", "http://127.0.0.1:5080"));
// Another node for the viewers (scale-out over Redis): orders go to --base, the hubs to --hub-base.
var hubBase = new Uri(o.Get("hub-base", baseUrl.ToString()));
var clients = o.Int("clients", 1000);
var rate = o.Int("rate", 500);
var duration = TimeSpan.FromSeconds(o.Int("duration", 20));
var pid = o.Has("pid") ? o.Int("pid", 0) : (int?)null;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(30),
};

var (sessionId, productId) = o.Has("session")
    ? (Guid.Parse(o.Get("session", "")), Guid.Parse(o.Get("product", "")))
    : await Arrange.LiveSessionAsync(http, o.Get("admin-password", Environment.GetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword") ?? "admin-demo-2026"));
var before = await Truth.ReadAsync(http, sessionId);
Console.WriteLine($"session {sessionId}, product {productId}, {before.Orders} orders before; {clients} clients, {rate} orders/s for {duration.TotalSeconds} s");

// The observer (a full SignalR client) records every event; the crowd keeps its last figure.
var rawCrowd = o.Get("crowd", "raw") == "raw";
var observer = await Viewer.JoinAsync(hubBase, sessionId, observe: true);
var crowd = new List<(Func<long> LastOrders, Func<ValueTask> Dispose)> { (() => observer.LastOrders, observer.DisposeAsync) };
var connectWatch = Stopwatch.StartNew();
for (var batch = 1; batch < clients; batch += 100)
{
    var size = Math.Min(100, clients - batch);
    if (rawCrowd)
    {
        foreach (var v in await Task.WhenAll(Enumerable.Range(0, size).Select(_ => RawViewer.JoinAsync(hubBase, sessionId))))
        {
            crowd.Add((() => v.LastOrders, v.DisposeAsync));
        }
    }
    else
    {
        foreach (var v in await Task.WhenAll(Enumerable.Range(0, size).Select(_ => Viewer.JoinAsync(hubBase, sessionId, observe: false))))
        {
            crowd.Add((() => v.LastOrders, v.DisposeAsync));
        }
    }
}

Console.WriteLine($"{crowd.Count} clients ({(rawCrowd ? "raw WebSocket crowd" : "SignalR client crowd")}) joined in {connectWatch.Elapsed.TotalSeconds:0.0} s");
await Task.Delay(1000);

var cpuBefore = pid is { } p0 ? ProcessSample.Read(p0) : null;
var benchCpuBefore = Environment.ProcessId is var self ? ProcessSample.Read(self) : null;
var placed = new List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)>(rate * (int)duration.TotalSeconds);
var refusals = new Dictionary<int, int>();
var inFlight = new List<Task>();
var started = Stopwatch.GetTimestamp();
var total = (long)(rate * duration.TotalSeconds);
for (long i = 0; i < total; i++)
{
    var due = started + (long)(i * Stopwatch.Frequency / (double)rate);
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
    if (wait > TimeSpan.FromMilliseconds(1))
    {
        await Task.Delay(wait);
    }

    inFlight.Add(PlaceAsync());
}

await Task.WhenAll(inFlight);
var sendSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
var cpuAfter = pid is { } p1 ? ProcessSample.Read(p1) : null;
var benchCpu = (ProcessSample.Read(Environment.ProcessId).CpuSeconds - benchCpuBefore!.CpuSeconds) / sendSeconds * 100;

// Convergence: every client must end on the database's figure.
var truth = await Truth.ReadAsync(http, sessionId);
var converged = Stopwatch.StartNew();
while (crowd.Any(v => v.LastOrders() != truth.Orders) && converged.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(50);
}

var behind = crowd.Count(v => v.LastOrders() != truth.Orders);
var expected = before.Orders + placed.Count;

// Delay of each 201: arrival of the first event that includes the order, minus the 201's arrival.
// An event includes the order when its read began at or after the commit (the app's
// Ocop-Committed-At header: its clock just after COMMIT returned). The stricter reading, "read
// began after the 201 came back", ignores events read between the commit and the 201's arrival
// and is kept as an upper bound.
var events = observer.Events;
IEnumerable<double> delaysInOrder(bool afterCommit)
{
    foreach (var (wall, ticks, committed) in placed)
    {
        // A 201 that came back after the last read began is in the final figure (the run ends on it).
        var hit = FirstAtOrAfter(events, afterCommit ? committed : wall) ?? FirstWithOrders(events, truth.Orders);
        // Below zero: the screen had it before the 201 came back; count that as no delay.
        yield return hit is null ? double.NaN : Math.Max(0, Stopwatch.GetElapsedTime(ticks, hit.Value.Ticks).TotalMilliseconds);
    }
}

var warmup = o.Int("warmup", 3);
var exact = Delays.Of(placed.Select(x => x.Ticks), delaysInOrder(afterCommit: true), started, warmup);
var upper = Delays.Of(placed.Select(x => x.Ticks), delaysInOrder(afterCommit: false), started, warmup);
// Where the slow ones are: the worst delay of each second of the run.
Console.WriteLine("worst delay per second (ms): " + exact.WorstBySecond);
var countersPerSecond = events.Count(e => e.Name == "counters") / Math.Max(1, sendSeconds);

Console.WriteLine();
Console.WriteLine($"orders: {placed.Count} × 201 in {sendSeconds:0.0} s ({placed.Count / sendSeconds:0} /s), refused {string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))}");
Console.WriteLine($"201 → first counters read after the commit: {exact}");
Console.WriteLine($"201 → first counters read after the 201 (upper bound): {upper}");
Console.WriteLine($"counters on the observer: {countersPerSecond:0.0} /s");
Console.WriteLine($"database {truth.Orders} orders (expected {expected}); clients not on it after {converged.Elapsed.TotalSeconds:0.0} s: {behind} of {crowd.Count}");
if (cpuBefore is not null && cpuAfter is not null)
{
    var cpu = (cpuAfter.CpuSeconds - cpuBefore.CpuSeconds) / sendSeconds * 100;
    Console.WriteLine($"app process: CPU {cpu:0}% of one core, RSS {cpuAfter.RssMb:0} MB (peak {cpuAfter.PeakRssMb:0} MB); the bench itself: CPU {benchCpu:0}%");
    Console.WriteLine($"| {clients} | {rate} | {placed.Count / sendSeconds:0} | {exact.P50:0} | {exact.P99:0} | {exact.Max:0} | {exact.SteadyP99:0} | {upper.P99:0} | {countersPerSecond:0.0} | {cpu:0}% | {cpuAfter.RssMb:0} MB | {(behind == 0 && truth.Orders == expected ? "yes" : "NO")} |");
}

await Task.WhenAll(crowd.Select(v => v.Dispose().AsTask()));
return behind == 0 && truth.Orders == expected ? 0 : 1;

async Task PlaceAsync()
{
    try
    {
        using var response = await http.PostAsJsonAsync($"/api/sessions/{sessionId}/orders", Arrange.Order(productId));
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var wall = DateTimeOffset.UtcNow;
            var ticks = Stopwatch.GetTimestamp();
            var committed = response.Headers.TryGetValues("Ocop-Committed-At", out var values)
                ? DateTimeOffset.Parse(values.First(), CultureInfo.InvariantCulture)
                : wall;
            lock (placed)
            {
                placed.Add((wall, ticks, committed));
            }

            return;
        }

        lock (refusals)
        {
            refusals[(int)response.StatusCode] = refusals.GetValueOrDefault((int)response.StatusCode) + 1;
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        lock (refusals)
        {
            refusals[0] = refusals.GetValueOrDefault(0) + 1;
        }
    }
}

static (long Ticks, DateTimeOffset ReadAt)? FirstWithOrders(List<Observed> events, long orders) =>
    events.FirstOrDefault(e => e.Orders == orders) is { } e ? (e.Ticks, e.ReadAt) : null;

static (long Ticks, DateTimeOffset ReadAt)? FirstAtOrAfter(List<Observed> events, DateTimeOffset wall)
{
    int lo = 0, hi = events.Count;
    while (lo < hi)
    {
        var mid = (lo + hi) / 2;
        if (events[mid].ReadAt >= wall)
        {
            hi = mid;
        }
        else
        {
            lo = mid + 1;
        }
    }

    return lo < events.Count ? (events[lo].Ticks, events[lo].ReadAt) : null;
}
