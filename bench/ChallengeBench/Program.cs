// The order challenge's costs on ONE core (docs/flash-deals.md, "What it costs"):
//   verify  the server's check of a solution (shape, expiry, one SHA-256, one HMAC): verifications/s
//   solve   a bot solving challenges in C# (SHA-256 on the CPU, no browser): solutions/s, which bounds
//           the anonymous orders/s one bot core can place with the challenge On
//   dotnet bench/ChallengeBench/bin/Release/net10.0/ChallengeBench.dll [--maxnumber 10000] [--seconds 10]
// The process is pinned to one CPU and runs one thread. The single-use insert is not in "verify": it
// is one batched statement per batch of orders in PostgreSQL (see the order bench for the database).
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using OcopLive.Orders;

var maxNumber = IntArg("--maxnumber", 10_000);
var seconds = IntArg("--seconds", 10);
if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
{
    Process.GetCurrentProcess().ProcessorAffinity = 1;
}

var key = RandomNumberGenerator.GetBytes(32);
var lifetime = TimeSpan.FromMinutes(5);
Console.WriteLine($"maxnumber {maxNumber:N0}, {seconds} s per measure, 1 core, {Environment.ProcessorCount} CPUs seen");

// A bot: challenges solved one after the other (creating them is the server's part, not timed).
var solved = new List<string>();
var hashes = 0L;
var solveTime = TimeSpan.Zero;
var deadline = Stopwatch.StartNew();
while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
{
    var challenge = Altcha.Create(key, maxNumber, DateTimeOffset.UtcNow + lifetime);
    var t = Stopwatch.GetTimestamp();
    var payload = Altcha.Solve(challenge);
    solveTime += Stopwatch.GetElapsedTime(t);
    hashes += System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("number").GetInt64() + 1;
    solved.Add(payload);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"solve:  {solved.Count / solveTime.TotalSeconds,12:N0} solutions/s per core ({hashes / solveTime.TotalSeconds:N0} SHA-256/s; mean {solveTime.TotalMilliseconds / solved.Count:F2} ms)"));

// The server: every solution verified (as many rounds over them as the time allows).
var verified = 0L;
var now = DateTimeOffset.UtcNow;
var sw = Stopwatch.StartNew();
while (sw.Elapsed < TimeSpan.FromSeconds(seconds))
{
    foreach (var payload in solved)
    {
        if (Altcha.Verify(payload, key, maxNumber, now, lifetime) is null)
        {
            throw new InvalidOperationException("a good solution was refused");
        }

        verified++;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"verify: {verified / sw.Elapsed.TotalSeconds,12:N0} verifications/s per core (mean {sw.Elapsed.TotalMicroseconds / verified:F2} µs)"));
return 0;

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
