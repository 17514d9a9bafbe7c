// Live figures bench against a RUNNING app, on a line-up of the demo's size (23 products).
// See docs/benchmarks.md ("Live figures").
//
// crowd (default): overlays on JoinSession and viewers' phones on JoinViewer at once, orders at a
// steady rate through the real API; on the overlay observer the delay from each 201 to the first
// `counters` that includes it, on a sample of phones the delay to the first `now` that includes it.
//   dotnet bench/LiveBench/bin/Release/net10.0/LiveBench.dll --base http://127.0.0.1:5080 --pid <app pid>
//       --viewers 10000 --overlays 10 --rate 1000 --duration 30 [--viewer-sample 100]
//       [--hub-base http://node-b]   the crowd on another node than the orders (Redis backplane)
//       [--warmup 3]   seconds left out of the steady-state p99 (the overall figures keep them)
// flood: 1,000 keep-alive clients (wrk) on /live and /now while the director reads the line-up and
// moves to the next segment; staff latency and refusals, PostgreSQL transactions/s, origin requests/s.
//   dotnet bench/LiveBench/bin/Release/net10.0/LiveBench.dll --mode flood --base http://127.0.0.1:5080
//       --pid <app pid> --connections 1000 --duration 30 --pg "host=127.0.0.1 port=55432 dbname=... user=postgres password=..."
//       [--via http://127.0.0.1:8080]   the flood (and the director) through a proxy in front of --base
// studio: talkback (POST /cues → `cue` on a Host's JoinHost) and the switcher (POST /next → CutDirect at a
// fake vMix on loopback) while orders run at a steady rate on the line-up.
//   dotnet bench/LiveBench/bin/Release/net10.0/LiveBench.dll --mode studio --base http://127.0.0.1:5080
//       --rate 1000 --duration 60 [--cues 200 --cue-every 100 --switch-sessions 2 --next-every 500]
// firstload: the viewer page's first and repeat visit in Chromium with the CPU 4× slower and a 3G
// network (DevTools' profile): paint, load, time to a usable order form, bytes on the wire.
//   dotnet bench/LiveBench/bin/Release/net10.0/LiveBench.dll --mode firstload --base http://127.0.0.1:5080
//       [--runs 5 --cpu-throttle 4 --chromium /usr/bin/chromium]
// The app runs with OcopLive__RateLimiting__Enabled=false and OcopLive__Orders__Challenge=Off
// (one client address sends everything, and the bench does not solve challenges).
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OcopLive.LiveBench;

