using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OcopLive.LiveBench;

/// <summary>
/// The anonymous flood: wrk keeps N keep-alive connections busy on <c>/live</c> and <c>/now</c>
/// while the director reads the line-up (5 a second) and moves to the next segment (every 2 s).
/// Prints the flood's answers per second by status, the staff requests' latency and refusals,
/// PostgreSQL transactions per second during the flood, and how many flood requests reached the app.
/// </summary>
internal static partial class Flood
{
    private const string Script = """
        local threads = {}
        local paths = { PATHS }
        function setup(thread) table.insert(threads, thread) end
        function init(args) counts = {}; i = 0 end
        request = function()
          i = i + 1
          return wrk.format("GET", paths[(i % 2) + 1])
        end
        function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
        function done(summary, latency, requests)
          local total = {}
          for _, t in ipairs(threads) do
            for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
          end
          for k, v in pairs(total) do io.write(string.format("status %d: %d\n", k, v)) end
        end
        """;

    /// <param name="page">The viewer page wave instead: every connection loads <c>/s/{id}</c> (the page a QR opens), no director.</param>
    public static async Task<int> RunAsync(Options o, Uri baseUrl, Show show, int? pid, bool page = false)
    {
        var target = new Uri(o.Get("via", baseUrl.ToString()));
        var connections = o.Int("connections", 1000);
        var duration = o.Int("duration", 30);
        var pg = o.Get("pg", "");
        var script = Path.Combine(Path.GetTempPath(), $"ocoplive-flood-{Environment.ProcessId}.lua");
        var paths = page ? "\"/s/SESSION\"" : "\"/api/sessions/SESSION/live\", \"/api/sessions/SESSION/now\"";
        await File.WriteAllTextAsync(script, Script.Replace("PATHS", paths, StringComparison.Ordinal)
            .Replace("SESSION", show.SessionId.ToString(), StringComparison.Ordinal));

        // The director goes through the same front door as the crowd.
        using var staffHttp = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromSeconds(30) };
        var director = await Staff.LoginAsync(staffHttp, o.Get("admin-password", Environment.GetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword") ?? "admin-demo-2026"));
        Console.WriteLine($"session {show.SessionId} ({show.Products.Length} products); flood: {connections} keep-alive connections on "
            + $"{(page ? "the viewer page /s/{id}" : "/live and /now")} through {target} for {duration} s · load average {LoadAverage()} · bench on CPU {Cpus()}");

        var originBefore = await OriginRequestsAsync(baseUrl);
        var xactBefore = Transactions(pg);
        var cpuBefore = pid is { } p0 ? ProcessSample.Read(p0) : null;
        var started = Stopwatch.StartNew();
        var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{duration}s", "--timeout", "10s", "-s", script, target.ToString()])
        {
            RedirectStandardOutput = true,
        })!;
        var wrkOutput = wrk.StandardOutput.ReadToEndAsync();

        // Staff: the line-up read 5 times a second, `next` every 2 s, from 2 s into the flood.
        var latencies = new List<(string What, double Ms, int Status)>();
        await Task.Delay(2000);
        var nextDue = Stopwatch.StartNew();
        var position = 1;
        while (!page && started.Elapsed < TimeSpan.FromSeconds(duration - 1))
        {
            latencies.Add(await TimedAsync("lineup", () => director.TrySendAsync(HttpMethod.Get, $"/api/sessions/{show.SessionId}/lineup")));
            if (nextDue.Elapsed >= TimeSpan.FromSeconds(2) && position < show.Products.Length)
            {
                latencies.Add(await TimedAsync("next", () => director.TrySendAsync(HttpMethod.Post, $"/api/sessions/{show.SessionId}/next")));
                position++;
                nextDue.Restart();
            }

            await Task.Delay(200);
        }

        var output = await wrkOutput;
        await wrk.WaitForExitAsync();
        var seconds = started.Elapsed.TotalSeconds;
        var xactAfter = Transactions(pg);
        var cpuAfter = pid is { } p1 ? ProcessSample.Read(p1) : null;
        var originAfter = await OriginRequestsAsync(baseUrl);
        File.Delete(script);

        Console.WriteLine(output);
        var answers = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var staffRefused = latencies.Count(l => l.Status >= 500 || l.Status == 429);
        Console.WriteLine($"flood: {answers:0} answers/s; reached the app: {(originAfter - originBefore) / seconds:0.0} requests/s on /live and /now");
        foreach (var group in latencies.GroupBy(l => l.What))
        {
            var ms = group.Select(l => l.Ms).Order().ToList();
            Console.WriteLine($"staff {group.Key}: {group.Count()} requests, statuses {string.Join(", ", group.GroupBy(l => l.Status).Select(s => $"{s.Key}×{s.Count()}"))}, " +
                $"p50 {Pct(ms, 0.5):0} ms, p99 {Pct(ms, 0.99):0} ms, max {ms[^1]:0} ms");
        }

        var all = latencies.Select(l => l.Ms).Order().ToList();
        var answered = answers * seconds;
        if (xactBefore is { } x0 && xactAfter is { } x1)
        {
            Console.WriteLine($"PostgreSQL: {(x1 - x0) / seconds:0.0} transactions/s during the flood (every database of the server), "
                + $"{(x1 - x0) / answered:0.000} per answer");
        }

        if (cpuBefore is not null && cpuAfter is not null)
        {
            Console.WriteLine($"app process: CPU {(cpuAfter.CpuSeconds - cpuBefore.CpuSeconds) / seconds * 100:0}% of one core, RSS {cpuAfter.RssMb:0} MB, "
                + $"{(cpuAfter.CpuSeconds - cpuBefore.CpuSeconds) * 1_000_000 / answered:0} µs of app CPU per answer");
        }

        if (page)
        {
            Console.WriteLine(Latency().Match(output).Value);
            return 0;
        }

        Console.WriteLine($"| {connections} | {target.Authority} | {answers:0} | {(originAfter - originBefore) / seconds:0.0} | {staffRefused} of {latencies.Count} | {Pct(all, 0.5):0} | {Pct(all, 0.99):0} | {(xactBefore is { } a && xactAfter is { } b ? ((b - a) / seconds).ToString("0.0", CultureInfo.InvariantCulture) : "?")} |");
        return staffRefused == 0 ? 0 : 1;
    }

    private static async Task<(string, double, int)> TimedAsync(string what, Func<Task<int>> call)
    {
        var watch = Stopwatch.StartNew();
        int status;
        try
        {
            status = await call();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }

        return (what, watch.Elapsed.TotalMilliseconds, status);
    }

    private static double Pct(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>Committed and rolled-back transactions of the whole server, through psql.</summary>
    private static long? Transactions(string conninfo)
    {
        if (conninfo.Length == 0)
        {
            return null;
        }

        var psql = Process.Start(new ProcessStartInfo("psql", ["-w", "-At", conninfo, "-c", "select sum(xact_commit + xact_rollback) from pg_stat_database"])
        {
            RedirectStandardOutput = true,
        })!;
        var text = psql.StandardOutput.ReadToEnd();
        psql.WaitForExit();
        return long.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>Requests the app itself answered on the live routes, from its Prometheus metrics.</summary>
    private static async Task<double> OriginRequestsAsync(Uri baseUrl)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        var text = await http.GetStringAsync("/metrics");
        return text.Split('\n')
            .Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
                && (l.Contains("/live\"", StringComparison.Ordinal) || l.Contains("/now\"", StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    internal static string Cpus() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "?";

    [GeneratedRegex(@"Latency Distribution[\s\S]*?99%\s+\S+")]
    private static partial Regex Latency();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
