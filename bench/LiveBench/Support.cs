using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace OcopLive.LiveBench;

internal sealed record Observed(string Name, long Ticks, DateTimeOffset ReadAt, long Orders);

/// <summary>One viewer's SignalR connection to /hubs/live.</summary>
internal sealed class Viewer : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly List<Observed>? _events;
    private long _lastOrders = -1;

    private Viewer(HubConnection connection, bool observe)
    {
        _connection = connection;
        _events = observe ? [] : null;
        foreach (var name in new[] { "snapshot", "counters", "segmentChanged" })
        {
            if (observe)
            {
                _connection.On<JsonElement>(name, s => Record(name, s));
            }
            else
            {
                // The crowd only needs the total: a small type keeps the bench's own CPU for the app.
                _connection.On<TotalsOnly>(name, s => Interlocked.Exchange(ref _lastOrders, s.Totals.Orders));
            }
        }
    }

    private sealed record TotalsOnly(TotalsOnly.Counts Totals)
    {
        public sealed record Counts(long Orders);
    }

    public long LastOrders => Interlocked.Read(ref _lastOrders);

    /// <summary>The observer's events in arrival order (reads of one session are serialised, so read times rise too).</summary>
    public List<Observed> Events
    {
        get
        {
            lock (_events!)
            {
                return [.. _events.Where(e => e.Name != "snapshot")];
            }
        }
    }

    public static async Task<Viewer> JoinAsync(Uri baseUrl, Guid sessionId, bool observe)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(baseUrl, "/hubs/live")).Build();
        var viewer = new Viewer(connection, observe);
        await connection.StartAsync();
        await connection.InvokeAsync("JoinSession", sessionId.ToString());
        return viewer;
    }

    private void Record(string name, JsonElement snapshot)
    {
        var ticks = Stopwatch.GetTimestamp();
        var orders = snapshot.GetProperty("totals").GetProperty("orders").GetInt64();
        Interlocked.Exchange(ref _lastOrders, orders);
        if (_events is not null)
        {
            var readAt = snapshot.GetProperty("updatedAt").GetDateTimeOffset();
            lock (_events)
            {
                _events.Add(new Observed(name, ticks, readAt, orders));
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

internal static class Truth
{
    public static async Task<(long Orders, long Units)> ReadAsync(HttpClient http, Guid sessionId)
    {
        var live = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/live");
        var totals = live.GetProperty("totals");
        return (totals.GetProperty("orders").GetInt64(), totals.GetProperty("units").GetInt64());
    }
}

/// <summary>Arranges a live session through the contract's API: producer, product, entry, line-up, go-live.</summary>
internal static class Arrange
{
    public static async Task<(Guid Session, Guid Product)> LiveSessionAsync(HttpClient http, string adminPassword)
    {
        var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = adminPassword });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        async Task<JsonElement> Send(HttpMethod method, string path, object? body)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
            }

            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        var tag = Guid.NewGuid().ToString("N")[..8];
        var producer = await Send(HttpMethod.Post, "/api/producers", new
        {
            name = $"HTX Bench {tag}",
            kind = "Cooperative",
            province = "Hà Tĩnh",
            commune = "Xã Can Lộc",
            phone = "0912345678",
        });
        var product = await Send(HttpMethod.Post, "/api/products", new
        {
            producerId = producer.GetProperty("id").GetString(),
            name = $"Cam giòn Thượng Lộc (bench {tag})",
            category = "Food",
            ocopStars = 4,
            unit = "kg",
            priceVnd = 60_000,
            stock = 10_000_000,
            maxPerOrder = 10,
        });
        var productId = product.GetProperty("id").GetGuid();
        var session = await Send(HttpMethod.Post, "/api/sessions", new
        {
            title = $"Phiên chợ OCOP bench {tag}",
            startsAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            durationMinutes = 60,
        });
        var sessionId = session.GetProperty("id").GetGuid();
        await Send(HttpMethod.Post, $"/api/sessions/{sessionId}/entries", new { productId, minutes = 10, dealPriceVnd = 49_000 });
        await Send(HttpMethod.Put, $"/api/sessions/{sessionId}/lineup", new { segments = new[] { new { productId, minutes = 10 } } });
        await Send(HttpMethod.Post, $"/api/sessions/{sessionId}/go-live", null);
        return (sessionId, productId);
    }

    private static readonly string[] Names = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Minh Tuấn", "Hoàng Thị Lan", "Võ Đức Long"];

    public static object Order(Guid productId) => new
    {
        productId,
        quantity = 1 + Random.Shared.Next(2),
        customer = new
        {
            name = Names[Random.Shared.Next(Names.Length)],
            phone = "09" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture),
        },
        address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "12 Trần Phú" },
        channel = "Web",
    };
}

/// <summary>CPU time and memory of the app process, from /proc.</summary>
internal sealed record ProcessSample(double CpuSeconds, double RssMb, double PeakRssMb)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "(comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
        var cpu = (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        double Kb(string key) => double.Parse(status.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcessSample(cpu, Kb("VmRSS") / 1024, Kb("VmHWM") / 1024);
    }
}

internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(values);
    }

    public bool Has(string key) => values.ContainsKey(key);

    public string Get(string key, string fallback) => values.GetValueOrDefault(key, fallback);

    public int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Percentiles of the 201 → counters delays, over the whole run and after the warm-up.</summary>
internal sealed record Delays(double P50, double P99, double Max, double SteadyP50, double SteadyP99, int Missing, int Warmup, string WorstBySecond)
{
    public static Delays Of(IEnumerable<long> placedTicks, IEnumerable<double> delays, long started, int warmup)
    {
        var rows = placedTicks.Zip(delays, (ticks, delay) => (Second: Stopwatch.GetElapsedTime(started, ticks).TotalSeconds, Delay: delay)).ToList();
        var seen = rows.Where(r => !double.IsNaN(r.Delay)).ToList();
        var all = seen.Select(r => r.Delay).Order().ToList();
        var steady = seen.Where(r => r.Second >= warmup).Select(r => r.Delay).Order().ToList();
        var worst = string.Join(" ", seen.GroupBy(r => (int)r.Second).OrderBy(g => g.Key).Select(g => $"{g.Key}s:{g.Max(r => r.Delay):0}"));
        return new Delays(Pct(all, 0.50), Pct(all, 0.99), Pct(all, 1), Pct(steady, 0.50), Pct(steady, 0.99), rows.Count - seen.Count, warmup, worst);
    }

    private static double Pct(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public override string ToString() =>
        $"p50 {P50:0} ms, p99 {P99:0} ms, max {Max:0} ms ({Missing} not seen); after the first {Warmup} s: p50 {SteadyP50:0} ms, p99 {SteadyP99:0} ms";
}
