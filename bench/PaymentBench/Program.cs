// Payment benchmark: bank notifications matched per second against a session of 1,000 and one of
// 100,000 orders (two apps on two databases of the same PostgreSQL, measured alternately in one run), pgbench baselines of the same lookup and of
// the same transaction, the EXPLAIN of the lookup, and the seconds to render labels, packing slips
// and the carrier's XLSX for a producer with 1,000 orders.
//   dotnet run -c Release --project bench/PaymentBench -- [--seconds 10] [--clients 32] [--orders 100000] [--exact 20000] [--rounds 3] [--skip-pgbench]
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
var rounds = Args.Int(args, "--rounds", 3);
var skipPgbench = args.Contains("--skip-pgbench");
var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
    ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
var root = Paths.RepositoryRoot();
var pg = new NpgsqlConnectionStringBuilder(server);

Console.WriteLine($"OcopLive payment bench · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · {clients} clients · "
    + $"{seconds} s per run · load average {Machine.LoadAverage()}");

const string secret = "bench-webhook-secret-7d1e-3a9b-c4f2-61e8d0b5";
const string adminPassword = "bench-admin-pass-4821";
// The app process inherits these (AppRunner starts it with this process's environment).
Environment.SetEnvironmentVariable("OcopLive__Payments__WebhookSecret", secret);
Environment.SetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword", adminPassword);

// --statement-lines N: only the statement import, N credit lines against N orders (90 % exact, 5 % halves, 5 % gifts), in one
// file; lines per second and µs of app CPU per line (app and PostgreSQL on --app-cpus when given).
if (Args.Int(args, "--statement-lines", 0) is var statementLines and > 0)
{
    await StatementImport.RunAsync(pg, root, statementLines, adminPassword, Args.Text(args, "--app-cpus"));
    return;
}

// Two apps, two databases: one session of 1,000 orders, one of 100,000, measured alternately
// (A B A B …) so that a change in the machine's load falls on both sizes alike.
var (small, smallApp, smallConn, _) = await SideAsync(pg, "ocoplive_bench_pay_1k", root, 0);
var (large, largeApp, largeConn, market) = await SideAsync(pg, "ocoplive_bench_pay_100k", root, totalOrders - Market.BigProducerOrders);
using var app1k = smallApp;
using var app = largeApp;
var orderCount = await Sql.ScalarAsync<long>(largeConn, "SELECT count(*) FROM orders");
Console.WriteLine($"{orderCount:N0} orders in the large session, {large.Count:N0} of them to pay by transfer");
Console.WriteLine(await Sql.ExplainLookupAsync(smallConn, small[small.Count / 2].Number));
var half = large.Count / 2;
Console.WriteLine(await Sql.ExplainLookupAsync(largeConn, large[half / 2].Number));

Console.WriteLine("warm-up (3 s each, not counted)");
await Notifications.RunAsync(app1k.BaseAddress, secret, clients, 3, Partial(small, 0, small.Count), "warm-up 1,000");
await Notifications.RunAsync(app.BaseAddress, secret, clients, 3, Partial(large, 0, half), "warm-up 100,000");
var runs1k = new List<NotifyResult>();
var runs100k = new List<NotifyResult>();
for (var round = 1; round <= rounds; round++)
{
    await Sql.CheckpointAsync(pg);
    runs1k.Add(await Notifications.RunAsync(app1k.BaseAddress, secret, clients, seconds, Partial(small, 0, small.Count),
        $"round {round}: 1,000 orders, partial payments"));
    await Sql.CheckpointAsync(pg);
    runs100k.Add(await Notifications.RunAsync(app.BaseAddress, secret, clients, seconds, Partial(large, 0, half),
        $"round {round}: {orderCount:N0} orders, partial payments"));
}

var at1k = Median(runs1k);
var at100k = Median(runs100k);

