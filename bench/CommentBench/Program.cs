// Comment orders benchmark.
//   dotnet run -c Release --project bench/CommentBench -- [--parser-seconds 10] [--rate 500] [--seconds 60] [--parser-only | --ingest-only]
//       [--warmup 5] [--connections 256] [--app-dll <another build's OcopLive.dll, e.g. the commit before a change>]
// (1) the parser: comments per second on one core, over the labelled corpus;
// (2) ingestion: --rate comments/s for --seconds into a Live session, with a desk and an overlay
//     following over SignalR; latency from the POST being sent to the desk receiving the comment.
// (2) needs ConnectionStrings__OcopLive (ops/pg.sh start prints one) and a Release build of src/OcopLive.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using OcopLive.Bench;
using OcopLive.Comments;

var parserSeconds = Int("--parser-seconds", 10);
var rate = Int("--rate", 500);
var seconds = Int("--seconds", 60);
var root = FindRoot();
Console.WriteLine($"OcopLive comment bench · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores");

if (!args.Contains("--ingest-only"))
{
    // (1) Parser, one thread pinned to one core.
    var corpus = File.ReadLines(Path.Combine(root, "tests", "OcopLive.Tests", "Comments", "comment-corpus.txt"))
        .Where(l => l.Length > 0 && l[0] != '#').Select(l => l.Split('|', 5)[4]).ToArray();
    var parser = new CommentParser([new(Guid.NewGuid(), 1, "Cam giòn Thượng Lộc"), new(Guid.NewGuid(), 2, "Nhung hươu Hương Sơn"),
        new(Guid.NewGuid(), 3, "Cu đơ Phong Nga"), new(Guid.NewGuid(), 4, "Nem chua Ý Bình"), new(Guid.NewGuid(), 5, "Mật ong rừng Vũ Quang")]);
    if (OperatingSystem.IsLinux())
    {
        Process.GetCurrentProcess().ProcessorAffinity = 1; // one core for the parser run
    }

    for (var i = 0; i < 20_000; i++)
    {
        parser.Parse(corpus[i % corpus.Length]);
    }

    long parsed = 0;
    var orders = 0;
    var sw = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    while (sw.Elapsed.TotalSeconds < parserSeconds)
    {
        foreach (var text in corpus)
        {
            orders += parser.Parse(text).Kind == CommentKind.Order ? 1 : 0;
        }

        parsed += corpus.Length;
    }

    var elapsed = sw.Elapsed.TotalSeconds;
    var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    Console.WriteLine($"parser: {parsed / elapsed:N0} comments/s on one core ({parsed:N0} comments of the {corpus.Length}-comment corpus in {elapsed:F1} s, CPU {cpuUsed:F1} s, {orders:N0} orders); target ≥ 50,000: {(parsed / elapsed >= 50_000 ? "met" : "NOT met")}");
    if (OperatingSystem.IsLinux())
    {
        Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << Environment.ProcessorCount) - 1);
    }
}

if (args.Contains("--parser-only"))
{
    return;
}

// (2) Ingestion into a running app.
var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
    ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
var pg = new NpgsqlConnectionStringBuilder(server);
const string benchDb = "ocoplive_bench_comments";
await using (var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "postgres" }.ConnectionString))
{
    await conn.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{benchDb}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{benchDb}\"", conn).ExecuteNonQueryAsync();
}

var appConn = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = benchDb }.ConnectionString;
Environment.SetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword", "bench-admin-123"); // inherited by the app process
var appDll = Str("--app-dll");
Console.WriteLine($"app: {appDll ?? "this tree's Release build"} · load average {File.ReadAllText("/proc/loadavg").Trim()}");
var appCpus = Str("--app-cpus"); // e.g. 0: the app and PostgreSQL there, run the bench with `taskset -c 1`
if (appCpus is not null)
{
    Machine.PinPostgres(pg.Port, appCpus);
}

Console.WriteLine($"app+PostgreSQL on CPU {appCpus ?? "any"}, bench on CPU {Machine.Cpus()}");
using var app = AppRunner.Start(root, appConn, appDll, appCpus);
await app.WaitReadyAsync();
var show = await Show.ArrangeAsync(appConn, products: 5, stock: 1_000_000);

// Enough HTTP/1.1 keep-alive connections that the client's pool never holds a comment back:
// an open-loop sender at 500/s needs rate × answer time of them.
var connections = Int("--connections", 256);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{ BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "bench-admin-123" });
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

