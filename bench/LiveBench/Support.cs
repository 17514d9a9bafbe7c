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

/// <summary>A session arranged for the bench: its line-up's products and their producers.</summary>
internal sealed record Show(Guid SessionId, Guid[] Products, string[] Producers);

internal static class Truth
{
    /// <summary>
    /// The session's committed orders as the database has them: the sum of every producer's sales
    /// (a staff route that reads PostgreSQL), not the live snapshot, which is served from memory.
    /// </summary>
    public static async Task<long> OrdersAsync(Staff staff, Show show)
    {
        long orders = 0;
        foreach (var producer in show.Producers)
        {
            var sales = await staff.SendAsync(HttpMethod.Get, $"/api/producers/{producer}/sales?sessionId={show.SessionId}", null);
            orders += sales.GetProperty("products").EnumerateArray().Sum(p => p.GetProperty("orders").GetInt64());
        }

        return orders;
    }
}

/// <summary>
/// Arranges a live session through the contract's API with a line-up of the demo's size: the Hà Tĩnh
/// demo catalogue's 23 products (Vietnamese names, 12 producers), ample stock, go-live. A
/// one-product session hides the cost of a real snapshot (23 products' figures in every push).
/// </summary>
internal static class Arrange
{
    public static async Task<Show> LiveSessionAsync(Staff staff)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var producerIds = new Dictionary<string, string>();
        foreach (var (name, kind, commune) in Producers)
        {
            var producer = await staff.SendAsync(HttpMethod.Post, "/api/producers", new
            {
                name = $"{name} ({tag})",
                kind,
                province = "Hà Tĩnh",
                commune,
                phone = "0912345678",
            });
            producerIds[name] = producer.GetProperty("id").GetString()!;
        }

        var productIds = new List<Guid>();
        foreach (var (producer, name, category, stars, unit, price) in Products)
        {
            var product = await staff.SendAsync(HttpMethod.Post, "/api/products", new
            {
                producerId = producerIds[producer],
                name,
                category,
                ocopStars = stars,
                unit,
                priceVnd = price,
                stock = 10_000_000,
                maxPerOrder = 10,
            });
            productIds.Add(product.GetProperty("id").GetGuid());
        }

        var session = await staff.SendAsync(HttpMethod.Post, "/api/sessions", new
        {
            title = $"Phiên chợ OCOP Hà Tĩnh (bench {tag})",
            startsAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            durationMinutes = 180,
        });
        var sessionId = session.GetProperty("id").GetGuid();
        foreach (var productId in productIds)
        {
            await staff.SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/entries", new { productId, minutes = 6 });
        }

