// Live figures bench, on a line-up of the demo's size (23 products). See docs/benchmarks.md
// ("Live figures", "CPU per unit of work").
//
// crowd (default): overlays on JoinSession and viewers' phones on JoinViewer at once, orders at a
// steady rate through the real API; on the overlay observer the delay from each 201 to the first
// `counters` that includes it, on a sample of phones the delay to the first `now` that includes it.
// One command, the bench starting the app itself on its own core (with PostgreSQL) and a database of
// its own (ConnectionStrings__OcopLive names the server; `ops/pg.sh start` prints one):
//   taskset -c 1 dotnet bench/LiveBench/bin/Release/net10.0/LiveBench.dll --app-cpus 0
//       --viewers 10000 --overlays 10 --rate 1000 --duration 30
//       [--app-warmup 120] [--app-warmup-max 240]   orders before anything is measured, at least --app-warmup seconds
//                           and until two 10 s windows agree on the app's CPU per order within 5 % (the JIT's tiers settle)
//       [--baseline 15]     seconds of orders with the overlays only, before the phones join: the
//                           app's CPU without phones, so the push's own cost is the difference
//       [--max-viewers 0]   the app's OcopLive__Live__MaxViewerConnections (0: no budget)
//       [--app-dll <other build>]   e.g. the commit before a change, for a before/after run
// Against a RUNNING app instead (started by hand, rate limits and the challenge off):
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
using OcopLive.Bench;
using OcopLive.LiveBench;

var o = Options.Parse(args);
var startLoad = Flood.LoadAverage();
var adminPassword = o.Get("admin-password", Environment.GetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword") ?? "admin-demo-2026");
using var app = o.Has("app-cpus") ? await StartAppAsync(o, adminPassword) : null;
var baseUrl = app?.BaseAddress ?? new Uri(o.Get("base", "http://127.0.0.1:5080"));
var pid = app?.Pid ?? (o.Has("pid") ? o.Int("pid", 0) : (int?)null);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
{
    BaseAddress = baseUrl,
    Timeout = TimeSpan.FromSeconds(30),
};
var staff = await Staff.LoginAsync(http, adminPassword);
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
var appWarmup = o.Int("app-warmup", app is null ? 0 : 120);
var baselineSeconds = o.Int("baseline", app is null ? 0 : 15);
var warmup = o.Int("warmup", 3);
var before = await Truth.OrdersAsync(staff, show);
Console.WriteLine($"LiveBench crowd · {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC · load average {startLoad} · "
    + $"app {(app is null ? $"at {baseUrl}" : $"on CPU {o.Get("app-cpus", "?")} with PostgreSQL")}, bench on CPU {Flood.Cpus()}");
Console.WriteLine($"session {show.SessionId} ({show.Products.Length} products on the line-up), {before} orders before; " +
    $"{overlays} overlays on JoinSession, {viewers} phones on JoinViewer, {rate} orders/s for {duration.TotalSeconds} s"
    + (baselineSeconds > 0 ? $" (after {baselineSeconds} s with the overlays only)" : ""));

// The overlay observer (a full SignalR client) records every event; the other overlays and the
// phones are raw WebSockets keeping their last message (a sample of phones records every `now`).
var observer = await Viewer.JoinAsync(hubBase, show.SessionId, observe: true);
var overlayCrowd = new List<RawViewer>();
var phones = new List<RawViewer>();
overlayCrowd.AddRange(await Task.WhenAll(Enumerable.Range(1, overlays - 1).Select(_ => RawViewer.JoinAsync(hubBase, show.SessionId))));
var placedAll = new List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)>();
var refusals = new Dictionary<int, int>();