var o = Options.Parse(args);
var startLoad = Flood.LoadAverage();
var baseUrl = new Uri(o.Get("base", "http://127.0.0.1:5080"));
var pid = o.Has("pid") ? o.Int("pid", 0) : (int?)null;
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(30),
};
var staff = await Staff.LoginAsync(http, o.Get("admin-password", Environment.GetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword") ?? "admin-demo-2026"));
var show = await Arrange.LiveSessionAsync(staff);

if (o.Get("mode", "crowd") is "flood" or "page")
{
    return await Flood.RunAsync(o, baseUrl, show, pid, page: o.Get("mode", "crowd") == "page");
}

if (o.Get("mode", "crowd") == "firstload")
{
    return await FirstLoad.RunAsync(o, baseUrl, show, startLoad);
}

if (o.Get("mode", "crowd") == "studio")
{
    return await Studio.RunAsync(o, baseUrl, http, staff, show, startLoad);
}

// Another node for the crowd (scale-out over Redis): orders go to --base, the hubs to --hub-base.
var hubBase = new Uri(o.Get("hub-base", baseUrl.ToString()));
var viewers = o.Int("viewers", 10_000);
var overlays = Math.Max(1, o.Int("overlays", 10));
var sample = Math.Min(viewers, o.Int("viewer-sample", 100));
var rate = o.Int("rate", 1000);
var duration = TimeSpan.FromSeconds(o.Int("duration", 30));
var before = await Truth.OrdersAsync(staff, show);
Console.WriteLine($"session {show.SessionId} ({show.Products.Length} products on the line-up), {before} orders before; " +
    $"{overlays} overlays on JoinSession, {viewers} phones on JoinViewer, {rate} orders/s for {duration.TotalSeconds} s");

// The overlay observer (a full SignalR client) records every event; the other overlays and the
// phones are raw WebSockets keeping their last message (a sample of phones records every `now`).
var observer = await Viewer.JoinAsync(hubBase, show.SessionId, observe: true);
var overlayCrowd = new List<RawViewer>();
var phones = new List<RawViewer>();
var connectWatch = Stopwatch.StartNew();
overlayCrowd.AddRange(await Task.WhenAll(Enumerable.Range(1, overlays - 1).Select(_ => RawViewer.JoinAsync(hubBase, show.SessionId))));
for (var batch = 0; batch < viewers; batch += 200)
{
    var size = Math.Min(200, viewers - batch);
    phones.AddRange(await Task.WhenAll(Enumerable.Range(batch, size)
        .Select(i => RawViewer.JoinAsync(hubBase, show.SessionId, "JoinViewer", record: i < sample))));
}

Console.WriteLine($"{overlays} overlays and {phones.Count} phones joined in {connectWatch.Elapsed.TotalSeconds:0.0} s");
await Task.Delay(1000);

var cpuBefore = pid is { } p0 ? ProcessSample.Read(p0) : null;
var benchCpuBefore = ProcessSample.Read(Environment.ProcessId);
var phoneMessagesBefore = phones.Take(sample).Sum(p => p.Messages);
var pushesBefore = phones.Sum(p => p.Messages) + overlayCrowd.Sum(p => p.Messages);
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
var benchCpu = (ProcessSample.Read(Environment.ProcessId).CpuSeconds - benchCpuBefore.CpuSeconds) / sendSeconds * 100;
var phoneMessages = phones.Take(sample).Sum(p => p.Messages) - phoneMessagesBefore;
var pushes = phones.Sum(p => p.Messages) + overlayCrowd.Sum(p => p.Messages) - pushesBefore;

// Convergence: every overlay and every phone must end on the database's figure.
var truth = await Truth.OrdersAsync(staff, show);
var converged = Stopwatch.StartNew();
int Behind() => (observer.LastOrders != truth ? 1 : 0) + overlayCrowd.Count(v => v.LastOrders != truth) + phones.Count(v => v.LastOrders != truth);
while (Behind() > 0 && converged.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(100);
}

var behind = Behind();
var expected = before + placed.Count;
var warmup = o.Int("warmup", 3);

// Delay of each 201 on a screen: arrival of the first message whose figures were read at or after
// the order's commit (the app's Ocop-Committed-At header, its clock just after COMMIT), minus the
// 201's arrival; below zero (the screen had it before the 201 came back) counts as no delay.
IEnumerable<double> DelaysOn(List<Observed> events, bool afterCommit)
{
    foreach (var (wall, ticks, committed) in placed)
    {
        var hit = FirstAtOrAfter(events, afterCommit ? committed : wall) ?? FirstWithOrders(events, truth);
        yield return hit is null ? double.NaN : Math.Max(0, Stopwatch.GetElapsedTime(ticks, hit.Value.Ticks).TotalMilliseconds);
    }
}

var events = observer.Events;
var overlay = Delays.Of(placed.Select(x => x.Ticks), DelaysOn(events, afterCommit: true), started, warmup);
var overlayUpper = Delays.Of(placed.Select(x => x.Ticks), DelaysOn(events, afterCommit: false), started, warmup);
var sampled = phones.Take(sample).Select(p => p.Recorded()).ToList();
var phone = Delays.Of(sampled.SelectMany(_ => placed.Select(x => x.Ticks)), sampled.SelectMany(e => DelaysOn(e, afterCommit: true)), started, warmup);
var countersPerSecond = events.Count(e => e.Name == "counters") / Math.Max(1, sendSeconds);
var nowPerSecond = phoneMessages / (double)Math.Max(1, sample) / Math.Max(1, sendSeconds);

Console.WriteLine("overlay: worst delay per second (ms): " + overlay.WorstBySecond);
Console.WriteLine();
Console.WriteLine($"orders: {placed.Count} × 201 in {sendSeconds:0.0} s ({placed.Count / sendSeconds:0} /s), refused {string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))}");
Console.WriteLine($"overlay, 201 → first counters read after the commit: {overlay}");
Console.WriteLine($"overlay, 201 → first counters read after the 201 (upper bound): {overlayUpper}");
Console.WriteLine($"phones ({sample} sampled), 201 → first now read after the commit: {phone}");
Console.WriteLine($"counters on the overlay observer: {countersPerSecond:0.0} /s, {overlayCrowd.FirstOrDefault()?.LastBytes ?? 0} bytes each; " +
    $"now on a phone: {nowPerSecond:0.0} /s, {phones.FirstOrDefault()?.LastBytes ?? 0} bytes each");
Console.WriteLine($"database {truth} orders (expected {expected}); screens not on it after {converged.Elapsed.TotalSeconds:0.0} s: {behind} of {1 + overlayCrowd.Count + phones.Count}");
if (cpuBefore is not null && cpuAfter is not null)
{
    var cpu = (cpuAfter.CpuSeconds - cpuBefore.CpuSeconds) / sendSeconds * 100;
    var cpuSeconds = cpuAfter.CpuSeconds - cpuBefore.CpuSeconds;
    Console.WriteLine($"app process: CPU {cpu:0}% of one core, RSS {cpuAfter.RssMb:0} MB (peak {cpuAfter.PeakRssMb:0} MB); the bench itself: CPU {benchCpu:0}% · load average at the start {startLoad} · bench on CPU {Flood.Cpus()}");
    Console.WriteLine($"app CPU {cpuSeconds:0.0} s: {cpuSeconds * 1_000_000 / Math.Max(1, placed.Count):0} µs per order (all the app's CPU over the orders), "
        + $"{pushes:N0} pushes delivered to phones and overlays: {(pushes == 0 ? double.NaN : cpuSeconds * 1_000_000 / pushes):0.0} µs per push (all the app's CPU over the pushes; "
        + "the push's own cost is the difference from a run without phones at the same rate)");
    Console.WriteLine("| overlays | phones | target /s | achieved /s | overlay p50 | overlay p99 | overlay p99 after warm-up | phone p50 | phone p99 | counters/s | now/s | now bytes | app CPU | app RSS | all screens = database |");
    Console.WriteLine($"| {overlays} | {viewers} | {rate} | {placed.Count / sendSeconds:0} | {overlay.P50:0} | {overlay.P99:0} | {overlay.SteadyP99:0} | {phone.P50:0} | {phone.P99:0} | {countersPerSecond:0.0} | {nowPerSecond:0.0} | {phones.FirstOrDefault()?.LastBytes ?? 0} | {cpu:0}% | {cpuAfter.RssMb:0} MB | {(behind == 0 && truth == expected ? "yes" : "NO")} |");
}

await observer.DisposeAsync();
await Task.WhenAll(overlayCrowd.Concat(phones).Select(v => v.DisposeAsync().AsTask()));
return behind == 0 && truth == expected ? 0 : 1;

async Task PlaceAsync()
{
    try
    {
        using var response = await http.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", Arrange.Order(show.Products));
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
