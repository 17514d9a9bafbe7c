// Order intake benchmark: pgbench baselines and the running app, side by side on one PostgreSQL.
//   dotnet run -c Release --project bench/OrderBench -- [--seconds 15] [--clients 64]
// Needs ConnectionStrings__OcopLive (ops/pg.sh start prints one) and a Release build of src/OcopLive.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using OcopLive.Bench;

var seconds = Args.Int(args, "--seconds", 15);
var clients = Args.Int(args, "--clients", 64);
var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
    ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
var root = Paths.RepositoryRoot();

var appCpus = Args.Text(args, "--app-cpus");   // e.g. 0: the app and PostgreSQL there, run the bench with `taskset -c 1`
Console.WriteLine($"OcopLive order bench · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · load average {Machine.LoadAverage()} · {Environment.ProcessorCount} cores · "
    + $"app+PostgreSQL on CPU {appCpus ?? "any"}, bench on CPU {Machine.Cpus()} · {clients} clients · {seconds} s per run");
var pg = new NpgsqlConnectionStringBuilder(server);
if (appCpus is not null)
{
    Machine.PinPostgres(pg.Port, appCpus);
}

var skipPgbench = args.Contains("--skip-pgbench");   // for profiling the app alone; ratios are then meaningless
var pgbench = new PgBench(pg, Paths.FindPgTool("pgbench"));
double insertTps = 1, hotTps = 1;
if (!skipPgbench)
{
    await pgbench.PrepareAsync();
    insertTps = await pgbench.RunAsync("single-row INSERT", PgBench.InsertScript, clients, seconds);
    hotTps = await pgbench.RunAsync("hot row: stock-1 + INSERT", PgBench.HotRowScript, clients, seconds);
}

var benchDb = "ocoplive_bench_app";
await Sql.RecreateDatabaseAsync(pg, benchDb);
var appConn = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = benchDb }.ConnectionString;
using var app = AppRunner.Start(root, appConn, Args.Text(args, "--app-dll"), appCpus);
await app.WaitReadyAsync();
var show = await Show.ArrangeAsync(appConn, products: 50, stock: 10_000_000);
if (Args.Int(args, "--pause", 0) is var pause and > 0)
{
    Console.WriteLine($"app pid {app.Pid}: pausing {pause} s (attach a profiler now)");
    await Task.Delay(TimeSpan.FromSeconds(pause));
}

// Until the app's CPU per order settles (AppRunner.WarmUpAsync; docs/benchmarks.md, "Third round").
var warmup = Args.Int(args, "--warmup", 120);
var warmupMax = Math.Max(warmup, Args.Int(args, "--warmup-max", 240));
Console.WriteLine($"warm-up until the app's CPU per order settles ({warmup}–{warmupMax} s, not counted)");
await AppRunner.WarmUpAsync(warmup, warmupMax, async length =>
{
    var windowCpu = app.CpuSeconds();
    var window = await Load.RunAsync(app.BaseAddress, show, clients, (int)length.TotalSeconds, hotProduct: false);
    var micros = AppRunner.MicrosPer(windowCpu, app.CpuSeconds(), window.Created + window.Errors);
    return (micros, $"{window.PerSecond:F0} orders/s, {micros:F0} µs of app CPU per order");
});

await Sql.CheckpointAsync(pg);
var before = await BatchFigures.ScrapeAsync(app.BaseAddress);
var cpu0 = app.CpuSeconds();
var spread = await Load.RunAsync(app.BaseAddress, show, clients, seconds, hotProduct: false);
var cpu1 = app.CpuSeconds();
var afterSpread = await BatchFigures.ScrapeAsync(app.BaseAddress);
Console.WriteLine("  app (a): " + afterSpread.Since(before));
var spreadMicros = AppRunner.MicrosPer(cpu0, cpu1, spread.Created + spread.Errors);
Console.WriteLine($"  app (a): {(cpu1 - cpu0) / spread.Seconds:P0} of a core, {spreadMicros:F0} µs of app CPU per order");
await Sql.ExecAsync(appConn, "VACUUM ANALYZE orders, products, product_sales");
await Sql.CheckpointAsync(pg);
before = await BatchFigures.ScrapeAsync(app.BaseAddress);
cpu0 = app.CpuSeconds();
var hot = await Load.RunAsync(app.BaseAddress, show, clients, seconds, hotProduct: true);
cpu1 = app.CpuSeconds();
Console.WriteLine("  app (b): " + (await BatchFigures.ScrapeAsync(app.BaseAddress)).Since(before));
var hotMicros = AppRunner.MicrosPer(cpu0, cpu1, hot.Created + hot.Errors);
Console.WriteLine($"  app (b): {(cpu1 - cpu0) / hot.Seconds:P0} of a core, {hotMicros:F0} µs of app CPU per order");
await Show.VerifyAsync(appConn, show);