if (appWarmup > 0)
{
    var warmupMax = Math.Max(appWarmup, o.Int("app-warmup-max", 240));
    Console.WriteLine($"app warm-up: orders at {rate}/s until the app's CPU per order settles ({appWarmup}–{warmupMax} s), not measured");
    await AppRunner.WarmUpAsync(appWarmup, warmupMax, async length =>
    {
        var window = await OrdersAsync(length);
        return (window.MicrosPerOrder, $"app CPU {window.CpuPercent:0}% of one core, {window.MicrosPerOrder:0} µs per order");
    });
}

Run? baseline = null;
if (baselineSeconds > 0)
{
    baseline = await OrdersAsync(TimeSpan.FromSeconds(baselineSeconds));
    var overlayBase = OverlayDelays(baseline, observer.Events, afterCommit: true);
    Console.WriteLine($"baseline, overlays only: {baseline.Placed.Count} orders in {baseline.Seconds:0.0} s ({baseline.Placed.Count / baseline.Seconds:0} /s), "
        + $"app CPU {baseline.CpuPercent:0}% of one core, {baseline.MicrosPerOrder:0} µs per order; overlay 201 → counters: {overlayBase}");
}

var connectWatch = Stopwatch.StartNew();
for (var batch = 0; batch < viewers; batch += 200)
{
    var size = Math.Min(200, viewers - batch);
    phones.AddRange(await Task.WhenAll(Enumerable.Range(batch, size)
        .Select(i => RawViewer.JoinAsync(hubBase, show.SessionId, "JoinViewer", record: i < sample))));
}

Console.WriteLine($"{overlays} overlays and {phones.Count} phones joined in {connectWatch.Elapsed.TotalSeconds:0.0} s");
await Task.Delay(1000);

var phoneMessagesBefore = phones.Take(sample).Sum(p => p.Messages);
var run = await OrdersAsync(duration);
var sendSeconds = run.Seconds;
var placed = run.Placed;
var phoneMessages = phones.Take(sample).Sum(p => p.Messages) - phoneMessagesBefore;

// Convergence: every overlay and every phone must end on the database's figure.
var truth = await Truth.OrdersAsync(staff, show);
var converged = Stopwatch.StartNew();
int Behind() => (observer.LastOrders != truth ? 1 : 0) + overlayCrowd.Count(v => v.LastOrders != truth) + phones.Count(v => v.LastOrders != truth);
while (Behind() > 0 && converged.Elapsed < TimeSpan.FromSeconds(15))
{
    await Task.Delay(100);
}

var behind = Behind();
var expected = before + placedAll.Count;

