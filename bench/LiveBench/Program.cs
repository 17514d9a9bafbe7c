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
var placed = new List<(DateTimeOffset Wall, long Ticks)>(rate * (int)duration.TotalSeconds);
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

// Delay of each 201: the first event whose read began at or after the 201 surely includes it.
var events = observer.Events;
var delays = new List<double>(placed.Count);
var missing = 0;
IEnumerable<double> delaysInOrder()
{
    foreach (var (wall, ticks) in placed)
    {
        // A 201 that came back after the last read began is in the final figure (the run ends on it).
        var hit = FirstAtOrAfter(events, wall) ?? FirstWithOrders(events, truth.Orders);
        // Below zero: the screen had it before the 201 came back; count that as no delay.
        yield return hit is null ? double.NaN : Math.Max(0, Stopwatch.GetElapsedTime(ticks, hit.Value.Ticks).TotalMilliseconds);
    }
}

foreach (var delay in delaysInOrder())
{
    if (double.IsNaN(delay))
    {
        missing++;
    }
    else
    {
        delays.Add(delay);
    }
}

// Where the slow ones are: the worst delay of each second of the run.
var worstBySecond = placed.Zip(delaysInOrder(), (x, dly) => (Second: (int)Stopwatch.GetElapsedTime(started, x.Ticks).TotalSeconds, Delay: dly))
    .Where(x => !double.IsNaN(x.Delay)).GroupBy(x => x.Second).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Max(x => x.Delay):0}");
Console.WriteLine("worst delay per second (ms): " + string.Join(" ", worstBySecond));
// Steady state: without the first --warmup seconds (JIT, thread pool and connection pools growing).
var warmup = o.Int("warmup", 3);
var steady = placed.Zip(delaysInOrder(), (x, dly) => (Second: Stopwatch.GetElapsedTime(started, x.Ticks).TotalSeconds, Delay: dly))
    .Where(x => x.Second >= warmup && !double.IsNaN(x.Delay)).Select(x => x.Delay).Order().ToList();
var steadyP99 = steady.Count == 0 ? double.NaN : steady[Math.Min(steady.Count - 1, (int)Math.Ceiling(0.99 * steady.Count) - 1)];
Console.WriteLine($"steady state (after {warmup} s): p50 {(steady.Count == 0 ? double.NaN : steady[steady.Count / 2]):0} ms, p99 {steadyP99:0} ms");
delays.Sort();
double Pct(double q) => delays.Count == 0 ? double.NaN : delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)];
var countersPerSecond = events.Count(e => e.Name == "counters") / Math.Max(1, sendSeconds);

Console.WriteLine();
Console.WriteLine($"orders: {placed.Count} × 201 in {sendSeconds:0.0} s ({placed.Count / sendSeconds:0} /s), refused {string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))}");
Console.WriteLine($"201 → counters: p50 {Pct(0.50):0} ms, p99 {Pct(0.99):0} ms, max {Pct(1):0} ms ({missing} not seen)");
Console.WriteLine($"counters on the observer: {countersPerSecond:0.0} /s");
Console.WriteLine($"database {truth.Orders} orders (expected {expected}); clients not on it after {converged.Elapsed.TotalSeconds:0.0} s: {behind} of {crowd.Count}");
if (cpuBefore is not null && cpuAfter is not null)
{
    var cpu = (cpuAfter.CpuSeconds - cpuBefore.CpuSeconds) / sendSeconds * 100;
    Console.WriteLine($"app process: CPU {cpu:0}% of one core, RSS {cpuAfter.RssMb:0} MB (peak {cpuAfter.PeakRssMb:0} MB); the bench itself: CPU {benchCpu:0}%");
    Console.WriteLine($"| {clients} | {rate} | {placed.Count / sendSeconds:0} | {Pct(0.50):0} | {Pct(0.99):0} | {Pct(1):0} | {steadyP99:0} | {countersPerSecond:0.0} | {cpu:0}% | {cpuAfter.RssMb:0} MB | {(behind == 0 && truth.Orders == expected ? "yes" : "NO")} |");
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
            lock (placed)
            {
                placed.Add((wall, ticks));
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
