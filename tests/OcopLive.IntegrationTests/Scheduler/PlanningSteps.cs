using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Scheduler;

/// <summary>
/// The planning steps a director takes, through the API: create a session, register entries, put a
/// line-up, press a control (go-live, next, end), and wait for the scheduler's background work to show.
/// </summary>
public static class PlanningSteps
{
    public static async Task<Guid> CreateSessionAsync(HttpClient staff, DateTimeOffset? startsAt = null, int durationMinutes = 60,
        int orderGraceMinutes = 30, bool autoGoLive = false)
    {
        var response = await staff.PostAsJsonAsync("/api/sessions", new
        {
            title = "Phiên chợ OCOP thử nghiệm",
            startsAt = (startsAt ?? DateTimeOffset.UtcNow.AddDays(2)).ToString("O"),
            durationMinutes,
            orderGraceMinutes,
            autoGoLive,
        });
        return await Catalogue.IdOf(response);
    }

    /// <summary>A session with one entry per producer: returns the session and its products.</summary>
    public static async Task<(Guid SessionId, List<Guid> Products)> SessionWithEntriesAsync(HttpClient staff, int producers,
        DateTimeOffset? startsAt = null, int orderGraceMinutes = 30)
    {
        var sessionId = await CreateSessionAsync(staff, startsAt, orderGraceMinutes: orderGraceMinutes);
        var products = new List<Guid>();
        for (var i = 0; i < producers; i++)
        {
            var producerId = await Catalogue.CreateProducerAsync(staff);
            var productId = await Catalogue.CreateProductAsync(staff, producerId, priceVnd: 100_000 + (i * 10_000));
            var entry = await staff.PostAsJsonAsync($"/api/sessions/{sessionId}/entries", new { productId, minutes = 5 });
            Assert.Equal(HttpStatusCode.Created, entry.StatusCode);
            products.Add(productId);
        }

        return (sessionId, products);
    }

    public static async Task PutLineupAsync(HttpClient staff, Guid sessionId, IEnumerable<Guid> products)
    {
        var response = await staff.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = products.Select(p => new { productId = p, minutes = 5 }).ToArray() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonElement> PostAsync(HttpClient staff, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await staff.PostAsync(url, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return string.IsNullOrEmpty(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls a GET until the predicate holds (the scheduler works in the background).</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient staff, string url, Func<JsonElement, bool> done, int seconds = 15)
    {
        var watch = Stopwatch.StartNew();
        JsonElement last = default;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            last = await staff.GetFromJsonAsync<JsonElement>(url);
            if (done(last))
            {
                return last;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{url} did not reach the expected state in {seconds} s; last: {last}");
        return last;
    }
}
