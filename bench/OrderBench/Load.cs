using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace OcopLive.Bench;

internal sealed record LoadResult(int Created, int Errors, Dictionary<int, int> ByStatus, double Seconds, double P50, double P99, double Max)
{
    public double PerSecond => Created / Seconds;

    public string Row(string label, double baseline) =>
        $"| {label} | {PerSecond:F0} | {P50:F1} | {P99:F1} | {Max:F1} | {Created} | {Errors} ({string.Join(", ", ByStatus.Where(kv => kv.Key != 201).Select(kv => $"{kv.Key}×{kv.Value}"))}) | {PerSecond / baseline:F2} |";
}

/// <summary>N keep-alive HTTP clients ordering as fast as they get answers, for a fixed time.</summary>
internal static class Load
{
    public static async Task<LoadResult> RunAsync(Uri baseAddress, Show show, int clients, int seconds, bool hotProduct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var url = $"/api/sessions/{show.SessionId}/orders";

        // Warm-up: JIT, connection pool, prepared plans.
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => http.PostAsJsonAsync(url, Body(show.ProductIds[i % show.ProductIds.Length], i))));

        var latencies = new List<double>[clients];
        var statuses = new Dictionary<int, int>[clients];
        var stopwatch = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(50_000);
            var counts = statuses[c] = [];
            var random = new Random(c);
            var n = 0;
            while (stopwatch.Elapsed < end)
            {
                var product = hotProduct ? show.ProductIds[0] : show.ProductIds[random.Next(show.ProductIds.Length)];
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await http.PostAsJsonAsync(url, Body(product, (c * 1_000_000) + n++));
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var byStatus = statuses.SelectMany(s => s).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var created = byStatus.GetValueOrDefault((int)HttpStatusCode.Created);
        var result = new LoadResult(created, all.Length - created, byStatus, elapsed,
            Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1]);
        Console.WriteLine($"app {(hotProduct ? "(b) hot product" : "(a) 50 products")}: {result.PerSecond:F0} orders/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms, statuses {string.Join(", ", byStatus.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        return result;
    }

    private static object Body(Guid productId, int buyer) => new
    {
        productId,
        quantity = 1,
        customer = new { name = "Nguyễn Thị Hoa", phone = "09" + (10_000_000 + (buyer % 89_999_999)).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "12 Trần Phú" },
        channel = "Web",
    };

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
