using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hangfire;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using OcopLive.Catalog;
using OcopLive.Lineups;
using OcopLive.Scheduler;
using OcopLive.Tests.Lineups;

// The line-up builder and session clock benchmark (docs/benchmarks.md).
//   dotnet run -c Release --project bench/LineupBench -- builder [runs]
//   ConnectionStrings__OcopLive=... dotnet run -c Release --project bench/LineupBench -- lateness [jobs]
var mode = args.Length > 0 ? args[0] : "builder";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0;
return mode switch
{
    "builder" => BuilderBench.Run(count > 0 ? count : 100),
    "lateness" => await LatenessBench.RunAsync(count > 0 ? count : 50),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LineupBench builder [runs] | lateness [jobs]");
    return 2;
}

internal static class BuilderBench
{
    private const int Producers = 100;
    private const int Entries = 300;
    private const int Duration = 180;

    public static int Run(int runs)
    {
        var input = Generate(new Random(20261128));
        for (var i = 0; i < 5; i++)
        {
            LineupBuilder.Build(input);
        }

        var times = new List<double>();
        LineupPlan plan = null!;
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            plan = LineupBuilder.Build(input);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var violations = LineupChecks.Violations(input, plan);
        var baseline = Baseline(input);
        var ratio = plan.ExpectedRevenueVnd / baseline;
        Console.WriteLine($"input: {Entries} entries, {Producers} producers, {Duration}-minute session, synthetic history");
        Console.WriteLine($"builder: {runs} runs, p50 {times[times.Count / 2]:0.00} ms, max {times[^1]:0.00} ms (target < 100 ms)");
        Console.WriteLine($"line-up: {plan.Segments.Count} segments, {plan.Segments.Select(s => s.ProducerId).Distinct().Count()} producers on air, " +
                          $"{plan.Segments.Sum(s => s.Minutes)} minutes, {plan.LeftOut.Count} left out");
        Console.WriteLine($"hard rules: {(violations.Count == 0 ? "all kept" : string.Join("; ", violations))}");
        Console.WriteLine($"expected revenue: builder {plan.ExpectedRevenueVnd:#,0} VND, registration-order baseline {baseline:#,0} VND, " +
                          $"ratio {ratio:0.00}x (target >= 1.2x)");
        return violations.Count == 0 && times[times.Count / 2] < 100 && ratio >= 1.2 ? 0 : 1;
    }

    /// <summary>Entries in registration order, skipping only what the hard rules forbid, judged by the same model.</summary>
    private static double Baseline(LineupInput input)
    {
        var available = input.DurationMinutes - LineupBuilder.OpeningGapMinutes - LineupBuilder.ClosingGapMinutes;
        var used = 0;
        var total = 0.0;
        Guid? previous = null;
        foreach (var c in input.Candidates)
        {
            var left = available - used;
            if (left < SegmentLength.Min)
            {
                break;
            }

            if (c.Stock <= 0 || c.CertificateExpiresOn < input.SessionDate || c.ProducerId == previous)
            {
                continue;
            }

            var minutes = Math.Min(c.MaxMinutes, left);
            total += LineupBuilder.ExpectedRevenue(c, input.History, minutes, (used + (minutes / 2.0)) / available);
            used += minutes;
            previous = c.ProducerId;
        }

        return total;
    }

    private static LineupInput Generate(Random random)
    {
        var categories = Enum.GetValues<ProductCategory>();
        var start = new DateTimeOffset(2026, 12, 5, 13, 0, 0, TimeSpan.Zero);
        var producers = Enumerable.Range(0, Producers).Select(_ => NewId(random)).ToList();
        var candidates = new List<LineupCandidate>();
        var byProduct = new Dictionary<Guid, AirRate>();
        for (var i = 0; i < Entries; i++)
        {
            var price = random.Next(6, 500) * 5_000L;
            var id = NewId(random);
            candidates.Add(new LineupCandidate(id, $"Sản phẩm {i}", producers[i % Producers], categories[random.Next(categories.Length)],
                random.Next(3, 6), random.Next(20) == 0 ? 0 : random.Next(20, 600), price,
                random.Next(10) < 3 ? price * random.Next(60, 96) / 100 : null,
                random.Next(3) == 0 ? null : random.Next(3, 9),
                random.Next(30) == 0 ? new DateOnly(2026, 11, 1) : new DateOnly(2028, 1, 1)));
            if (random.Next(10) < 7)
            {
                var units = Math.Exp((random.NextDouble() * 2.5) - 1); // 0.4 … 4.5 units per minute, skewed
                byProduct[id] = new AirRate(units, units * price);
            }
        }

        var byCategory = categories.ToDictionary(c => c, _ => new AirRate(0.5 + random.NextDouble(), 0));
        // Registration order: producers sign up their products at different times.
        var registered = candidates.OrderBy(_ => random.Next()).ToList();
        return new LineupInput(start, Duration, registered, new SalesHistory(byProduct, byCategory));
    }

    private static Guid NewId(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}

internal static class LatenessBench
{
    private static readonly ConcurrentDictionary<int, DateTime> Performed = new();

    public static async Task<int> RunAsync(int jobs)
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
            ?? "Host=127.0.0.1;Port=55433;Database=ocoplive;Username=postgres;Password=ocoplive-dev";
        var database = $"bench_lateness_{Guid.NewGuid():N}";
        await ExecAsync(server, $"CREATE DATABASE \"{database}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            GlobalConfiguration.Configuration.UseLogProvider(new SilentLogProvider());
            var settings = new SchedulerOptions();
            var options = SchedulerSetup.StorageOptions(settings);
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            using var hangfire = new BackgroundJobServer(new BackgroundJobServerOptions
            {
                WorkerCount = settings.WorkerCount,
                SchedulePollingInterval = TimeSpan.FromMilliseconds(settings.PollIntervalMilliseconds),
            }, storage);
            var client = new BackgroundJobClient(storage);
            var due = new Dictionary<int, DateTime>();
            var origin = DateTime.UtcNow.AddSeconds(3);
            for (var i = 0; i < jobs; i++)
            {
                var at = origin.AddMilliseconds(i * 250);
                due[i] = at;
                var n = i;
                client.Schedule(() => Record(n), new DateTimeOffset(at));
            }

            var deadline = DateTime.UtcNow.AddSeconds(30 + (jobs * 0.25));
            while (Performed.Count < jobs && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            var lateness = due.Where(d => Performed.ContainsKey(d.Key))
                .Select(d => (Performed[d.Key] - d.Value).TotalMilliseconds).Order().ToList();
            if (lateness.Count == 0)
            {
                Console.WriteLine("no job ran");
                return 1;
            }

            double P(double q) => lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(q * lateness.Count) - 1)];
            Console.WriteLine($"scheduled jobs: {jobs} over {jobs * 0.25:0.#} s on one server ({settings.WorkerCount} workers, " +
                              $"poll {settings.PollIntervalMilliseconds} ms), {lateness.Count} ran");
            Console.WriteLine($"lateness: p50 {P(0.5):0} ms, p99 {P(0.99):0} ms, max {lateness[^1]:0} ms (target p99 <= 2000 ms)");
            return lateness.Count == jobs && P(0.99) <= 2000 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    public static void Record(int n) => Performed.TryAdd(n, DateTime.UtcNow);

    private static async Task ExecAsync(string server, string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString;
        await using var conn = new NpgsqlConnection(admin);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed class SilentLogProvider : ILogProvider, ILog
    {
        public ILog GetLogger(string name) => this;

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
