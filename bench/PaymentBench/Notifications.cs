using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OcopLive.Payments;

namespace OcopLive.Bench;

/// <summary>An order a transfer can name: its number, total and the account it was placed against.</summary>
internal sealed record Payable(long Number, long TotalVnd, string Account);

internal sealed record NotifyResult(int Sent, int Ok, Dictionary<string, int> ByStatus, double Seconds, double P50, double P99, double Max)
{
    public double PerSecond => Ok / Seconds;

    public string Row(string label) =>
        $"| {label} | {PerSecond:F0} | {P50:F1} | {P99:F1} | {Max:F1} | {Ok} | {string.Join(", ", ByStatus.Select(kv => $"{kv.Key}×{kv.Value}"))} |";
}

/// <summary>
/// The bank's notification service, played by N keep-alive clients posting signed notifications to
/// the real route as fast as they are answered. Contents are written the way banks write them
/// (prefixes, the note in upper or lower case, glued to other text).
/// </summary>
internal static class Notifications
{
    private static readonly string[] Formats =
    [
        "{0}",
        "CT DEN:{2} {0} chuyen tien mua hang",
        "MBVCB.{2}.{0}.CT tu 0011001932418 NGUYEN THI HOA toi {1}",
        "IBFT {3} thanh toan don hang",
    ];

    /// <summary>
    /// Sends notifications for <paramref name="seconds"/>, or until <paramref name="pick"/> has no
    /// more orders; <paramref name="pick"/> (thread-safe) chooses the order and amount of each.
    /// </summary>
    public static async Task<NotifyResult> RunAsync(Uri baseAddress, string secret, int clients, double seconds,
        Func<int, (Payable Order, long AmountVnd)?> pick, string label)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var latencies = new List<double>[clients];
        var statuses = new Dictionary<string, int>[clients];
        var stopwatch = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        var runId = Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            var counts = statuses[c] = [];
            var n = 0;
            while (stopwatch.Elapsed < end && pick(c) is { } next)
            {
                var (order, amount) = next;
                var note = TransferNote.For(order.Number);
                var content = string.Format(CultureInfo.InvariantCulture, Formats[n % Formats.Length], n % 2 == 0 ? note : note.ToLowerInvariant(),
                    order.Account, 100_000 + n, note.Replace(" ", "", StringComparison.Ordinal));
                var body = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    id = $"FT{runId}{c:D3}{n++:D7}",
                    accountNumber = order.Account,
                    amount,
                    content,
                    transactionDate = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                });
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/notifications")
                {
                    Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
                };
                request.Headers.Add(ReceiveBankNotification.SignatureHeader, ReceiveBankNotification.Sign(secret, body));
                var started = Stopwatch.GetTimestamp();
                string status;
                try
                {
                    using var response = await http.SendAsync(request);
                    status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    if (response.IsSuccessStatusCode)
                    {
                        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
                        status = answer.RootElement.GetProperty("outcome").GetString() ?? "?";
                    }
                }
                catch (HttpRequestException)
                {
                    status = "error";
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var byStatus = statuses.SelectMany(s => s).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var ok = byStatus.Where(kv => !int.TryParse(kv.Key, out _) && kv.Key != "error").Sum(kv => kv.Value);
        var result = new NotifyResult(all.Length, ok, byStatus, elapsed, Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1]);
        Console.WriteLine($"{label}: {result.PerSecond:F0} notifications/s, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, max {result.Max:F1} ms, "
            + $"{result.Ok} matched in {elapsed:F1} s; {string.Join(", ", byStatus.Select(kv => $"{kv.Key}×{kv.Value}"))}");
        return result;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
