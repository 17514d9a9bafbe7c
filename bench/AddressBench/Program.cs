// The commune search's latency on the server (docs/addresses.md, docs/benchmarks.md; target p99 ≤ 5 ms):
//   dotnet run -c Release --project bench/AddressBench -- [--queries 20000] [--url http://127.0.0.1:5080]
// In process: AddressBook.Search (what GET /api/addresses/communes runs) for queries people type —
// the first 2–12 letters of communes' names without accents or prefix, in lower or upper case, half
// within the commune's province and half nationwide — one after the other on one thread.
// With --url: the same queries through GET /api/addresses/communes of a running app (sequential,
// keep-alive; the app started with OcopLive__RateLimiting__Enabled=false).
// Also prints the size of the compact map the order pages fetch once (GET /api/addresses/map).
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using OcopLive.Addresses;

var queries = IntArg("--queries", 20_000);
var url = StringArg("--url");
Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} CPUs; {DateTimeOffset.UtcNow:u}");

var book = AddressBook.Official;
var random = new Random(2025);
var corpus = new List<(string Query, string? Province)>(queries);
while (corpus.Count < queries)
{
    var c = book.Communes[random.Next(book.Communes.Count)];
    var bare = AddressRules.Bare(c.Name);
    var q = bare[..Math.Min(bare.Length, random.Next(2, 13))].Trim();
    q = random.Next(2) == 0 ? q : q.ToUpperInvariant();
    corpus.Add((q, random.Next(2) == 0 ? c.ProvinceCode : null));
}

// Warm up (tiered JIT), then measure.
foreach (var (q, p) in corpus.Take(2_000))
{
    book.Search(q, p);
}

var inProcess = new double[corpus.Count];
var found = 0L;
for (var i = 0; i < corpus.Count; i++)
{
    var t = Stopwatch.GetTimestamp();
    found += book.Search(corpus[i].Query, corpus[i].Province).Count;
    inProcess[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
}

Report("AddressBook.Search, in process", inProcess);
Console.WriteLine($"  {found / (double)corpus.Count:F1} communes found per query on average (limit 20)");

var map = AddressViews.All.Json;
using (var gz = new MemoryStream())
{
    using (var z = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
    {
        z.Write(map);
    }

    Console.WriteLine($"compact map (GET /api/addresses/map): {map.Length:N0} bytes, {gz.Length:N0} gzipped");
}

foreach (var code in new[] { "42", "79", "01" })
{
    var list = AddressViews.CommunesOf(code)!.Json;
    Console.WriteLine($"communes of province {code} (GET /api/addresses/provinces/{code}/communes): {list.Length:N0} bytes");
}

if (url is not null)
{
    using var http = new HttpClient { BaseAddress = new Uri(url) };
    var sample = corpus.Take(Math.Min(corpus.Count, 5_000)).ToArray();
    foreach (var (q, p) in sample.Take(200))
    {
        (await http.GetAsync(Path(q, p))).EnsureSuccessStatusCode();
    }

    var overHttp = new double[sample.Length];
    for (var i = 0; i < sample.Length; i++)
    {
        var t = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(Path(sample[i].Query, sample[i].Province));
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        overHttp[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
    }

    Report($"GET /api/addresses/communes over HTTP ({url})", overHttp);
}

return;

static string Path(string q, string? province) =>
    "/api/addresses/communes?q=" + Uri.EscapeDataString(q) + (province is null ? "" : "&province=" + province);

static void Report(string what, double[] ms)
{
    Array.Sort(ms);
    double P(double p) => ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(p * ms.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {ms.Length:N0} queries, p50 {P(0.50):F3} ms, p99 {P(0.99):F3} ms, max {ms[^1]:F3} ms"));
}

int IntArg(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
