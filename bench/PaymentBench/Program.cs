// Payment benchmark: bank notifications matched per second against a session of 1,000 and then
// 100,000 orders (same app, same PostgreSQL, same run), pgbench baselines of the same lookup and of
// the same transaction, the EXPLAIN of the lookup, and the seconds to render labels, packing slips
// and the carrier's XLSX for a producer with 1,000 orders.
//   dotnet run -c Release --project bench/PaymentBench -- [--seconds 10] [--clients 32] [--orders 100000] [--exact 20000] [--skip-pgbench]
// Needs ConnectionStrings__OcopLive (ops/pg.sh start prints one) and a Release build of src/OcopLive.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using OcopLive.Bench;

var seconds = Args.Int(args, "--seconds", 10);
var clients = Args.Int(args, "--clients", 32);
var totalOrders = Args.Int(args, "--orders", 100_000);
var exactCount = Args.Int(args, "--exact", 20_000);
var skipPgbench = args.Contains("--skip-pgbench");
var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
    ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
var root = Paths.RepositoryRoot();
var pg = new NpgsqlConnectionStringBuilder(server);

Console.WriteLine($"OcopLive payment bench · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {clients} clients · "
    + $"{seconds} s per run · load average {Machine.LoadAverage()}");

const string secret = "bench-webhook-secret-7d1e";
const string adminPassword = "bench-admin-pass-4821";
// The app process inherits these (AppRunner starts it with this process's environment).
Environment.SetEnvironmentVariable("OcopLive__Payments__WebhookSecret", secret);
Environment.SetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword", adminPassword);

const string benchDb = "ocoplive_bench_pay";
await Sql.RecreateDatabaseAsync(pg, benchDb);
var appConn = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = benchDb }.ConnectionString;
using var app = AppRunner.Start(root, appConn);
await app.WaitReadyAsync();
var market = await Market.ArrangeAsync(appConn);

// --- 1,000 orders: all of producer 0 (whose labels are printed below) ---
var took = await market.AddOrdersAsync(appConn, Market.BigProducerOrders, bigProducer: true);
Console.WriteLine($"inserted {Market.BigProducerOrders:N0} orders in {took.TotalSeconds:F1} s");
var small = await Sql.PayablesAsync(appConn);
Console.WriteLine(await Sql.ExplainLookupAsync(appConn, small[small.Count / 2].Number));
Console.WriteLine("warm-up (3 s, not counted)");
await Notifications.RunAsync(app.BaseAddress, secret, clients, 3, Partial(small, 0, small.Count), "warm-up");
await Sql.CheckpointAsync(pg);
var at1k = await Notifications.RunAsync(app.BaseAddress, secret, clients, seconds, Partial(small, 0, small.Count), "1,000 orders, partial payments");

// --- 100,000 orders ---
took = await market.AddOrdersAsync(appConn, totalOrders - Market.BigProducerOrders, bigProducer: false);
Console.WriteLine($"inserted {totalOrders - Market.BigProducerOrders:N0} more orders in {took.TotalSeconds:F1} s (with VACUUM ANALYZE)");
var large = (await Sql.PayablesAsync(appConn)).Where(p => p.Number > small[^1].Number).ToList();
var orderCount = await Sql.ScalarAsync<long>(appConn, "SELECT count(*) FROM orders");
Console.WriteLine($"{orderCount:N0} orders in the session, {large.Count + small.Count:N0} of them to pay by transfer");
var half = large.Count / 2;
Console.WriteLine(await Sql.ExplainLookupAsync(appConn, large[half / 2].Number));
await Sql.CheckpointAsync(pg);
var at100k = await Notifications.RunAsync(app.BaseAddress, secret, clients, seconds, Partial(large, 0, half),
    $"{orderCount:N0} orders, partial payments");

// The after-show burst: each notification pays one more order exactly (orders not touched above).
exactCount = Math.Min(exactCount, large.Count - half);
var next = -1;
await Sql.CheckpointAsync(pg);
var exact = await Notifications.RunAsync(app.BaseAddress, secret, clients, 600,
    _ => Interlocked.Increment(ref next) is var i && i < exactCount ? (large[half + i], large[half + i].TotalVnd) : null,
    $"{orderCount:N0} orders, {exactCount:N0} exact payments");
