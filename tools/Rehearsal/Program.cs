// Rehearsal traffic: viewers ordering the product on air, through the real HTTP API.
//   dotnet run --project tools/Rehearsal -- --base http://127.0.0.1:5080 --session <id|demo> --rate 5
//       [--duration 600] [--max-quantity 3] [--app-pid <pid>]
// "--session demo" logs in as admin (OcopLive__Bootstrap__AdminPassword, default admin-demo-2026)
// and picks the demo session. The tool waits for the app and for go-live, follows the segment on
// air (GET /api/sessions/{id}/live every second) and stops when the session is Closed, when
// --duration runs out, or when the process --app-pid is gone.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.Rehearsal;

var options = Args.Parse(args);
var baseUrl = new Uri(options.GetValueOrDefault("base", "http://127.0.0.1:5080"));
var rate = double.Parse(options.GetValueOrDefault("rate", "5"), CultureInfo.InvariantCulture);
var duration = options.TryGetValue("duration", out var d) ? TimeSpan.FromSeconds(double.Parse(d, CultureInfo.InvariantCulture)) : Timeout.InfiniteTimeSpan;
var maxQuantity = int.Parse(options.GetValueOrDefault("max-quantity", "3"), CultureInfo.InvariantCulture);
if (rate <= 0 || rate > 5_000)
{
    Console.Error.WriteLine("--rate must be between 0 and 5000 orders a second");
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
if (duration != Timeout.InfiniteTimeSpan)
{
    cts.CancelAfter(duration);
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
await WaitForAppAsync(http, cts.Token);
var sessionId = await ResolveSessionAsync(http, options.GetValueOrDefault("session", "demo"), cts.Token);
Console.WriteLine($"[rehearsal] session {sessionId}, {rate} orders/s through {baseUrl}");

var appPid = options.TryGetValue("app-pid", out var pidText) ? int.Parse(pidText, CultureInfo.InvariantCulture) : (int?)null;
var stats = new Stats();
Guid? onAir = null;
var refresh = Task.Run(async () =>
{
    while (!cts.IsCancellationRequested)
    {
        if (appPid is { } pid && !Directory.Exists($"/proc/{pid}"))
        {
            Console.WriteLine("[rehearsal] the app has stopped: done");
            await cts.CancelAsync();
        }

        try
        {
            var live = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/live", cts.Token);
            var status = live.GetProperty("status").GetString();
            // Viewers stop ordering a sold-out product; they wait for the next segment.
            onAir = live.GetProperty("current") is { ValueKind: JsonValueKind.Object } c && c.GetProperty("stockLeft").GetInt32() > 0
                ? c.GetProperty("productId").GetGuid()
                : null;
            if (status == "Closed")
            {
                Console.WriteLine("[rehearsal] the session is closed: done");
                await cts.CancelAsync();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            // The app restarting: keep the last product and try again.
        }

        await Task.Delay(1000, CancellationToken.None);
    }
});

var started = Stopwatch.GetTimestamp();
var interval = TimeSpan.FromSeconds(1 / rate);
long sent = 0;
var lastReport = Stopwatch.GetTimestamp();
try
{
    while (!cts.IsCancellationRequested)
    {
        var due = started + (long)(sent * interval.TotalSeconds * Stopwatch.Frequency);
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cts.Token);
        }

        sent++;
        if (onAir is { } productId)
        {
            _ = PlaceAsync(productId);
        }
        else
        {
            stats.Waiting();
        }

        if (Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(5))
        {
            lastReport = Stopwatch.GetTimestamp();
            Console.WriteLine("[rehearsal] " + stats);
        }
    }
}
catch (OperationCanceledException)
{
}

Console.WriteLine("[rehearsal] " + stats);
return 0;

async Task PlaceAsync(Guid productId)
{
    var body = ViewerCrowd.Order(productId, Random.Shared.Next(1, maxQuantity + 1));
    var key = Guid.NewGuid().ToString("N");
    var t0 = Stopwatch.GetTimestamp();
    // Like the page: a fresh challenge, solved (here in C#), sent with the order; a retry of the
    // same order (same Idempotency-Key and body) may send the same solution again.
    string? solution = null;
    try
    {
        var challenge = await http.GetFromJsonAsync<OrderChallenge>("/api/orders/challenge", CancellationToken.None);
        solution = ChallengeSolver.Solve(challenge!);
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
    {
        // The app may run with the challenge Off; the order says whether it was needed.
    }

    for (var attempt = 0; attempt < 3; attempt++)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{sessionId}/orders") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            if (solution is not null)
            {
                request.Headers.Add("Ocop-Challenge", solution);
            }
            using var response = await http.SendAsync(request, CancellationToken.None);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 2)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), CancellationToken.None);
                continue;
            }

            var problem = response.IsSuccessStatusCode ? null : await ProblemTypeAsync(response);
            stats.Answer((int)response.StatusCode, problem, Stopwatch.GetElapsedTime(t0));
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            stats.Answer(0, ex.GetType().Name, Stopwatch.GetElapsedTime(t0));
            return;
        }
    }
}

static async Task<string?> ProblemTypeAsync(HttpResponseMessage response)
{
    try
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.TryGetProperty("type", out var type) ? type.GetString()?.Split('/')[^1] : null;
    }
    catch (JsonException)
    {
        return null;
    }
}

static async Task WaitForAppAsync(HttpClient http, CancellationToken ct)
{
    while (true)
    {
        try
        {
            if ((await http.GetAsync("/health/ready", ct)).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(1000, ct);
    }
}

static async Task<Guid> ResolveSessionAsync(HttpClient http, string session, CancellationToken ct)
{
    if (Guid.TryParse(session, out var id))
    {
        return id;
    }

    var password = Environment.GetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword") ?? "admin-demo-2026";
    var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password }, ct);
    login.EnsureSuccessStatusCode();
    var token = (await login.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString();
    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    using var response = await http.SendAsync(request, ct);
    response.EnsureSuccessStatusCode();
    var sessions = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateArray().ToList();
    var demo = sessions.FirstOrDefault(s => s.GetProperty("title").GetString()?.Contains("(demo)", StringComparison.Ordinal) == true);
    if (demo.ValueKind != JsonValueKind.Object)
    {
        throw new InvalidOperationException("No demo session found: pass --session <id>.");
    }

    return demo.GetProperty("id").GetGuid();
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}

internal sealed class Stats
{
    private readonly Dictionary<string, int> _answers = [];
    private readonly List<double> _ms = [];
    private int _waiting;

    public void Waiting() => Interlocked.Increment(ref _waiting);

    public void Answer(int status, string? problem, TimeSpan took)
    {
        lock (_answers)
        {
            var key = problem is null ? status.ToString(CultureInfo.InvariantCulture) : $"{status} {problem}";
            _answers[key] = _answers.GetValueOrDefault(key) + 1;
            _ms.Add(took.TotalMilliseconds);
        }
    }

    public override string ToString()
    {
        lock (_answers)
        {
            var sorted = _ms.Order().ToList();
            var p50 = sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
            var p99 = sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * 0.99))];
            var answers = string.Join(", ", _answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}: {a.Value}"));
            return $"answers {{{answers}}}, not sent (nothing on air or sold out) {_waiting}, latency p50 {p50:0} ms p99 {p99:0} ms";
        }
    }
}
