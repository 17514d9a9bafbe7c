using System.Globalization;

namespace OcopLive.IntegrationTests.Live;

/// <summary>The app's own figures as an operator's Prometheus sees them (<c>/metrics</c>, answered to loopback).</summary>
public static class LiveMetrics
{
    /// <summary>Sum of every series of a metric in the scrape (all label sets), 0 when absent.</summary>
    public static double Sum(string scrape, string metric, string? labelContaining = null)
    {
        var sum = 0.0;
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith('#') || !(line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            if (labelContaining is not null && !line.Contains(labelContaining, StringComparison.Ordinal))
            {
                continue;
            }

            var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    /// <summary>
    /// The live reads counted so far. The exporter may answer a scrape from a copy a few hundred
    /// milliseconds old, so a caller that knows the count moved past <paramref name="moreThan"/>
    /// waits for a scrape that shows it.
    /// </summary>
    public static async Task<double> LiveReadsAsync(HttpClient client, double moreThan = -1, string? by = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var reads = Sum(await client.GetStringAsync("/metrics"), "ocoplive_live_reads_total", by is null ? null : $"by=\"{by}\"");
            if (reads > moreThan || DateTime.UtcNow > deadline)
            {
                return reads;
            }

            await Task.Delay(50);
        }
    }
}
