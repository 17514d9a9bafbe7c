using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;
using OcopLive.Studio;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Studio;

/// <summary>The app with a short switcher timeout (300 ms per step), so a slow switcher's lane moves on quickly.</summary>
public sealed class SwitcherApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Studio:SwitcherTimeout"] = "00:00:00.300",
    };
}

/// <summary>
/// go-live / next / end drive the studio's switcher: a fake OBS (obs-websocket 5 with its
/// authentication, over a real WebSocket) and a fake vMix (its HTTP API) receive the right requests
/// in the right order, and a switcher that is down or slow never delays the director's answer.
/// </summary>
public class SwitcherTests(SwitcherApp app, ITestOutputHelper output) : IClassFixture<SwitcherApp>
{
    private const string Password = "mat-khau-obs-2026";

    private async Task<(OnAirSession Show, string[] Names)> DraftAsync(HttpClient staff, int products = 2)
    {
        var show = await OnAirSession.ArrangeAsync(app, [.. Enumerable.Repeat(100, products)], status: SessionStatus.Draft);
        var names = new string[products];
        for (var i = 0; i < products; i++)
        {
            var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{show.ProductIds[i]}");
            names[i] = product.GetProperty("name").GetString()!;
        }

        return (show, names);
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (5 * Stopwatch.Frequency);
        while (!done())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Obs_GetsTheProductNameAndTheScene_AfterGoLiveNextAndEnd_InOrder_WithItsAuthentication()
    {
        await using var obs = await FakeObs.StartAsync(Password);
        using var staff = await app.ClientAsAsync();
        var (show, names) = await DraftAsync(staff);
        var put = await staff.PutAsJsonAsync($"/api/sessions/{show.SessionId}/switcher", new
        {
            kind = "Obs",
            address = obs.Address.ToString(),
            password = Password,
            textSource = "Tên sản phẩm",
            defaultScene = "Bàn chính",
            endScene = "Kết thúc",
            scenes = new Dictionary<string, string> { ["2"] = "Vườn cam" },
        });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var view = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(view.GetProperty("passwordSet").GetBoolean());
        Assert.DoesNotContain(Password, view.GetRawText(), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Set<SwitcherSettings>().AsNoTracking().SingleAsync(s => s.SessionId == show.SessionId));
        Assert.NotNull(stored.ProtectedPassword);
        Assert.DoesNotContain(Password, stored.ProtectedPassword, StringComparison.Ordinal);

        foreach (var action in new[] { "go-live", "next", "end" })
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/{action}", null)).StatusCode);
        }

        await WaitForAsync(() => obs.Requests.Count >= 6, "six OBS requests");
        Assert.Equal(
        [
            ("SetInputSettings", "Tên sản phẩm", (string?)names[0]),
            ("SetCurrentProgramScene", "Bàn chính", null),
            ("SetInputSettings", "Tên sản phẩm", names[1]),
            ("SetCurrentProgramScene", "Vườn cam", null),
            ("SetInputSettings", "Tên sản phẩm", ""),
            ("SetCurrentProgramScene", "Kết thúc", null),
        ], obs.Requests.Select(r => (r.Type, r.Target, r.Value)));
        Assert.Equal(3, obs.Identifies);

        var status = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{show.SessionId}/switcher");
        Assert.True(status.GetProperty("status").GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("status").GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task Obs_WithAWrongPassword_IsReportedAsAnError_AndNothingIsSwitched()
    {
        await using var obs = await FakeObs.StartAsync(Password);
        using var staff = await app.ClientAsAsync();
        var (show, _) = await DraftAsync(staff, 1);
        await staff.PutAsJsonAsync($"/api/sessions/{show.SessionId}/switcher", new
        {
            kind = "Obs",
            address = obs.Address.ToString(),
            password = "sai-mat-khau",
            defaultScene = "Bàn chính",
        });

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/go-live", null)).StatusCode);

        var status = await WaitForErrorAsync(staff, show.SessionId);
        Assert.Contains("4009", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(status.GetProperty("connected").GetBoolean());
        Assert.Empty(obs.Requests);
    }

    [Fact]
    public async Task Vmix_GetsSetTextThenCutDirect_AfterGoLiveNextAndEnd_InOrder()
    {
        await using var vmix = await FakeVmix.StartAsync();
        using var staff = await app.ClientAsAsync();
        var (show, names) = await DraftAsync(staff);
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/sessions/{show.SessionId}/switcher", new
        {
            kind = "Vmix",
            address = vmix.Address.ToString(),
            textSource = "Title 1",
            textField = "Headline.Text",
            defaultScene = "Camera 1",
            endScene = "Logo",
            scenes = new Dictionary<string, string> { ["1"] = "Camera 2" },
        })).StatusCode);

        foreach (var action in new[] { "go-live", "next", "end" })
        {
            Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/{action}", null)).StatusCode);
        }

        await WaitForAsync(() => vmix.Requests.Count >= 6, "six vMix calls");
        Assert.Equal(
        [
            ("SetText", "Title 1", (string?)("Headline.Text=" + names[0])),
            ("CutDirect", "Camera 2", null),
            ("SetText", "Title 1", "Headline.Text=" + names[1]),
            ("CutDirect", "Camera 1", null),
            ("SetText", "Title 1", "Headline.Text="),
            ("CutDirect", "Logo", null),
        ], vmix.Requests.Select(r => (r.Type, r.Target, r.Value)));
    }

