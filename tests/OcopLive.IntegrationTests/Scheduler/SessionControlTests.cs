using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Scheduler;

public class SessionControlTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task GoLiveNextEnd_MoveTheShowAlong_AndRefuseWrongTransitions()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 2);
        var url = $"/api/sessions/{sessionId}";

        await AssertConflictAsync(staff, url + "/go-live", "lineup-empty");
        await AssertConflictAsync(staff, url + "/next", "session-not-live");
        await AssertConflictAsync(staff, url + "/end", "session-not-live");

        await PlanningSteps.PutLineupAsync(staff, sessionId, products);
        var live = await PlanningSteps.PostAsync(staff, url + "/go-live");
        Assert.Equal("Live", live.GetProperty("status").GetString());
        Assert.Equal("Locked", live.GetProperty("lineupState").GetString());
        Assert.Equal(1, live.GetProperty("currentPosition").GetInt32());
        Assert.Equal(products[0], live.GetProperty("current").GetProperty("productId").GetGuid());
        Assert.True(live.TryGetProperty("wentLiveAt", out var wentLive) && wentLive.ValueKind == JsonValueKind.String);
        await AssertConflictAsync(staff, url + "/go-live", "session-already-live");

        var next = await PlanningSteps.PostAsync(staff, url + "/next");
        Assert.Equal(2, next.GetProperty("current").GetProperty("position").GetInt32());
        await AssertConflictAsync(staff, url + "/next", "no-next-segment");

        var ended = await PlanningSteps.PostAsync(staff, url + "/end");
        Assert.Equal("Ended", ended.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("currentPosition").ValueKind);
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("current").ValueKind);
        await AssertConflictAsync(staff, url + "/end", "session-ended");
        await AssertConflictAsync(staff, url + "/next", "session-ended");

        var lineup = await staff.GetFromJsonAsync<JsonElement>(url + "/lineup");
        Assert.All(lineup.GetProperty("segments").EnumerateArray(), s =>
        {
            Assert.Equal(JsonValueKind.String, s.GetProperty("actualStart").ValueKind);
            Assert.Equal(JsonValueKind.String, s.GetProperty("actualEnd").ValueKind);
        });
    }

    [Fact]
    public async Task Next_CalledTwiceAtOnce_AdvancesOneSegmentEach()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 3);
        await PlanningSteps.PutLineupAsync(staff, sessionId, products);
        await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/go-live");

        var calls = await Task.WhenAll(staff.PostAsync($"/api/sessions/{sessionId}/next", null), staff.PostAsync($"/api/sessions/{sessionId}/next", null));

        Assert.All(calls, c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        var positions = await Task.WhenAll(calls.Select(async c =>
            (await c.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").GetProperty("position").GetInt32()));
        Assert.Equal([2, 3], positions.Order());
    }

    [Fact]
    public async Task End_SchedulesTheClose_AndTheReportsFollow()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 2, orderGraceMinutes: 0);
        await PlanningSteps.PutLineupAsync(staff, sessionId, products);
        await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/go-live");
        await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/end");

        var closed = await PlanningSteps.WaitForAsync(staff, $"/api/sessions/{sessionId}", s => s.GetProperty("status").GetString() == "Closed");
        Assert.Equal(JsonValueKind.String, closed.GetProperty("closedAt").ValueKind);

        var reports = await PlanningSteps.WaitForAsync(staff, $"/api/sessions/{sessionId}/reports", r => r.GetProperty("producers").GetArrayLength() == 2);
        var csvUrl = reports.GetProperty("producers")[0].GetProperty("csvUrl").GetString()!;
        var csv = await staff.GetAsync(csvUrl);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("section,productId,productName", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'), StringComparison.Ordinal);

        var producerId = reports.GetProperty("producers")[0].GetProperty("producerId").GetGuid();
        var otherProducerId = reports.GetProperty("producers")[1].GetProperty("producerId").GetGuid();
        using var producer = await app.ClientInRoleAsync("Producer", producerId);
        Assert.Equal(HttpStatusCode.OK, (await producer.GetAsync($"/api/producers/{producerId}/reports/{sessionId}.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await producer.GetAsync($"/api/producers/{otherProducerId}/reports/{sessionId}.csv")).StatusCode);

        var events = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/events");
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "ordering-closed");
    }

    [Fact]
    public async Task TheClock_AnnouncesStartingSoon_AndGoesLiveByItself_WhenAsked()
    {
        using var staff = await app.ClientAsAsync();
        var (autoId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 2);
        await PlanningSteps.PutLineupAsync(staff, autoId, products);
        var soonId = await PlanningSteps.CreateSessionAsync(staff);

        var now = DateTimeOffset.UtcNow;
        await staff.PatchAsJsonAsync($"/api/sessions/{autoId}", new { startsAt = now.AddSeconds(2).ToString("O"), autoGoLive = true });
        await staff.PatchAsJsonAsync($"/api/sessions/{soonId}", new { startsAt = now.AddMinutes(30).AddSeconds(2).ToString("O") });

        var live = await PlanningSteps.WaitForAsync(staff, $"/api/sessions/{autoId}", s => s.GetProperty("status").GetString() == "Live");
        Assert.Equal(1, live.GetProperty("currentPosition").GetInt32());
        var events = await PlanningSteps.WaitForAsync(staff, $"/api/sessions/{soonId}/events", e => e.GetArrayLength() > 0);
        Assert.Equal("starting-soon", events[0].GetProperty("kind").GetString());
        Assert.Contains("sắp lên sóng", events[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // The director sees it in the control room's session log.
        using var director = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var control = WebUtility.HtmlDecode(await director.GetStringAsync($"/control/{soonId}"));
        Assert.Contains("data-kind=\"starting-soon\"", control, StringComparison.Ordinal);
        Assert.Contains(events[0].GetProperty("message").GetString()!, control, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PatchAndDelete_ChangeOnlyDrafts_AndRescheduleOrDropTheJobs()
    {
        using var staff = await app.ClientAsAsync();
        var startsAt = DateTimeOffset.UtcNow.AddDays(3);
        var sessionId = await PlanningSteps.CreateSessionAsync(staff, startsAt);
        var before = await JobsOf(sessionId);
        Assert.Equal(["BuildLineup", "CloseOrdering", "StartingSoon"], before.Select(j => j.Kind.ToString()).Order());

        var patched = await staff.PatchAsJsonAsync($"/api/sessions/{sessionId}", new { startsAt = startsAt.AddHours(1).ToString("O"), autoGoLive = true });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var after = await JobsOf(sessionId);
        Assert.Equal(4, after.Count);
        Assert.DoesNotContain(after, j => before.Any(b => b.JobId == j.JobId));
        Assert.Contains(after, j => j.Kind.ToString() == "AutoGoLive");

        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/sessions/{sessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/sessions/{sessionId}")).StatusCode);
        Assert.Empty(await JobsOf(sessionId));
        var storage = app.Services.GetService(typeof(Hangfire.JobStorage)) as Hangfire.JobStorage;
        var state = storage!.GetMonitoringApi().JobDetails(after[0].JobId).History[0].StateName;
        Assert.Equal("Deleted", state);

        var (liveId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 1);
        await PlanningSteps.PutLineupAsync(staff, liveId, products);
        await PlanningSteps.PostAsync(staff, $"/api/sessions/{liveId}/go-live");
        var refused = await ProblemAssertions.AssertProblemAsync(await staff.PatchAsJsonAsync($"/api/sessions/{liveId}", new { title = "Đổi tên" }), HttpStatusCode.Conflict);
        Assert.EndsWith("/session-not-draft", refused.GetProperty("type").GetString());
    }

    private Task<List<OcopLive.Scheduler.SessionJob>> JobsOf(Guid sessionId) =>
        app.WithDbAsync(db => db.SessionJobs.AsNoTracking().Where(j => j.SessionId == sessionId).ToListAsync());

    private static async Task AssertConflictAsync(HttpClient staff, string url, string word)
    {
        var problem = await ProblemAssertions.AssertProblemAsync(await staff.PostAsync(url, null), HttpStatusCode.Conflict);
        Assert.EndsWith("/" + word, problem.GetProperty("type").GetString());
    }
}
