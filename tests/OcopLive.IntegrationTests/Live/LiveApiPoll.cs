using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// The live API is served from memory: a figure committed a moment ago reaches it with the
/// notifier's next flush (within ~100 ms), not with the 201. Tests that read it after a commit
/// wait for the figure they expect, with a timeout.
/// </summary>
public static class LiveApiPoll
{
    public static async Task<JsonElement> GetUntilAsync(HttpClient client, string url, Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(5)).TotalSeconds * Stopwatch.Frequency);
        JsonElement last;
        do
        {
            last = await client.GetFromJsonAsync<JsonElement>(url);
            if (predicate(last))
            {
                return last;
            }

            await Task.Delay(25);
        }
        while (Stopwatch.GetTimestamp() < deadline);

        throw new Xunit.Sdk.XunitException($"{url} did not reach the expected figure within the timeout; last: {last}");
    }
}