Console.WriteLine();
Console.WriteLine("| run | orders/s | p50 ms | p99 ms | max ms | 201 | errors | vs pgbench |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
Console.WriteLine($"| pgbench single-row INSERT | {insertTps:F0} | | | | | | 1.00 |");
Console.WriteLine($"| pgbench hot row (stock-1 + INSERT) | {hotTps:F0} | | | | | | 1.00 |");
Console.WriteLine(spread.Row("app (a) 50 products", insertTps));
Console.WriteLine(hot.Row("app (b) one hot product", hotTps));
Console.WriteLine();
Console.WriteLine($"(a) app/pgbench-insert = {spread.PerSecond / insertTps:F2} (target ≥ 0.60, p99 ≤ 50 ms: {(spread.PerSecond / insertTps >= 0.6 && spread.P99 <= 50 ? "met" : "NOT met")})");
Console.WriteLine($"(b) app/pgbench-hot-row = {hot.PerSecond / hotTps:F2} (target ≥ 3.00: {(hot.PerSecond / hotTps >= 3 ? "met" : "NOT met")})");
Console.WriteLine($"app CPU {app.CpuSeconds():F1} s, peak RSS {app.PeakRssMb()} MB");
Console.WriteLine($"µs of app CPU per order: (a) {spreadMicros:F0}, (b) {hotMicros:F0} (every answer counted; goal ≤ 60 at saturation)");

namespace OcopLive.Bench
{
    /// <summary>pgbench on the same server: the database's own commit rate for the two shapes of work.</summary>
    internal sealed class PgBench(NpgsqlConnectionStringBuilder server, string pgbenchPath)
    {
        public const string Database = "ocoplive_bench_pg";

        public const string InsertScript = """
            \set pid random(1, 50)
            INSERT INTO bench_orders (product_id, quantity, total_vnd, phone) VALUES (:pid, 1, 100000, '+84912345678');
            """;

        public const string HotRowScript = """
            BEGIN;
            UPDATE bench_products SET stock = stock - 1 WHERE id = 1 AND stock >= 1;
            INSERT INTO bench_orders (product_id, quantity, total_vnd, phone) VALUES (1, 1, 100000, '+84912345678');
            END;
            """;

        public async Task PrepareAsync()
        {
            await Sql.RecreateDatabaseAsync(server, Database);
            await Sql.ExecAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString, """
                CREATE TABLE bench_products (id int PRIMARY KEY, stock int NOT NULL CHECK (stock >= 0));
                INSERT INTO bench_products SELECT g, 100000000 FROM generate_series(1, 50) g;
                CREATE TABLE bench_orders (id bigserial PRIMARY KEY, product_id int NOT NULL, quantity int NOT NULL,
                  total_vnd bigint NOT NULL, phone text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
                """);
        }

        public async Task<double> RunAsync(string label, string script, int clients, int seconds)
        {
            var (tps, _) = await PgBenchScript.RunAsync(server, Database, pgbenchPath, script, clients, seconds);
            // Leave nothing behind for the next run: autovacuum on these rows would run during it.
            await Sql.ExecAsync(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = Database }.ConnectionString,
                "VACUUM ANALYZE bench_orders, bench_products");
            Console.WriteLine($"pgbench {label}: {tps:F0} tps");
            return tps;
        }
    }
}