        await staff.SendAsync(HttpMethod.Put, $"/api/sessions/{sessionId}/lineup",
            new { segments = productIds.Select(productId => new { productId, minutes = 6 }).ToArray() });
        await staff.SendAsync(HttpMethod.Post, $"/api/sessions/{sessionId}/go-live", null);
        return new Show(sessionId, [.. productIds], [.. producerIds.Values]);
    }

    private static readonly (string Name, string Kind, string Commune)[] Producers =
    [
        ("HTX Cam Thượng Lộc", "Cooperative", "Xã Can Lộc"),
        ("HTX Hươu sao Hương Sơn", "Cooperative", "Xã Hương Sơn"),
        ("Cơ sở Cu đơ Phong Nga", "Household", "Phường Thành Sen"),
        ("Cơ sở Nem chua Ý Bình", "Household", "Phường Trần Phú"),
        ("HTX Bưởi Phúc Trạch", "Cooperative", "Xã Phúc Trạch"),
        ("HTX Mật ong Vũ Quang", "Cooperative", "Xã Vũ Quang"),
        ("Công ty TNHH Thủy sản Thạch Kim", "Enterprise", "Xã Lộc Hà"),
        ("HTX Dược liệu Cẩm Xuyên", "Cooperative", "Xã Cẩm Xuyên"),
        ("HTX Mộc mỹ nghệ Thái Yên", "Cooperative", "Xã Đức Thọ"),
        ("Công ty CP Du lịch Hương Khê", "Enterprise", "Xã Hương Khê"),
        ("HTX Rượu Nghèn", "Cooperative", "Xã Can Lộc"),
        ("Hộ kinh doanh Gốm Trung Lương", "Household", "Phường Bắc Hồng Lĩnh"),
    ];

    private static readonly (string Producer, string Name, string Category, int Stars, string Unit, long Price)[] Products =
    [
        ("HTX Cam Thượng Lộc", "Cam giòn Thượng Lộc", "Food", 4, "kg", 60_000),
        ("HTX Hươu sao Hương Sơn", "Nhung hươu Hương Sơn", "Herbal", 4, "hộp 100 g", 2_500_000),
        ("Cơ sở Cu đơ Phong Nga", "Kẹo cu đơ Phong Nga", "Food", 3, "hộp 500 g", 65_000),
        ("Cơ sở Nem chua Ý Bình", "Nem chua Ý Bình", "Food", 3, "chục (10 chiếc)", 40_000),
        ("HTX Cam Thượng Lộc", "Nước cam ép Thượng Lộc", "Beverage", 3, "chai 330 ml", 35_000),
        ("HTX Hươu sao Hương Sơn", "Rượu nhung hươu Hương Sơn", "Beverage", 3, "chai 500 ml", 450_000),
        ("HTX Hươu sao Hương Sơn", "Cao ban long Hương Sơn", "Herbal", 3, "hộp 100 g", 1_200_000),
        ("Cơ sở Cu đơ Phong Nga", "Bánh đa vừng Phong Nga", "Food", 3, "túi 10 cái", 30_000),
        ("Cơ sở Nem chua Ý Bình", "Giò bê Ý Bình", "Food", 3, "kg", 320_000),
        ("HTX Bưởi Phúc Trạch", "Bưởi Phúc Trạch", "Food", 4, "quả (1,2–1,5 kg)", 70_000),
        ("HTX Bưởi Phúc Trạch", "Tinh dầu vỏ bưởi Phúc Trạch", "Herbal", 3, "lọ 50 ml", 95_000),
        ("HTX Mật ong Vũ Quang", "Mật ong rừng Vũ Quang", "Food", 4, "chai 500 ml", 250_000),
        ("HTX Mật ong Vũ Quang", "Phấn hoa Vũ Quang", "Food", 3, "hộp 200 g", 180_000),
        ("Công ty TNHH Thủy sản Thạch Kim", "Mực khô Thạch Kim", "Food", 4, "gói 500 g", 650_000),
        ("Công ty TNHH Thủy sản Thạch Kim", "Nước mắm cá cơm Thạch Kim", "Food", 3, "chai 500 ml", 85_000),
        ("Công ty TNHH Thủy sản Thạch Kim", "Ruốc tôm Lộc Hà", "Food", 3, "hộp 300 g", 120_000),
        ("HTX Dược liệu Cẩm Xuyên", "Tinh dầu tràm Cẩm Xuyên", "Herbal", 3, "lọ 50 ml", 90_000),
        ("HTX Dược liệu Cẩm Xuyên", "Trà lá vằng Cẩm Xuyên", "Beverage", 3, "hộp 20 túi lọc", 60_000),
        ("HTX Dược liệu Cẩm Xuyên", "Cao lá vằng Cẩm Xuyên", "Herbal", 4, "hộp 250 g", 220_000),
        ("HTX Mộc mỹ nghệ Thái Yên", "Bộ bàn trà gỗ mít Thái Yên", "Handicraft", 4, "bộ", 6_500_000),
        ("Hộ kinh doanh Gốm Trung Lương", "Lan hồ điệp chậu gốm Trung Lương", "Ornamental", 3, "chậu 3 cành", 850_000),
        ("Công ty CP Du lịch Hương Khê", "Homestay làng cổ Trường Lưu", "Tourism", 4, "đêm (2 người)", 900_000),
        ("HTX Rượu Nghèn", "Kẹo lạc Can Lộc", "Food", 5, "hộp 400 g", 75_000),
    ];

    private static readonly string[] Names = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Mai", "Phạm Minh Tuấn", "Hoàng Thị Lan", "Võ Đức Long"];

    /// <summary>Most orders are for the product on air (the first segment), the rest for any product of the line-up.</summary>
    public static object Order(Guid[] products) => new
    {
        productId = Random.Shared.Next(10) < 7 ? products[0] : products[Random.Shared.Next(products.Length)],
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

/// <summary>A logged-in staff member calling the API with a bearer token.</summary>
internal sealed class Staff(HttpClient http, string token)
{
    public static async Task<Staff> LoginAsync(HttpClient http, string password, string userName = "admin")
    {
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return new Staff(http, token);
    }

    /// <summary>Sends a request and returns its status without throwing (the flood counts refusals).</summary>
    public async Task<int> TrySendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    /// <summary>Sends a JSON body (or none) and returns its status without throwing (the studio bench counts refusals).</summary>
    public async Task<int> TrySendJsonAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return (int)response.StatusCode;
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
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