var events = observer.Events;
var overlay = OverlayDelays(run, events, afterCommit: true);
var overlayUpper = OverlayDelays(run, events, afterCommit: false);
var sampled = phones.Take(sample).Select(p => p.Recorded()).ToList();
var phone = Delays.Of(sampled.SelectMany(_ => placed.Select(x => x.Ticks)), sampled.SelectMany(e => DelaysOn(placed, e, afterCommit: true)), run.Started, warmup);
var countersPerSecond = events.Count(e => e.Name == "counters" && e.Ticks >= run.Started) / Math.Max(1, sendSeconds);
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
if (run.Cpu is { } cpuSeconds && pid is { } appPid)
{
    var rss = ProcessSample.Read(appPid);
    var pushes = run.PhonePushes + run.OverlayPushes;
    Console.WriteLine($"app process: CPU {run.CpuPercent:0}% of one core, RSS {rss.RssMb:0} MB (peak {rss.PeakRssMb:0} MB); the bench itself: CPU {run.BenchCpuPercent:0}% · load average at the start {startLoad} · bench on CPU {Flood.Cpus()}");
    Console.WriteLine($"app CPU {cpuSeconds:0.0} s: {run.MicrosPerOrder:0} µs per order (all the app's CPU over the orders), "
        + $"{pushes:N0} pushes delivered to phones and overlays: {(pushes == 0 ? double.NaN : cpuSeconds * 1_000_000 / pushes):0.0} µs per push (all the app's CPU over the pushes)");
    var marginal = double.NaN;
    if (baseline?.Cpu is { } baseCpu && run.PhonePushes > 0)
    {
        // The phones' own cost: the app's CPU per second above the baseline's, over the pushes to phones per second.
        marginal = (cpuSeconds / run.Seconds - baseCpu / baseline.Seconds) * 1_000_000 / (run.PhonePushes / run.Seconds);
        var idleShare = 100 - run.CpuPercent;
        Console.WriteLine($"push to a phone, its own cost: {marginal:0.0} µs of app CPU ({run.CpuPercent:0}% with {phones.Count} phones − {baseline.CpuPercent:0}% without, "
            + $"over {run.PhonePushes / run.Seconds:N0} pushes/s to phones); the app's core was {idleShare:0}% idle: "
            + $"at this rate it holds ~{(double.IsNaN(marginal) || marginal <= 0 ? double.NaN : phones.Count + idleShare / 100 * 1_000_000 / marginal / Math.Max(0.1, nowPerSecond)):N0} phones at {nowPerSecond:0.0} now/s");
    }

    Console.WriteLine("| overlays | phones | target /s | achieved /s | overlay p50 | overlay p99 | overlay p99 after warm-up | phone p50 | phone p99 | counters/s | now/s | now bytes | app CPU | µs/order | µs/push (all) | µs/push to a phone (own) | app RSS | all screens = database |");
    Console.WriteLine($"| {overlays} | {viewers} | {rate} | {placed.Count / sendSeconds:0} | {overlay.P50:0} | {overlay.P99:0} | {overlay.SteadyP99:0} | {phone.P50:0} | {phone.P99:0} | {countersPerSecond:0.0} | {nowPerSecond:0.0} | {phones.FirstOrDefault()?.LastBytes ?? 0} | {run.CpuPercent:0}% | {run.MicrosPerOrder:0} | {(pushes == 0 ? double.NaN : cpuSeconds * 1_000_000 / pushes):0.0} | {marginal:0.0} | {rss.RssMb:0} MB | {(behind == 0 && truth == expected ? "yes" : "NO")} |");
}

await observer.DisposeAsync();
await Task.WhenAll(overlayCrowd.Concat(phones).Select(v => v.DisposeAsync().AsTask()));
return behind == 0 && truth == expected ? 0 : 1;

// Orders at the steady rate for a while, with the app's and the bench's CPU over that window.
async Task<Run> OrdersAsync(TimeSpan length)
{
    var cpuBefore = pid is { } p0 ? ProcessSample.Read(p0) : null;
    var benchCpuBefore = ProcessSample.Read(Environment.ProcessId);
    var phonesBefore = phones.Sum(p => p.Messages);
    var overlaysBefore = overlayCrowd.Sum(p => p.Messages);
    var placedHere = new List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)>(rate * (int)length.TotalSeconds);
    var inFlight = new List<Task>();
    var started = Stopwatch.GetTimestamp();
    var total = (long)(rate * length.TotalSeconds);
    for (long i = 0; i < total; i++)
    {
        var due = started + (long)(i * Stopwatch.Frequency / (double)rate);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        inFlight.Add(PlaceAsync(placedHere));
    }

    await Task.WhenAll(inFlight);
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var cpuAfter = pid is { } p1 ? ProcessSample.Read(p1) : null;
    var benchCpu = (ProcessSample.Read(Environment.ProcessId).CpuSeconds - benchCpuBefore.CpuSeconds) / seconds * 100;
    lock (placedAll)
    {
        placedAll.AddRange(placedHere);
    }

    return new Run(placedHere, started, seconds, cpuAfter is null ? null : cpuAfter.CpuSeconds - cpuBefore!.CpuSeconds, benchCpu,
        phones.Sum(p => p.Messages) - phonesBefore, overlayCrowd.Sum(p => p.Messages) - overlaysBefore);
}

Delays OverlayDelays(Run r, List<Observed> seen, bool afterCommit) =>
    Delays.Of(r.Placed.Select(x => x.Ticks), DelaysOn(r.Placed, seen, afterCommit), r.Started, warmup);