    [Fact]
    public async Task A_slow_switcher_never_delays_next_and_its_timed_out_action_is_reported()
    {
        await using var obs = await FakeObs.StartAsync();
        obs.Delay = TimeSpan.FromSeconds(3);
        using var staff = await app.ClientAsAsync();
        var (show, _) = await DraftAsync(staff, 3);
        await staff.PutAsJsonAsync($"/api/sessions/{show.SessionId}/switcher", new { kind = "Obs", address = obs.Address.ToString(), defaultScene = "Bàn chính" });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/go-live", null)).StatusCode);

        var started = Stopwatch.GetTimestamp();
        var next = await staff.PostAsync($"/api/sessions/{show.SessionId}/next", null);
        var took = Stopwatch.GetElapsedTime(started);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        output.WriteLine($"next answered in {took.TotalMilliseconds:0} ms while OBS takes 3 s per request");
        Assert.True(took < TimeSpan.FromSeconds(2), $"next took {took.TotalMilliseconds:0} ms behind a slow switcher");

        var status = await WaitForErrorAsync(staff, show.SessionId);
        Assert.Contains("timeout", status.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_switcher_that_is_down_never_delays_next_and_the_failed_actions_run_again_on_retry()
    {
        var port = FreePort();
        using var staff = await app.ClientAsAsync();
        var (show, names) = await DraftAsync(staff, 2);
        await staff.PutAsJsonAsync($"/api/sessions/{show.SessionId}/switcher", new
        {
            kind = "Vmix",
            address = $"http://127.0.0.1:{port}/",
            textSource = "Title 1",
            defaultScene = "Camera 1",
        });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/go-live", null)).StatusCode);
        var started = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/next", null)).StatusCode);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2));

        // Both transitions failed; the last one's actions wait for the retry key.
        var status = await WaitForFailedAsync(staff, show.SessionId);
        Assert.False(status.GetProperty("connected").GetBoolean());

        await using var vmix = await FakeVmix.StartOnAsync(port);
        var retry = await staff.PostAsync($"/api/sessions/{show.SessionId}/switcher/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await WaitForAsync(() => vmix.Requests.Count >= 2, "the retried actions");
        Assert.Equal([("SetText", "Title 1"), ("CutDirect", "Camera 1")], vmix.Requests.Select(r => (r.Type, r.Target)));
        Assert.Equal("Headline.Text=" + names[1], vmix.Requests.First().Value);
        await ProblemAssertions.AssertProblemAsync(await staff.PostAsync($"/api/sessions/{show.SessionId}/switcher/retry", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Switcher_settings_are_validated_and_nothing_is_stored_when_refused()
    {
        using var staff = await app.ClientAsAsync();
        var (show, _) = await DraftAsync(staff, 1);
        var url = $"/api/sessions/{show.SessionId}/switcher";

        var problem = await ProblemAssertions.AssertProblemAsync(
            await staff.PutAsJsonAsync(url, new { kind = "Obs", address = "http://127.0.0.1:4455" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address", out _));
        await ProblemAssertions.AssertProblemAsync(await staff.PutAsJsonAsync(url, new { address = "ws://127.0.0.1:4455" }), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync(url), HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> WaitForErrorAsync(HttpClient staff, Guid sessionId)
    {
        var deadline = Stopwatch.GetTimestamp() + (8 * Stopwatch.Frequency);
        while (true)
        {
            var status = (await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/switcher")).GetProperty("status");
            if (status.GetProperty("lastError").ValueKind == JsonValueKind.String)
            {
                return status;
            }

            Assert.True(Stopwatch.GetTimestamp() < deadline, "no switcher error reported");
            await Task.Delay(50);
        }
    }

    private static async Task<JsonElement> WaitForFailedAsync(HttpClient staff, Guid sessionId)
    {
        var deadline = Stopwatch.GetTimestamp() + (8 * Stopwatch.Frequency);
        while (true)
        {
            var status = (await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/switcher")).GetProperty("status");
            if (status.GetProperty("failed").GetArrayLength() == 2 && status.GetProperty("lastError").ValueKind == JsonValueKind.String
                && status.GetProperty("lastErrorAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-30))
            {
                // Wait for both lanes' jobs: the second error replaces the first.
                await Task.Delay(700);
                return (await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/switcher")).GetProperty("status");
            }

            Assert.True(Stopwatch.GetTimestamp() < deadline, "no failed actions reported");
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
