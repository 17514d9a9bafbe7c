using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace OcopLive.LiveBench;

/// <summary>
/// The viewer's first load on a cheap phone: Debian's Chromium through Playwright, a phone's
/// viewport, the CPU slowed 4× and the network shaped like DevTools' "3G" profile (562.5 ms of
/// latency, 1.44 Mbit/s down, 675 kbit/s up). For each run, a new browser context (an empty
/// cache) opens <c>/s/{id}</c> and a buyer types "thanh sen" into the commune field as soon as its
/// script has taken it over; the run ends when the first matching commune is offered, i.e. when the form does what
/// a buyer needs from it. Then the same context opens the page again (a repeat visit).
/// Prints, per visit: first contentful paint, DOMContentLoaded, load, time to a usable form
/// (from the navigation's start, measured in the page) and bytes on the wire (CDP's
/// <c>encodedDataLength</c> of every response).
/// </summary>
internal static class FirstLoad
{
    // DevTools' "3G" preset (formerly "Fast 3G"): 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
    private const double LatencyMs = 562.5;
    private const double DownBytesPerSecond = 1.6 * 1024 * 1024 / 8 * 0.9;
    private const double UpBytesPerSecond = 750.0 * 1024 / 8 * 0.9;

    public static async Task<int> RunAsync(Options o, Uri baseUrl, Show show, string startLoad)
    {
        var runs = o.Int("runs", 5);
        var throttle = o.Int("cpu-throttle", 4);
        var url = new Uri(baseUrl, $"/s/{show.SessionId}").ToString();
        Console.WriteLine($"first load of {url}: Chromium, CPU {throttle}× slower, 3G ({LatencyMs} ms, " +
            $"{DownBytesPerSecond * 8 / 1_000_000:0.00} Mbit/s down); {runs} runs · load average {startLoad} · bench on CPU {Flood.Cpus()}");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = o.Get("chromium", "/usr/bin/chromium"),
            Headless = true,
        });

        var first = new List<Visit>();
        var repeat = new List<Visit>();
        for (var run = 0; run < runs; run++)
        {
            await using var context = await browser.NewContextAsync(new()
            {
                ViewportSize = new() { Width = 390, Height = 844 },
                IsMobile = true,
                HasTouch = true,
                Locale = "vi-VN",
            });
            var page = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Network.emulateNetworkConditions", new()
            {
                ["offline"] = false,
                ["latency"] = LatencyMs,
                ["downloadThroughput"] = DownBytesPerSecond,
                ["uploadThroughput"] = UpBytesPerSecond,
            });
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = throttle });
            var wire = new Wire();
            cdp.Event("Network.responseReceived").OnEvent += (_, e) => wire.Named(e);
            cdp.Event("Network.loadingFinished").OnEvent += (_, e) => wire.Add(e);

            first.Add(await VisitAsync(page, url, wire));
            var firstResponses = wire.Listing();
            repeat.Add(await VisitAsync(page, url, wire));
            Console.WriteLine($"run {run + 1}: first {first[^1]} · repeat {repeat[^1]}");
            if (run == 0)
            {
                Console.WriteLine("  first visit's responses: " + firstResponses);
                Console.WriteLine("  repeat visit's responses: " + wire.Listing());
            }
        }

        Console.WriteLine();
        Console.WriteLine("| visit | first contentful paint ms | DOMContentLoaded ms | load ms | usable form ms | bytes on the wire |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, visits) in new[] { ("first", first), ("repeat", repeat) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} (median of {visits.Count}) | {Median(visits, v => v.Paint):0} | {Median(visits, v => v.DomContentLoaded):0} | " +
                $"{Median(visits, v => v.Load):0} | {Median(visits, v => v.Usable):0} | {Median(visits, v => v.Bytes):0} |"));
        }

        Console.WriteLine($"load average at the end {Flood.LoadAverage()}");
        return 0;
    }

    private static async Task<Visit> VisitAsync(IPage page, string url, Wire wire)
    {
        wire.Reset();
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        // The field is in the HTML from the first byte, but it searches only once the picker's
        // script has taken it over (role=combobox): the buyer types then.
        var commune = page.Locator("[data-testid=viewer-commune][role=combobox]");
        await commune.WaitForAsync(new() { Timeout = 120_000 });
        await commune.FillAsync("thanh sen");
        await page.GetByTestId("viewer-commune-option").First.WaitForAsync(new() { Timeout = 120_000 });
        var usable = await page.EvaluateAsync<double>("performance.now()");
        await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 120_000 });
        var timing = await page.EvaluateAsync<JsonElement>("""
            (() => {
              const n = performance.getEntriesByType('navigation')[0];
              const p = performance.getEntriesByName('first-contentful-paint')[0];
              return { paint: p ? p.startTime : -1, dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
            })()
            """);
        // Responses still arriving after the form became usable (the icon, a late script) count too.
        await Task.Delay(500);
        return new Visit(
            timing.GetProperty("paint").GetDouble(),
            timing.GetProperty("dcl").GetDouble(),
            timing.GetProperty("load").GetDouble(),
            usable,
            wire.Bytes);
    }

    private static double Median(List<Visit> visits, Func<Visit, double> of)
    {
        var sorted = visits.Select(of).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private sealed record Visit(double Paint, double DomContentLoaded, double Load, double Usable, long Bytes)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"paint {Paint:0} ms, DOMContentLoaded {DomContentLoaded:0} ms, load {Load:0} ms, usable {Usable:0} ms, {Bytes:N0} B");
    }

    private sealed class Wire
    {
        private readonly Dictionary<string, string> _urls = [];
        private readonly List<(string Url, long Bytes)> _responses = [];
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        public void Reset()
        {
            Interlocked.Exchange(ref _bytes, 0);
            lock (_responses)
            {
                _responses.Clear();
            }
        }

        public void Named(JsonElement? e)
        {
            if (e is { } json && json.TryGetProperty("requestId", out var id) && json.TryGetProperty("response", out var response))
            {
                lock (_responses)
                {
                    _urls[id.GetString()!] = new Uri(response.GetProperty("url").GetString()!).PathAndQuery;
                }
            }
        }

        public void Add(JsonElement? e)
        {
            if (e is { } json && json.TryGetProperty("encodedDataLength", out var length))
            {
                var bytes = (long)length.GetDouble();
                Interlocked.Add(ref _bytes, bytes);
                lock (_responses)
                {
                    _responses.Add((_urls.GetValueOrDefault(json.GetProperty("requestId").GetString()!, "?"), bytes));
                }
            }
        }

        public string Listing()
        {
            lock (_responses)
            {
                return string.Join(", ", _responses.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Url.Split('?')[0]} {r.Bytes:N0} B")));
            }
        }
    }
}