// Delay of each 201 on a screen: arrival of the first message whose figures were read at or after
// the order's commit (the app's Ocop-Committed-At header, its clock just after COMMIT), minus the
// 201's arrival; below zero (the screen had it before the 201 came back) counts as no delay. A
// message never seen falls back to the first one with the final total.
IEnumerable<double> DelaysOn(List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)> orders, List<Observed> seen, bool afterCommit)
{
    var last = seen.Count == 0 ? -1 : seen[^1].Orders;
    foreach (var (wall, ticks, committed) in orders)
    {
        var hit = FirstAtOrAfter(seen, afterCommit ? committed : wall) ?? FirstWithOrders(seen, last);
        yield return hit is null ? double.NaN : Math.Max(0, Stopwatch.GetElapsedTime(ticks, hit.Value.Ticks).TotalMilliseconds);
    }
}

async Task PlaceAsync(List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)> into)
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
            lock (into)
            {
                into.Add((wall, ticks, committed));
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

// The app on --app-cpus with PostgreSQL (its postmaster and backends pinned there too), on a database of its own.
static async Task<AppRunner> StartAppAsync(Options o, string adminPassword)
{
    var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
        ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
    var cpus = o.Get("app-cpus", "0");
    var database = "ocoplive_bench_live";
    var connection = System.Text.RegularExpressions.Regex.Replace(server, @"(?i)Database=[^;]*", "Database=" + database);
    var port = int.Parse(System.Text.RegularExpressions.Regex.Match(server, @"(?i)Port=(\d+)") is { Success: true } m ? m.Groups[1].Value : "5432",
        CultureInfo.InvariantCulture);
    Psql(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    Psql(server, $"CREATE DATABASE \"{database}\"");
    Machine.PinPostgres(port, cpus);
    var app = AppRunner.Start(Paths(), connection, o.Has("app-dll") ? o.Get("app-dll", "") : null, cpus, new Dictionary<string, string>
    {
        ["OcopLive__Bootstrap__AdminPassword"] = adminPassword,
        ["OcopLive__Live__MaxViewerConnections"] = o.Get("max-viewers", "0"),
    });
    await app.WaitReadyAsync();
    Console.WriteLine($"app pid {app.Pid} at {app.BaseAddress} on CPU {cpus}, database {database}");
    return app;

    static string Paths()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found");
    }
}

// One statement on the server's `postgres` database through psql (the bench carries no driver).
static void Psql(string connectionString, string sql)
{
    var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
        .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
    var info = new ProcessStartInfo("psql", ["-w", "-v", "ON_ERROR_STOP=1", "-q",
        "-h", parts.GetValueOrDefault("host", "127.0.0.1"), "-p", parts.GetValueOrDefault("port", "5432"),
        "-U", parts.GetValueOrDefault("username", "postgres"), "-d", "postgres", "-c", sql])
    {
        RedirectStandardError = true,
    };
    info.Environment["PGPASSWORD"] = parts.GetValueOrDefault("password", "");
    using var psql = Process.Start(info)!;
    var errors = psql.StandardError.ReadToEnd();
    psql.WaitForExit();
    if (psql.ExitCode != 0)
    {
        throw new InvalidOperationException($"psql: {sql}: {errors}");
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

/// <summary>One window of orders at the steady rate: what was placed, and the app's CPU over it.</summary>
internal sealed record Run(List<(DateTimeOffset Wall, long Ticks, DateTimeOffset Committed)> Placed, long Started, double Seconds,
    double? Cpu, double BenchCpuPercent, long PhonePushes, long OverlayPushes)
{
    public double CpuPercent => Cpu is { } c ? c / Seconds * 100 : double.NaN;

    public double MicrosPerOrder => Cpu is { } c && Placed.Count > 0 ? c * 1_000_000 / Placed.Count : double.NaN;
}
