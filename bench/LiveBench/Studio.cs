using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace OcopLive.LiveBench;

/// <summary>
/// The studio's two latencies (issue 21) while the order crowd runs on the same session:
/// talkback (director's <c>POST /cues</c> → the <c>cue</c> event on a Host's JoinHost connection) and the
/// switcher (<c>POST /next</c> → a fake vMix on loopback receiving the CutDirect of the new segment's scene).
/// </summary>
internal static class Studio
{
    public static async Task<int> RunAsync(Options o, Uri baseUrl, HttpClient http, Staff staff, Show show, string startLoad)
    {
        var rate = o.Int("rate", 1000);
        var duration = TimeSpan.FromSeconds(o.Int("duration", 60));
        var cues = o.Int("cues", 200);
        var cueEvery = TimeSpan.FromMilliseconds(o.Int("cue-every", 100));
        var switchSessions = Math.Max(1, o.Int("switch-sessions", 2));
        var nextEvery = TimeSpan.FromMilliseconds(o.Int("next-every", 500));

        // The host: a Host user through the API, its bearer token on the hub as access_token.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var hostName = "host-bench-" + tag;
        var hostPassword = "Dan-chuong-trinh-" + tag;
        await staff.SendAsync(HttpMethod.Post, "/api/users", new { userName = hostName, password = hostPassword, role = "Host" });
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = hostName, password = hostPassword });
        login.EnsureSuccessStatusCode();
        var hostToken = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        var cueArrivals = new ConcurrentDictionary<string, long>();
        await using var host = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "/hubs/live"), h => h.AccessTokenProvider = () => Task.FromResult<string?>(hostToken))
            .Build();
        host.On<JsonElement>("cue", c => cueArrivals.TryAdd(c.GetProperty("text").GetString()!, Stopwatch.GetTimestamp()));
        await host.StartAsync();
        await host.InvokeAsync<JsonElement>("JoinHost", show.SessionId.ToString());

        // The switcher: a fake vMix web controller on loopback; each switcher session gets its own line-up.
        using var vmix = new FakeVmix();
        var switcherShows = new List<Show>();
        for (var i = 0; i < switchSessions; i++)
        {
            var s = await Arrange.LiveSessionAsync(staff);
            await staff.SendAsync(HttpMethod.Put, $"/api/sessions/{s.SessionId}/switcher", new
            {
                kind = "Vmix",
                address = vmix.Address.ToString(),
                textSource = "Tên sản phẩm",
                textField = "Headline.Text",
                defaultScene = "Bàn chính",
                endScene = "Kết thúc",
                scenes = Enumerable.Range(1, s.Products.Length).ToDictionary(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture), p => $"scene-{i}-{p}"),
            });
            switcherShows.Add(s);
        }

        Console.WriteLine($"session {show.SessionId} ({show.Products.Length} products), orders at {rate}/s for {duration.TotalSeconds} s; " +
            $"{cues} cues every {cueEvery.TotalMilliseconds} ms to a Host on JoinHost; {switchSessions} sessions × {switcherShows[0].Products.Length - 1} `next` " +
            $"every {nextEvery.TotalMilliseconds} ms to a fake vMix at {vmix.Address}");

        using var stop = new CancellationTokenSource();
        var crowd = new Crowd(http, show);
        var crowdTask = crowd.RunAsync(rate, duration, stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(3));

        // 1. Talkback.
        var cueSent = new List<(string Text, long Ticks, int Status)>();
        var cueStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < cues; i++)
        {
            var due = cueStart + (long)(i * cueEvery.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var text = $"Nhắc mã QR #{i} ({tag})";
            var before = Stopwatch.GetTimestamp();
            var status = await staff.TrySendJsonAsync(HttpMethod.Post, $"/api/sessions/{show.SessionId}/cues", new { text });
            cueSent.Add((text, before, status));
        }

        await WaitAsync(() => cueSent.All(c => c.Status != 201 || cueArrivals.ContainsKey(c.Text)), TimeSpan.FromSeconds(5));
        var talkback = cueSent.Where(c => c.Status == 201)
            .Select(c => cueArrivals.TryGetValue(c.Text, out var at) ? Stopwatch.GetElapsedTime(c.Ticks, at).TotalMilliseconds : double.NaN).ToList();
        var cueRefused = cueSent.Count(c => c.Status != 201);

        // 2. The switcher after `next`.
        var nexts = new List<(string Scene, long Ticks, int Status)>();
        for (var i = 0; i < switcherShows.Count; i++)
        {
            var s = switcherShows[i];
            for (var position = 2; position <= s.Products.Length; position++)
            {
                await Task.Delay(nextEvery);
                var before = Stopwatch.GetTimestamp();
                var status = await staff.TrySendJsonAsync(HttpMethod.Post, $"/api/sessions/{s.SessionId}/next", null);
                nexts.Add(($"scene-{i}-{position}", before, status));
            }
        }

        await WaitAsync(() => nexts.All(n => n.Status != 200 || vmix.Cuts.ContainsKey(n.Scene)), TimeSpan.FromSeconds(5));
        var switcher = nexts.Where(n => n.Status == 200)
            .Select(n => vmix.Cuts.TryGetValue(n.Scene, out var at) ? Stopwatch.GetElapsedTime(n.Ticks, at).TotalMilliseconds : double.NaN).ToList();
        var nextRefused = nexts.Count(n => n.Status != 200);

        await stop.CancelAsync();
        var (placed, seconds, refusals) = await crowdTask;

        Console.WriteLine();
        Console.WriteLine($"orders: {placed} × 201 in {seconds:0.0} s ({placed / seconds:0} /s reached, target {rate} /s), refused {string.Join(", ", refusals.Select(r => $"{r.Key}: {r.Value}"))}");
        Console.WriteLine($"talkback, POST /cues → `cue` on the host's JoinHost: {Summary(talkback)} ({cueSent.Count} sent, {cueRefused} refused)");
        Console.WriteLine($"switcher, POST /next → CutDirect at the fake vMix: {Summary(switcher)} ({nexts.Count} sent, {nextRefused} refused; {vmix.Requests} vMix requests in all)");
        Console.WriteLine("talkback, worst per second of the run (ms): " + string.Join(" ", cueSent.Where(c => c.Status == 201)
            .Select(c => (Second: (int)Stopwatch.GetElapsedTime(cueStart, c.Ticks).TotalSeconds, Delay: cueArrivals.TryGetValue(c.Text, out var at) ? Stopwatch.GetElapsedTime(c.Ticks, at).TotalMilliseconds : double.NaN))
            .GroupBy(r => r.Second).Select(g => $"{g.Key}s:{g.Max(r => r.Delay):0}")));
        Console.WriteLine($"load average at the start {startLoad}, at the end {Flood.LoadAverage()}");
        Console.WriteLine("| orders target /s | reached /s | talkback n | p50 | p95 | p99 | max | switcher n | p50 | p95 | p99 | max |");
        Console.WriteLine($"| {rate} | {placed / seconds:0} | {talkback.Count} | {Pct(talkback, 0.5):0} | {Pct(talkback, 0.95):0} | {Pct(talkback, 0.99):0} | {Pct(talkback, 1):0} " +
            $"| {switcher.Count} | {Pct(switcher, 0.5):0} | {Pct(switcher, 0.95):0} | {Pct(switcher, 0.99):0} | {Pct(switcher, 1):0} |");
        var missing = talkback.Count(double.IsNaN) + switcher.Count(double.IsNaN);
        return missing == 0 && cueRefused == 0 && nextRefused == 0 ? 0 : 1;
    }

    private static string Summary(List<double> delays) =>
        $"n {delays.Count}, p50 {Pct(delays, 0.5):0.0} ms, p95 {Pct(delays, 0.95):0.0} ms, p99 {Pct(delays, 0.99):0.0} ms, max {Pct(delays, 1):0.0} ms ({delays.Count(double.IsNaN)} not seen)";

    private static double Pct(List<double> delays, double q)
    {
        var sorted = delays.Where(d => !double.IsNaN(d)).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!done() && watch.Elapsed < limit)
        {
            await Task.Delay(20);
        }
    }

    /// <summary>The order crowd at a steady rate on the session's line-up, until the duration is over or it is stopped.</summary>
    private sealed class Crowd(HttpClient http, Show show)
    {
        private int _placed;
        private readonly Dictionary<int, int> _refusals = [];

        public async Task<(int Placed, double Seconds, Dictionary<int, int> Refusals)> RunAsync(int rate, TimeSpan duration, CancellationToken stop)
        {
            var inFlight = new List<Task>();
            var started = Stopwatch.GetTimestamp();
            var total = (long)(rate * duration.TotalSeconds);
            for (long i = 0; i < total && !stop.IsCancellationRequested; i++)
            {
                var due = started + (long)(i * Stopwatch.Frequency / (double)rate);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait, CancellationToken.None);
                }

                inFlight.Add(PlaceAsync());
            }

            await Task.WhenAll(inFlight);
            return (_placed, Stopwatch.GetElapsedTime(started).TotalSeconds, _refusals);
        }

        private async Task PlaceAsync()
        {
            int status;
            try
            {
                using var response = await http.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", Arrange.Order(show.Products));
                status = (int)response.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }

            if (status == 201)
            {
                Interlocked.Increment(ref _placed);
                return;
            }

            lock (_refusals)
            {
                _refusals[status] = _refusals.GetValueOrDefault(status) + 1;
            }
        }
    }
}

/// <summary>
/// A fake vMix web controller on loopback (real HTTP): answers every <c>/api/?Function=…</c> with 200 and
/// notes when each CutDirect's input arrived.
/// </summary>
internal sealed class FakeVmix : IDisposable
{
    private readonly HttpListener _listener = new();
    private int _requests;

    public FakeVmix()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Address = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public Uri Address { get; }

    public ConcurrentDictionary<string, long> Cuts { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var ticks = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _requests);
            var query = context.Request.QueryString;
            if (query["Function"] == "CutDirect" && query["Input"] is { } input)
            {
                Cuts.TryAdd(input, ticks);
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