var sentAt = new ConcurrentDictionary<string, long>();
var latencies = new ConcurrentBag<(long SentAt, double Ms)>();
var answers = new ConcurrentBag<double>();
var deskMessages = 0;
var deskRepeats = 0;
var seen = new ConcurrentDictionary<string, byte>();
void OnDesk(JsonElement c, long now)
{
    var commentId = c.GetProperty("commentId").GetString()!;
    if (!seen.TryAdd(commentId, 0))
    {
        Interlocked.Increment(ref deskRepeats);
    }
    else if (sentAt.TryGetValue(commentId, out var t0))
    {
        latencies.Add((t0, Stopwatch.GetElapsedTime(t0, now).TotalMilliseconds));
    }
}

await using var desk = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/desk"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
desk.On<JsonElement>("comment", c => { Interlocked.Increment(ref deskMessages); OnDesk(c, Stopwatch.GetTimestamp()); });
desk.On<JsonElement>("comments", list =>
{
    var now = Stopwatch.GetTimestamp();
    Interlocked.Increment(ref deskMessages);
    foreach (var c in list.EnumerateArray())
    {
        OnDesk(c, now);
    }
});
await desk.StartAsync();
await desk.InvokeAsync("JoinDesk", show.SessionId.ToString());
var overlayEvents = 0;
await using var overlay = new HubConnectionBuilder().WithUrl(new Uri(app.BaseAddress, "/hubs/live")).Build();
overlay.On<JsonElement>("counters", _ => Interlocked.Increment(ref overlayEvents));
overlay.On<JsonElement>("snapshot", _ => Interlocked.Increment(ref overlayEvents));
await overlay.StartAsync();
await overlay.InvokeAsync("JoinSession", show.SessionId.ToString());

var samples = new[] { "chốt 2 hộp 09{0}", "lấy 3kg nhé", "giá bao nhiêu vậy shop?", "chào shop", "chot 1 hop 0{0}", "x2 sdt 09{0}", "còn không ạ", "ngon quá" };
var accepted = 0;
var failed = 0;
var errorKinds = new ConcurrentDictionary<string, int>();
var pending = new List<Task>();

// Warm-up, not measured: the same rate for --warmup seconds (JIT, connection pools, the first
// batches), as in a show that has been running for a while. Its comments are not counted.
var warmup = Int("--warmup", 5);
if (warmup > 0)
{
    var warm = new List<Task<HttpResponseMessage>>();
    var w0 = Stopwatch.GetTimestamp();
    for (var i = 0; Stopwatch.GetElapsedTime(w0).TotalSeconds < warmup; i++)
    {
        var text = string.Format(CultureInfo.InvariantCulture, samples[i % samples.Length], (10_000_000 + i).ToString(CultureInfo.InvariantCulture));
        warm.Add(http.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments",
            new { platform = "YouTube", commentId = "w" + i.ToString(CultureInfo.InvariantCulture), author = "Khán giả", text, at = DateTimeOffset.UtcNow }));
        var ahead = TimeSpan.FromSeconds((i + 1) / (double)rate) - Stopwatch.GetElapsedTime(w0);
        if (ahead > TimeSpan.FromMilliseconds(10))
        {
            await Task.Delay(ahead);
        }
    }

    var answered = await Task.WhenAll(warm);
    Console.WriteLine($"warm-up: {warm.Count:N0} comments in {warmup} s, {answered.Count(r => (int)r.StatusCode == 202):N0} answered 202 (not measured)");
}

Console.WriteLine($"ingestion: {rate} comments/s for {seconds} s into a Live session, desk and overlay following, {connections} client connections");
var appCpu0 = app.CpuSeconds();
var clientCpu0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
var start = Stopwatch.GetTimestamp();
var n = 0;
var tickMs = 10;
var maxLagMs = 0.0;
while (Stopwatch.GetElapsedTime(start).TotalSeconds < seconds)
{
    // By elapsed time, not per loop: a loop slower than a tick must not lower the rate.
    var due = Stopwatch.GetElapsedTime(start).TotalSeconds * rate - n;
    maxLagMs = Math.Max(maxLagMs, due / rate * 1000);
    while (due >= 1)
    {
        due--;
        var id = "c" + n.ToString(CultureInfo.InvariantCulture);
        var text = string.Format(CultureInfo.InvariantCulture, samples[n % samples.Length], (10_000_000 + n % 89_999_999).ToString(CultureInfo.InvariantCulture));
        n++;
        pending.Add(PostAsync(id, text));
    }

    var next = start + (long)((Stopwatch.GetElapsedTime(start).TotalMilliseconds / tickMs + 1) * tickMs * Stopwatch.Frequency / 1000);
    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
    if (wait > TimeSpan.Zero)
    {
        await Task.Delay(wait);
    }
}

var sendSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
await Task.WhenAll(pending);
var drainStart = Stopwatch.StartNew();
while (latencies.Count < accepted && drainStart.Elapsed < TimeSpan.FromSeconds(10))
{
    await Task.Delay(100);
}

var appCpu = app.CpuSeconds() - appCpu0;
var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientCpu0;
var all = latencies.ToArray();
var sorted = all.Select(l => l.Ms).Order().ToArray();
var answerSorted = answers.Order().ToArray();
static double P(double[] s, double q) => s.Length == 0 ? double.NaN : s[Math.Min(s.Length - 1, (int)(q * s.Length))];
var stored = 0L;
await using (var c = new NpgsqlConnection(appConn))
{
    await c.OpenAsync();
    stored = (long)(await new NpgsqlCommand("SELECT count(*) FROM comments WHERE comment_id LIKE 'c%'", c).ExecuteScalarAsync())!;
}

Console.WriteLine($"sent {n:N0} ({n / sendSeconds:F0}/s, sender at most {maxLagMs:F0} ms behind its schedule) · 202 {accepted:N0} · errors {failed:N0} · stored {stored:N0} · on the desk {sorted.Length:N0} in {deskMessages:N0} messages, {deskRepeats:N0} repeats · overlay events {overlayEvents:N0}");
if (!errorKinds.IsEmpty)
{
    Console.WriteLine($"errors: {string.Join(", ", errorKinds.Select(e => $"{e.Key} × {e.Value:N0}"))}");
}

Console.WriteLine($"POST → 202: p50 {P(answerSorted, 0.5):F0} ms · p99 {P(answerSorted, 0.99):F0} ms · max {(answerSorted.Length == 0 ? double.NaN : answerSorted[^1]):F0} ms");
Console.WriteLine($"arrival → desk: p50 {P(sorted, 0.5):F0} ms · p99 {P(sorted, 0.99):F0} ms · max {(sorted.Length == 0 ? double.NaN : sorted[^1]):F0} ms; target p99 ≤ 1,000 ms: {(P(sorted, 0.99) <= 1000 && sorted.Length == accepted && accepted == n ? "met" : "NOT met")}");
var windows = all.GroupBy(l => (int)(Stopwatch.GetElapsedTime(start, l.SentAt).TotalSeconds / 10)).OrderBy(g => g.Key)
    .Select(g => { var w = g.Select(l => l.Ms).Order().ToArray(); return $"{g.Key * 10}–{g.Key * 10 + 10} s: p99 {P(w, 0.99):F0}"; });
Console.WriteLine($"arrival → desk by time sent: {string.Join(" · ", windows)} ms");
// The intake's own figures, when it has them (the group-commit build): batches and commit time.
var scrape = await http.GetStringAsync("/metrics");
double Metric(string name) => scrape.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
    .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
string Named(string prefix, string suffix) => scrape.Split('\n').Select(l => l.Split('{', ' ')[0])
    .FirstOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal)) ?? prefix + suffix;
if (Metric("ocoplive_comments_batch_size_count") is > 0 and var batches)
{
    Console.WriteLine($"intake: {batches:N0} batches, {Metric("ocoplive_comments_batch_size_sum") / batches:F1} comments per batch on average, "
        + $"{Metric(Named("ocoplive_comments_batch_duration", "_sum")) / Metric(Named("ocoplive_comments_batch_duration", "_count")):F1} ms from batch start to commit on average (warm-up included)");
}

Console.WriteLine($"µs of app CPU per comment: {appCpu * 1_000_000 / Math.Max(1, n):F0} (every comment sent, desk and overlay pushes included)");
Console.WriteLine($"app CPU {appCpu:F1} s ({appCpu / sendSeconds:F2} cores), peak RSS {app.PeakRssMb()} MB · bench client CPU {clientCpu:F1} s ({clientCpu / sendSeconds:F2} cores) · load average {File.ReadAllText("/proc/loadavg").Trim()}");

async Task PostAsync(string id, string text)
{
    await Task.Yield(); // the sender's loop goes on at once
    var t0 = Stopwatch.GetTimestamp();
    sentAt[id] = t0;
    try
    {
        using var r = await http.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments",
            new { platform = "YouTube", commentId = id, author = "Khán giả", text, at = DateTimeOffset.UtcNow });
        answers.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        if ((int)r.StatusCode == 202) { Interlocked.Increment(ref accepted); } else { Interlocked.Increment(ref failed); errorKinds.AddOrUpdate(((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, k) => k + 1); }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        Interlocked.Increment(ref failed);
        errorKinds.AddOrUpdate(ex.GetType().Name, 1, (_, k) => k + 1);
    }
}

string? Str(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Int(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found");
}