var paidNow = await Sql.ScalarAsync<long>(appConn, $"SELECT count(*) FROM orders WHERE payment_status = 'Paid' AND number = ANY(ARRAY[{string.Join(',', large.Skip(half).Take(exactCount).Select(p => p.Number))}]::bigint[])");
Console.WriteLine($"verified: {paidNow:N0} of the {exactCount:N0} orders paid exactly are 'Paid' in PostgreSQL");

// --- pgbench on the same database: the lookup alone, and the matcher's transaction without the app ---
double lookupTps = 0, txTps = 0;
if (!skipPgbench)
{
    var pgbench = new PgBench(pg, benchDb, Paths.FindPgTool("pgbench"));
    var (min, max) = (large[0].Number, large[^1].Number);
    lookupTps = await pgbench.RunAsync("lookup by number (index probe, read only)", $$"""
        \set n random({{min}}, {{max}})
        SELECT id, number, session_id, producer_id, total_vnd, paid_vnd, payment_status, pay_account, status FROM orders WHERE number = ANY(ARRAY[:n]::bigint[]) ORDER BY id;
        """, clients, seconds);
    txTps = await pgbench.RunAsync("the matcher's transaction (insert, lock, pay, outcome)", $$"""
        \set n random({{min}}, {{max}})
        \set e random(1, 1000000000000)
        BEGIN;
        INSERT INTO payment_notifications (source, external_id, account_number, amount_vnd, content, received_at, outcome, review) VALUES ('Webhook', 'pgb' || :e, '0', 1000, 'OCOP ' || :n, now(), 'Unmatched', 'Open') ON CONFLICT (source, external_id) DO NOTHING RETURNING id;
        SELECT id, number, session_id, producer_id, total_vnd, paid_vnd, payment_status, pay_account, status FROM orders WHERE number = ANY(ARRAY[:n]::bigint[]) ORDER BY id FOR UPDATE;
        UPDATE orders SET paid_vnd = paid_vnd + 1000, payment_status = 'Unpaid' WHERE number = :n;
        UPDATE payment_notifications SET outcome = 'Partial', review = 'Open' WHERE source = 'Webhook' AND external_id = 'pgb' || :e;
        END;
        """, clients, seconds);
}

// --- labels, packing slips and the carrier file for producer 0's 1,000 orders ---
using var staff = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
var login = await staff.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = adminPassword });
login.EnsureSuccessStatusCode();
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var files = new List<(string File, double First, double Second, long Bytes)>();
foreach (var file in new[] { "labels.pdf", "packing-slips.pdf", "carrier.xlsx" })
{
    var url = $"/api/producers/{market.BigProducerId}/sessions/{market.SessionId}/{file}";
    var times = new double[2];
    long bytes = 0;
    for (var run = 0; run < 2; run++)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await staff.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        times[run] = stopwatch.Elapsed.TotalSeconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{file}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }

        bytes = body.Length;
    }

    files.Add((file, times[0], times[1], bytes));
    Console.WriteLine($"{file} for {Market.BigProducerOrders:N0} orders of {market.BigProducerName}: {times[0]:F2} s (first), {times[1]:F2} s (second), {bytes / 1024.0:F0} KB");
}

