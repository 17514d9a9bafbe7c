// Carrier parcels benchmark.
//   dotnet run -c Release --project bench/DeliveryBench -- [--orders 1000] [--latency-ms 50] [--concurrency 16] [--callbacks 5000] [--senders 32]
// (1) the bulk job makes parcels for --orders orders of one producer's session against a fake GHN
//     answering every call in --latency-ms; target ≤ 30 s, and exactly one parcel per order (the job
//     is then queued a second time: still one parcel each);
// (2) --callbacks GHN callbacks (four statuses per parcel, every tenth sent twice) posted by
//     --senders concurrent clients; callbacks applied per second (target ≥ 500/s).
// Needs ConnectionStrings__OcopLive (ops/pg.sh start prints one) and a Release build of src/OcopLive.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.Bench;
using OcopLive.Data;
using OcopLive.IntegrationTests.Delivery;
using OcopLive.Orders;

var orders = Int("--orders", 1_000);
var latency = Int("--latency-ms", 50);
var concurrency = Int("--concurrency", 16);
var callbacks = Int("--callbacks", 5_000);
var senders = Int("--senders", 32);
var root = FindRoot();
Console.WriteLine($"OcopLive delivery bench · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores · load average {File.ReadAllText("/proc/loadavg").Trim()}");

var server = Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive")
    ?? throw new InvalidOperationException("Set ConnectionStrings__OcopLive (e.g. $(ops/pg.sh start)).");
var pg = new NpgsqlConnectionStringBuilder(server);
const string benchDb = "ocoplive_bench_delivery";
await using (var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "postgres" }.ConnectionString))
{
    await conn.OpenAsync();
    await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{benchDb}\" WITH (FORCE)", conn).ExecuteNonQueryAsync();
    await new NpgsqlCommand($"CREATE DATABASE \"{benchDb}\"", conn).ExecuteNonQueryAsync();
}

await using var carriers = await FakeCarriers.StartAsync();
carriers.Latency = TimeSpan.FromMilliseconds(latency);
const string secret = "bench-callback-secret-5c2e-91ab";
var appConn = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = benchDb }.ConnectionString;
// Inherited by the app process.
Environment.SetEnvironmentVariable("OcopLive__Bootstrap__AdminPassword", "bench-admin-123");
Environment.SetEnvironmentVariable("OcopLive__Carriers__Ghn__BaseUrl", carriers.GhnBase);
Environment.SetEnvironmentVariable("OcopLive__Carriers__WebhookSecret", secret);
Environment.SetEnvironmentVariable("OcopLive__Carriers__BulkConcurrency", concurrency.ToString(CultureInfo.InvariantCulture));
using var app = AppRunner.Start(root, appConn);
await app.WaitReadyAsync();
var show = await Show.ArrangeAsync(appConn, products: 1, stock: 1_000_000);

Guid producerId;
await using (var db = new OcopDbContext(new DbContextOptionsBuilder<OcopDbContext>().UseNpgsql(appConn).UseSnakeCaseNamingConvention().Options))
{
    var product = await db.Products.SingleAsync(p => p.Id == show.ProductIds[0]);
    producerId = product.ProducerId;
    var now = DateTimeOffset.UtcNow;
    for (var i = 0; i < orders; i++)
    {
        db.Orders.Add(new Order
        {
            Id = Guid.CreateVersion7(),
            SessionId = show.SessionId,
            ProductId = product.Id,
            ProducerId = producerId,
            Quantity = 1,
            UnitPriceVnd = 100_000,
            TotalVnd = 100_000,
            CustomerName = "Khách bench " + i.ToString(CultureInfo.InvariantCulture),
            CustomerPhone = "+849" + (10_000_000 + i).ToString(CultureInfo.InvariantCulture),
            Province = "Tỉnh Hà Tĩnh",
            Commune = "Phường Thành Sen",
            Street = "12 Trần Phú",
            Channel = OrderChannel.Web,
            CreatedAt = now,
        });
    }

    await db.SaveChangesAsync();
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{ BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "bench-admin-123" });
var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
(await http.PutAsJsonAsync($"/api/producers/{producerId}/carriers/GHN", new
{
    token = FakeCarriers.Token,
    shopId = "885",
    pickup = new { provinceCode = "42", communeCode = "18073", street = "25 Nguyễn Du", phone = "0912000111" },
})).EnsureSuccessStatusCode();

