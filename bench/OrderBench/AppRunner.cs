using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OcopLive.Bench;

/// <summary>The Release build of the app as its own process, rate limits off (one load address).</summary>
internal sealed class AppRunner : IDisposable
{
    private readonly Process _process;
    private long _peakRssKb;
    private readonly Timer _sampler;

    private AppRunner(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _sampler = new Timer(_ => SampleRss(), null, 0, 200);
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    /// <param name="dll">Another build of the app (e.g. the commit before a change, for a before/after run); default this tree's Release build.</param>
    /// <param name="cpus">A taskset CPU list (e.g. "0") to pin the app to, apart from the load generator; null: not pinned.</param>
    /// <param name="environment">More settings for the app (e.g. the bootstrap admin's password), beside the bench's own.</param>
    public static AppRunner Start(string root, string connectionString, string? dll = null, string? cpus = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // Absolute: the app runs with its own folder as the working directory.
        dll = Path.GetFullPath(dll ?? Path.Combine(root, "src", "OcopLive", "bin", "Release", "net10.0", "OcopLive.dll"));
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build first: dotnet build -c Release src/OcopLive", dll);
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        // taskset execs dotnet in place: the process id stays the app's.
        var info = cpus is null
            ? new ProcessStartInfo("dotnet", [dll, "--urls", url])
            : new ProcessStartInfo("taskset", ["-c", cpus, "dotnet", dll, "--urls", url]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetDirectoryName(dll)!;
        info.Environment["ConnectionStrings__OcopLive"] = connectionString;
        info.Environment["OcopLive__RateLimiting__Enabled"] = "false";
        info.Environment["OcopLive__Orders__Challenge"] = "Off";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[app] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppRunner(process, new Uri(url));
    }

    public async Task WaitReadyAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 1500; i++)
        {
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("app not ready");
    }

    /// <summary>User + system CPU seconds of the app process so far.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>µs of app CPU per unit of work between two <see cref="CpuSeconds"/> readings.</summary>
    public static double MicrosPer(double cpuBefore, double cpuAfter, double units) =>
        units <= 0 ? double.NaN : (cpuAfter - cpuBefore) * 1_000_000 / units;

    /// <summary>
    /// Runs the load in 10 s windows until the app's CPU per unit of work settles: at least
    /// <paramref name="minSeconds"/>, then until two windows in a row agree within 5 %, at most
    /// <paramref name="maxSeconds"/>. The JIT's tiers go on compiling for one to two minutes after a
    /// start (at 1,000 orders/s the tiered-compilation thread still took 11-34 % of the app's CPU
    /// 40-70 s in, ~3 % after two minutes), so a fixed short warm-up measures the compiler. The
    /// minimum matters more than the rule: the compiler's share falls slowly, so two windows can
    /// agree at 40 s while the JIT still takes a third. <paramref name="window"/> runs one window
    /// and answers its µs per unit and the line to print.
    /// </summary>
    public static async Task WarmUpAsync(int minSeconds, int maxSeconds, Func<TimeSpan, Task<(double Micros, string Line)>> window)
    {
        double? last = null;
        for (var warmed = 10; warmed <= Math.Max(minSeconds, maxSeconds); warmed += 10)
        {
            var (micros, line) = await window(TimeSpan.FromSeconds(10));
            Console.WriteLine($"  warm-up {warmed,3} s: {line}");
            var steady = last is { } previous && Math.Abs(micros - previous) <= 0.05 * previous;
            last = micros;
            if (warmed >= minSeconds && steady)
            {
                return;
            }
        }
    }

    public long PeakRssMb() => Interlocked.Read(ref _peakRssKb) / 1024;

    private void SampleRss()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    if (kb > Interlocked.Read(ref _peakRssKb))
                    {
                        Interlocked.Exchange(ref _peakRssKb, kb);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _sampler.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
