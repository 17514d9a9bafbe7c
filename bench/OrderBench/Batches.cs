using System.Globalization;

namespace OcopLive.Bench;

/// <summary>
/// The app's own view of a run, from its Prometheus <c>/metrics</c> (answered to loopback):
/// how many batches it committed, their mean size and mean time from batch start to commit.
/// </summary>
internal sealed record BatchFigures(double Batches, double Orders, double Milliseconds)
{
    public static async Task<BatchFigures> ScrapeAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var text = await http.GetStringAsync("/metrics");
        double Value(string prefix, string suffix) => text.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Split(' ', '{')[0].EndsWith(suffix, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .Sum();
        return new BatchFigures(
            Value("ocoplive_orders_batch_size", "_count"),
            Value("ocoplive_orders_batch_size", "_sum"),
            Value("ocoplive_orders_batch_duration", "_sum"));
    }

    public string Since(BatchFigures before)
    {
        var batches = Batches - before.Batches;
        return batches <= 0
            ? "no batches"
            : $"{batches:F0} batches, {(Orders - before.Orders) / batches:F1} orders each, {(Milliseconds - before.Milliseconds) / batches:F1} ms from start to commit";
    }
}
