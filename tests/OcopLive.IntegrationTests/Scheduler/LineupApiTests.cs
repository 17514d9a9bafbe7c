using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Scheduler;

public class LineupApiTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task BuildLineup_Answers202_AndTheJobStoresABuiltLineup()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 4);

        var accepted = await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/lineup/build", HttpStatusCode.Accepted);
        Assert.False(string.IsNullOrEmpty(accepted.GetProperty("jobId").GetString()));

        var lineup = await PlanningSteps.WaitForAsync(staff, $"/api/sessions/{sessionId}/lineup", l => l.GetProperty("state").GetString() == "Built");
        var segments = lineup.GetProperty("segments").EnumerateArray().ToList();
        Assert.Equal(4, segments.Count);
        Assert.Equal(products.Order(), segments.Select(s => s.GetProperty("productId").GetGuid()).Order());
        Assert.Equal([1, 2, 3, 4], segments.Select(s => s.GetProperty("position").GetInt32()));
        Assert.All(segments, s =>
        {
            Assert.Equal(5, s.GetProperty("minutes").GetInt32());
            Assert.False(string.IsNullOrEmpty(s.GetProperty("reason").GetString()));
            Assert.True(s.GetProperty("priceVnd").GetInt64() > 0);
            Assert.NotEqual(Guid.Empty, s.GetProperty("producerId").GetGuid());
        });
        var session = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}");
        var start = session.GetProperty("startsAt").GetDateTimeOffset();
        Assert.Equal(start.AddMinutes(2), segments[0].GetProperty("plannedStart").GetDateTimeOffset());
        Assert.Equal(start.AddMinutes(7), segments[1].GetProperty("plannedStart").GetDateTimeOffset());
    }

    [Fact]
    public async Task EditLineup_ValidatesEntriesAndMinutes_AndIsRefusedOnceLocked()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 2);

        var problem = await ProblemAssertions.AssertProblemAsync(await staff.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = new object[] { new { productId = Guid.NewGuid(), minutes = 5 }, new { productId = products[0], minutes = 9 } } }),
            HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("segments[0].productId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("segments[1].minutes", out _));

        var empty = await ProblemAssertions.AssertProblemAsync(await staff.PostAsync($"/api/sessions/{sessionId}/lineup/lock", null), HttpStatusCode.Conflict);
        Assert.EndsWith("/lineup-empty", empty.GetProperty("type").GetString());

        await PlanningSteps.PutLineupAsync(staff, sessionId, [products[1], products[0]]);
        var locked = await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/lineup/lock");
        Assert.Equal("Locked", locked.GetProperty("state").GetString());
        Assert.Equal(products[1], locked.GetProperty("segments")[0].GetProperty("productId").GetGuid());

        var refused = await ProblemAssertions.AssertProblemAsync(await staff.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = new[] { new { productId = products[0], minutes = 3 } } }), HttpStatusCode.Conflict);
        Assert.EndsWith("/lineup-locked", refused.GetProperty("type").GetString());
        var build = await ProblemAssertions.AssertProblemAsync(await staff.PostAsync($"/api/sessions/{sessionId}/lineup/build", null), HttpStatusCode.Conflict);
        Assert.EndsWith("/lineup-locked", build.GetProperty("type").GetString());
    }

    [Fact]
    public async Task EditLineup_RefusesALineupLongerThanTheSlot()
    {
        using var staff = await app.ClientAsAsync();
        var sessionId = await PlanningSteps.CreateSessionAsync(staff, durationMinutes: 10);
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var a = await Catalogue.CreateProductAsync(staff, producerId);
        var b = await Catalogue.CreateProductAsync(staff, producerId);
        await staff.PostAsJsonAsync($"/api/sessions/{sessionId}/entries", new { productId = a });
        await staff.PostAsJsonAsync($"/api/sessions/{sessionId}/entries", new { productId = b });

        var problem = await ProblemAssertions.AssertProblemAsync(await staff.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = new[] { new { productId = a, minutes = 5 }, new { productId = b, minutes = 2 } } }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("segments", out _));
    }

    [Fact]
    public async Task HangfireDashboard_RedirectsAnonymousToLogin_RefusesOperators_AndOpensForStaff()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        var redirect = await anonymous.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/login?ReturnUrl=%2Fhangfire", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var operatorClient = await app.ClientInRoleAsync("Operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/hangfire")).StatusCode);

        using var director = await app.ClientInRoleAsync("Director");
        var page = await director.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync());
    }
}