// (1) The bulk job.
var shipmentsUrl = $"/api/producers/{producerId}/sessions/{show.SessionId}/shipments";
var sw = Stopwatch.StartNew();
(await http.PostAsJsonAsync(shipmentsUrl, new { carrier = "GHN" })).EnsureSuccessStatusCode();
JsonElement progress = default;
while (sw.Elapsed < TimeSpan.FromMinutes(5))
{
    progress = (await http.GetFromJsonAsync<JsonElement>(shipmentsUrl)).GetProperty("progress");
    if (progress.GetProperty("withParcel").GetInt32() + progress.GetProperty("failed").GetInt32() >= orders)
    {
        break;
    }

    await Task.Delay(100);
}

var bulkSeconds = sw.Elapsed.TotalSeconds;
(await http.PostAsJsonAsync(shipmentsUrl, new { carrier = "GHN" })).EnsureSuccessStatusCode();
await Task.Delay(3_000);
var parcels = carriers.CountFor("GHN");
var distinct = carriers.Parcels.Values.Select(p => p.ClientCode).Distinct().Count();
var creates = carriers.Requests.Count(r => r.Path.EndsWith("/v2/shipping-order/create", StringComparison.Ordinal));
Console.WriteLine($"bulk: {progress.GetProperty("withParcel").GetInt32():N0} of {orders:N0} parcels in {bulkSeconds:F1} s " +
                  $"(fake GHN {latency} ms per call, concurrency {concurrency}; {progress.GetProperty("failed").GetInt32()} failed); target ≤ 30 s: {(bulkSeconds <= 30 ? "met" : "NOT met")}");
Console.WriteLine($"parcels at the carrier after queuing the job twice: {parcels:N0} ({distinct:N0} distinct client codes, {creates:N0} create calls); never two: {(parcels == orders && distinct == orders ? "yes" : "NO")}");

// (2) Callbacks: picked, transporting, delivering, delivered per parcel; every tenth sent twice.
carriers.Latency = TimeSpan.Zero;
var list = carriers.Parcels.Values.ToArray();
var statuses = new[] { "picked", "transporting", "delivering", "delivered" };
var t0 = new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);
var bodies = new List<string>(callbacks);
for (var i = 0; bodies.Count < callbacks; i++)
{
    var p = list[i % list.Length];
    var step = i / list.Length % statuses.Length;
    var body = CarrierPayloads.Ghn(p.TrackingCode, p.ClientCode, statuses[step], t0.AddMinutes(step * 30));
    bodies.Add(body);
    if (i % 10 == 0 && bodies.Count < callbacks)
    {
        bodies.Add(body);
    }
}

var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
var next = -1;
sw.Restart();
await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < bodies.Count)
    {
        using var response = await http.PostAsync($"/api/carriers/ghn/callback/{secret}", new StringContent(bodies[i], Encoding.UTF8, "application/json"));
        var outcome = response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!
            : "HTTP " + (int)response.StatusCode;
        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
    }
}));
var seconds = sw.Elapsed.TotalSeconds;
Console.WriteLine($"callbacks: {bodies.Count:N0} in {seconds:F1} s = {bodies.Count / seconds:N0}/s with {senders} senders " +
                  $"({string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key} {kv.Value:N0}"))}); target ≥ 500/s: {(bodies.Count / seconds >= 500 ? "met" : "NOT met")}");
Console.WriteLine($"app CPU {app.CpuSeconds():F1} s, peak RSS {app.PeakRssMb()} MB · load average {File.ReadAllText("/proc/loadavg").Trim()}");

int Int(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OcopLive.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("OcopLive.sln not found above " + AppContext.BaseDirectory);
}