Console.WriteLine();
Console.WriteLine("| run | notifications/s | p50 ms | p99 ms | max ms | matched | outcomes |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
Console.WriteLine(at1k.Row("1,000 orders, partial payments"));
Console.WriteLine(at100k.Row($"{orderCount:N0} orders, partial payments"));
Console.WriteLine(exact.Row($"{orderCount:N0} orders, {exactCount:N0} exact payments"));
if (!skipPgbench)
{
    Console.WriteLine($"| pgbench lookup by number, {orderCount:N0} orders | {lookupTps:F0} | | | | | |");
    Console.WriteLine($"| pgbench the matcher's transaction, {orderCount:N0} orders | {txTps:F0} | | | | | |");
}

Console.WriteLine();
Console.WriteLine($"rate at {orderCount:N0} / rate at 1,000 = {at100k.PerSecond / at1k.PerSecond:F2}");
if (!skipPgbench)
{
    Console.WriteLine($"app at {orderCount:N0} / pgbench same transaction = {at100k.PerSecond / txTps:F2}");
}

Console.WriteLine();
Console.WriteLine("| file (1,000 orders) | first s | second s | size KB |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (file, first, second, bytes) in files)
{
    Console.WriteLine($"| {file} | {first:F2} | {second:F2} | {bytes / 1024.0:F0} |");
}

Console.WriteLine($"app CPU {app.CpuSeconds():F1} s, peak RSS {app.PeakRssMb()} MB; load average at the end {Machine.LoadAverage()}");

// Random orders of list[from..to), 1,000 ₫ each: a partial payment, the same statements as an exact one, repeatable for any time.
static Func<int, (Payable, long)?> Partial(List<Payable> list, int from, int to)
{
    var randoms = new System.Collections.Concurrent.ConcurrentDictionary<int, Random>();
    return c => (list[from + randoms.GetOrAdd(c, k => new Random(k)).Next(to - from)], 1_000L);
}

namespace OcopLive.Bench
{
    internal static class Args
    {
        public static int Int(string[] args, string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }

    internal static class Machine
    {
        public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
    }

    internal static class Paths
    {
        public static string RepositoryRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found");
        }

        public static string FindPgTool(string name)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
                         .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException(name + " not found (Debian package postgresql-client)");
        }
    }

    internal static class Sql
    {
        public static async Task RecreateDatabaseAsync(NpgsqlConnectionStringBuilder server, string name)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString);
            await conn.OpenAsync();
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }

        public static async Task CheckpointAsync(NpgsqlConnectionStringBuilder server)
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres" }.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand("CHECKPOINT", conn);
            await cmd.ExecuteNonQueryAsync();
        }

        public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(sql, conn);
            return (T)(await cmd.ExecuteScalarAsync())!;
        }

        /// <summary>The orders a transfer can pay (bank transfer), by number.</summary>
        public static async Task<List<Payable>> PayablesAsync(string connectionString)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT number, total_vnd, pay_account FROM orders WHERE payment_method = 'BankTransfer' ORDER BY number", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            var list = new List<Payable>();
            while (await r.ReadAsync())
            {
                list.Add(new Payable(r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
            }

            return list;
        }

        /// <summary>The plan of the matcher's lookup (Reconciler's LockOrders), run and rolled back.</summary>
        public static async Task<string> ExplainLookupAsync(string connectionString, long number)
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand($"""
                EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
                SELECT id, number, session_id, producer_id, total_vnd, paid_vnd, payment_status, pay_account, status
                  FROM orders WHERE number = ANY(ARRAY[{number}]::bigint[]) ORDER BY id FOR UPDATE
                """, conn, tx);
            await using var r = await cmd.ExecuteReaderAsync();
            var lines = new List<string>();
            while (await r.ReadAsync())
            {
                lines.Add("    " + r.GetString(0));
            }

            await r.DisposeAsync();
            await tx.RollbackAsync();
            return "EXPLAIN of the matcher's lookup (order " + number + "):\n" + string.Join('\n', lines);
        }
    }

    /// <summary>pgbench on the bench's own database, custom scripts.</summary>
    internal sealed class PgBench(NpgsqlConnectionStringBuilder server, string database, string pgbenchPath)
    {
        public async Task<double> RunAsync(string label, string script, int clients, int seconds)
        {
            var file = Path.GetTempFileName();
            await File.WriteAllTextAsync(file, script);
            var info = new ProcessStartInfo(pgbenchPath,
                ["-h", server.Host!, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", server.Username!,
                 "-n", "-M", "prepared", "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2",
                 "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file, database])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.Environment["PGPASSWORD"] = server.Password ?? "";
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            File.Delete(file);
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException("pgbench: " + output + errors);
            var latency = output.Split('\n').FirstOrDefault(l => l.StartsWith("latency average", StringComparison.Ordinal)) ?? "";
            var tps = double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture);
            Console.WriteLine($"pgbench {label}: {tps:F0} tps ({latency.Trim()})");
            return tps;
        }
    }
}
