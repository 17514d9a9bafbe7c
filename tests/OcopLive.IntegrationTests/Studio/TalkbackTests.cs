using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Studio;

/// <summary>Talkback end to end: the director's cue over the real hub to the host's screen, and the host's acknowledgement back.</summary>
public class TalkbackTests(OcopApp app, ITestOutputHelper output) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Cue_IsCreatedByDirectorAndAdmin_RefusedToOperatorHostAndAnonymous()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var url = $"/api/sessions/{show.SessionId}/cues";
        var (director, _) = await StudioPeople.InRoleAsync(app, "Director");
        var (operatorApi, _) = await StudioPeople.InRoleAsync(app, "Operator");
        var (host, _) = await StudioPeople.InRoleAsync(app, "Host");
        using var admin = await app.ClientAsAsync();
        using var anonymous = app.CreateClient();

        var created = await director.PostAsJsonAsync(url, new { text = "Nhắc mã QR" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Nhắc mã QR", body.GetProperty("text").GetString());
        Assert.True(body.TryGetProperty("id", out _) && body.TryGetProperty("at", out _));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync(url, new { text = "Kéo dài 1 phút" })).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await operatorApi.PostAsJsonAsync(url, new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsJsonAsync(url, new { text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(url, new { text = "x" })).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await director.PostAsJsonAsync(url, new { text = "  " }), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(await director.PostAsJsonAsync(url, new { text = new string('a', 201) }), HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(
            await director.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/cues", new { text = "x" }), HttpStatusCode.NotFound);

        var cues = await app.WithDbAsync(db => Task.FromResult(db.Set<OcopLive.Studio.Cue>().Count(c => c.SessionId == show.SessionId)));
        Assert.Equal(2, cues);
    }

    [Fact]
    public async Task Cue_ReachesTheHostOverTheHub_NeverThePublicFeeds_AndTheAcknowledgementReachesTheControlRoom()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var (director, _) = await StudioPeople.InRoleAsync(app, "Director");
        var (host, hostName) = await StudioPeople.InRoleAsync(app, "Host");
        await using var hostScreen = await StudioPeople.HubAsync(app, host);
        await using var controlRoom = await StudioPeople.HubAsync(app, director);
        await using var overlay = await LiveClient.ConnectAsync(app.BaseAddress);
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);
        await hostScreen.JoinAsync(show.SessionId);
        await hostScreen.Connection.InvokeAsync<JsonElement>("JoinHost", show.SessionId.ToString());
        await controlRoom.Connection.InvokeAsync<JsonElement>("JoinHost", show.SessionId.ToString());
        await overlay.JoinAsync(show.SessionId);
        await phone.JoinViewerAsync(show.SessionId);

        var sent = Stopwatch.GetTimestamp();
        var created = await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/cues", new { text = "Sắp hết hàng — chốt nhanh" });
        var answered = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var cue = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = cue.GetProperty("id").GetString();

        var arrived = await hostScreen.WaitForAsync("cue", c => c.GetProperty("id").GetString() == id, TimeSpan.FromSeconds(5));
        Assert.Equal("Sắp hết hàng — chốt nhanh", arrived.Payload.GetProperty("text").GetString());
        output.WriteLine($"cue on the host's hub {Stopwatch.GetElapsedTime(sent, arrived.Timestamp).TotalMilliseconds:0} ms after the request, "
            + $"{Stopwatch.GetElapsedTime(answered, arrived.Timestamp).TotalMilliseconds:0} ms after the 201");

        var ack = await host.PostAsync($"/api/cues/{id}/ack", null);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var acked = await controlRoom.WaitForAsync("cueAcked", c => c.GetProperty("id").GetString() == id, TimeSpan.FromSeconds(5));
        Assert.Equal(hostName, acked.Payload.GetProperty("ackedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, acked.Payload.GetProperty("ackedAt").ValueKind);

        // A second tap changes nothing; the public connections heard nothing of either.
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync($"/api/cues/{id}/ack", null)).StatusCode);
        await Task.Delay(300);
        Assert.Single(controlRoom.Of("cueAcked"));
        Assert.Empty(overlay.Of("cue").Concat(overlay.Of("cueAcked")));
        Assert.Empty(phone.Of("cue").Concat(phone.Of("cueAcked")));
    }

    [Fact]
    public async Task JoinHost_IsRefusedToOperatorsAndAnonymousConnections_AndAckToOperators()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        var (operatorApi, _) = await StudioPeople.InRoleAsync(app, "Operator");
        var (director, _) = await StudioPeople.InRoleAsync(app, "Director");
        await using var operatorHub = await StudioPeople.HubAsync(app, operatorApi);
        await using var anonymous = await LiveClient.ConnectAsync(app.BaseAddress);

        await Assert.ThrowsAsync<HubException>(() => operatorHub.Connection.InvokeAsync<JsonElement>("JoinHost", show.SessionId.ToString()));
        await Assert.ThrowsAsync<HubException>(() => anonymous.Connection.InvokeAsync<JsonElement>("JoinHost", show.SessionId.ToString()));

        var created = await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/cues", new { text = "Nhắc mã QR" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorApi.PostAsync($"/api/cues/{id}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await director.PostAsync($"/api/cues/{id}/ack", null)).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await director.PostAsync($"/api/cues/{Guid.NewGuid()}/ack", null), HttpStatusCode.NotFound);
    }
}