// The after-show burst: each notification pays one more order exactly (orders not touched above).
exactCount = Math.Min(exactCount, large.Count - half);
var next = -1;
await Sql.CheckpointAsync(pg);
var exact = await Notifications.RunAsync(app.BaseAddress, secret, clients, 600,
    _ => Interlocked.Increment(ref next) is var i && i < exactCount ? (large[half + i], large[half + i].TotalVnd) : null,
    $"{orderCount:N0} orders, {exactCount:N0} exact payments");
var paidNow = await Sql.ScalarAsync<long>(largeConn, $"SELECT count(*) FROM orders WHERE payment_status = 'Paid' AND number = ANY(ARRAY[{string.Join(',', large.Skip(half).Take(exactCount).Select(p => p.Number))}]::bigint[])");
Console.WriteLine($"verified: {paidNow:N0} of the {exactCount:N0} orders paid exactly are 'Paid' in PostgreSQL");

// --- pgbench on the same database: the lookup alone, and the matcher's transaction without the app ---
double lookupTps = 0, txTps = 0;
if (!skipPgbench)
{
    var pgbench = new PgBench(pg, "ocoplive_bench_pay_100k", Paths.FindPgTool("pgbench"));
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
foreach (var (r, i) in runs1k.Select((r, i) => (r, i)))
{
    Console.WriteLine(r.Row($"round {i + 1}: 1,000 orders, partial payments"));
    Console.WriteLine(runs100k[i].Row($"round {i + 1}: {orderCount:N0} orders, partial payments"));
}
Console.WriteLine(exact.Row($"{orderCount:N0} orders, {exactCount:N0} exact payments"));
if (!skipPgbench)
{
    Console.WriteLine($"| pgbench lookup by number, {orderCount:N0} orders | {lookupTps:F0} | | | | | |");
    Console.WriteLine($"| pgbench the matcher's transaction, {orderCount:N0} orders | {txTps:F0} | | | | | |");
}

Console.WriteLine();
Console.WriteLine($"median rate at 1,000: {at1k.PerSecond:F0}/s (p99 {at1k.P99:F0} ms); at {orderCount:N0}: {at100k.PerSecond:F0}/s (p99 {at100k.P99:F0} ms); "
    + $"ratio {at100k.PerSecond / at1k.PerSecond:F2}");
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

// One side: its database, its app, the market and its orders (the first 1,000 of producer 0).
static async Task<(List<Payable> Payables, AppRunner App, string Connection, Market Market)> SideAsync(
    NpgsqlConnectionStringBuilder pg, string database, string root, int moreOrders)
{
    await Sql.RecreateDatabaseAsync(pg, database);
    var connection = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = database }.ConnectionString;
    var app = AppRunner.Start(root, connection);
    await app.WaitReadyAsync();
    var market = await Market.ArrangeAsync(connection);
    var took = await market.AddOrdersAsync(connection, Market.BigProducerOrders, bigProducer: true);
    if (moreOrders > 0)
    {
        took += await market.AddOrdersAsync(connection, moreOrders, bigProducer: false);
    }

    Console.WriteLine($"{database}: inserted {Market.BigProducerOrders + moreOrders:N0} orders in {took.TotalSeconds:F1} s (with VACUUM ANALYZE)");
    return (await Sql.PayablesAsync(connection), app, connection, market);
}

static NotifyResult Median(List<NotifyResult> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);

// Random orders of list[from..to), 1,000 ₫ each: a partial payment, the same statements as an exact one, repeatable for any time.
static Func<int, (Payable, long)?> Partial(List<Payable> list, int from, int to)
{
    var randoms = new System.Collections.Concurrent.ConcurrentDictionary<int, Random>();
    return c => (list[from + randoms.GetOrAdd(c, k => new Random(k)).Next(to - from)], 1_000L);
}

namespace OcopLive.Bench
{
    internal static partial class Sql
    {
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
            var (tps, latency) = await PgBenchScript.RunAsync(server, database, pgbenchPath, script, clients, seconds);
            Console.WriteLine($"pgbench {label}: {tps:F0} tps ({latency})");
            return tps;
        }
    }
}
