using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>Issue 23 (8): input that should be refused was answered 2xx. Now a problem, nothing stored.</summary>
public class BadInputRefusalTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59+00:00")]
    public async Task AComment_FromYear1OrYear9999_Is400_AndNotStored(string at)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var op = await app.ClientInRoleAsync("Operator");

        var response = await op.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comments",
            new { platform = "YouTube", commentId = Guid.NewGuid().ToString("N"), author = "Hoa", text = "chốt 1", at });

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("at", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.Comments.CountAsync(c => c.SessionId == show.SessionId)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task TheCommentList_WithALimitBelowOne_Is400(int limit)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var op = await app.ClientInRoleAsync("Operator");

        await ProblemAssertions.AssertProblemAsync(await op.GetAsync($"/api/sessions/{show.SessionId}/comments?limit={limit}"), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("sales")]
    [InlineData("payment-totals")]
    [InlineData("orders")]
    [InlineData("orders?format=csv")]
    public async Task AProducersFigures_ForAnUnknownSession_Are404_NotZeros(string what)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var admin = await app.ClientAsAsync();
        var separator = what.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        var response = await admin.GetAsync($"/api/producers/{show.ProducerId}/{what}{separator}sessionId={Guid.NewGuid()}");

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/producers/{show.ProducerId}/{what}{separator}sessionId={show.SessionId}")).StatusCode);
    }

    [Fact]
    public async Task AProducersOrders_WithAnUndefinedPaymentStatus_Is400()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var admin = await app.ClientAsAsync();

        await ProblemAssertions.AssertProblemAsync(await admin.GetAsync($"/api/producers/{show.ProducerId}/orders?payment=-1"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ALineupEdit_WithNoSegment_OrAProductTwice_Is400_AndChangesNothing()
    {
        using var admin = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(admin);
        var productId = await Catalogue.CreateProductAsync(admin, producerId, stock: 10, priceVnd: 100_000, maxPerOrder: 10);
        var sessionId = await Catalogue.IdOf(await admin.PostAsJsonAsync("/api/sessions",
            new { title = "Phiên sửa tay", startsAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 60 }));
        await Catalogue.IdOf(await admin.PostAsJsonAsync($"/api/sessions/{sessionId}/entries", new { productId, minutes = 5 }));

        var none = await admin.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup", new { segments = Array.Empty<object>() });
        var twice = await admin.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = new[] { new { productId, minutes = 3 }, new { productId, minutes = 3 } } });

        await ProblemAssertions.AssertProblemAsync(none, HttpStatusCode.BadRequest);
        await ProblemAssertions.AssertProblemAsync(twice, HttpStatusCode.BadRequest);
        Assert.Equal(0, await app.WithDbAsync(db => db.Segments.CountAsync(s => s.SessionId == sessionId)));
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = new[] { new { productId, minutes = 3 } } })).StatusCode);
    }

    public static TheoryData<string, string> BadSourcePatches => new()
    {
        { "accessToken", "{\"accessToken\":\"" + new string('t', 10_000) + "\"}" },
        { "streamId", "{\"streamId\":\"\"}" },
        { "streamId", "{\"streamId\":\"   \"}" },
        { "streamId", "{\"streamId\":null}" },
        { "platform", "{\"platform\":null}" },
        { "platform", "{\"platform\":\"TikTok\"}" },
        { "enabled", "{\"enabled\":null}" },
    };

    [Theory]
    [MemberData(nameof(BadSourcePatches))]
    public async Task ACommentSourcePatch_RefusesWhatACreateRefuses_AndChangesNothing(string field, string patch)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var director = await app.ClientInRoleAsync("Director");
        var created = await director.PostAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources",
            new { platform = "YouTube", streamId = "chat-" + Guid.NewGuid().ToString("N")[..8] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var source = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var sourceId = source.GetProperty("id").GetGuid();

        using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/sessions/{show.SessionId}/comment-sources/{sourceId}")
        {
            Content = new StringContent(patch, System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await director.SendAsync(request);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var stored = await app.WithDbAsync(db => db.CommentSources.AsNoTracking().SingleAsync(s => s.Id == sourceId));
        Assert.Equal(source.GetProperty("streamId").GetString(), stored.StreamId);
        Assert.Equal(OcopLive.Comments.CommentPlatform.YouTube, stored.Platform);
        Assert.Null(stored.ProtectedToken);
        Assert.True(stored.Enabled);

        // What a create accepts, a change accepts.
        var fine = await director.PatchAsJsonAsync($"/api/sessions/{show.SessionId}/comment-sources/{sourceId}",
            new { enabled = false, accessToken = new string('t', 4_000) });
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
        Assert.False((await fine.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("enabled").GetBoolean());
    }

    [Theory]
    [InlineData("payments")]
    [InlineData("orders/patterns")]
    public async Task ASessionsFigures_ForAnUnknownSession_Are404_NotZeros(string what)
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var admin = await app.ClientAsAsync();

        await ProblemAssertions.AssertProblemAsync(await admin.GetAsync($"/api/sessions/{Guid.NewGuid()}/{what}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/sessions/{show.SessionId}/{what}")).StatusCode);
    }

    [Fact]
    public async Task AProducersBuyerReliability_ForAnUnknownSession_Is404()
    {
        var show = await OnAirSession.ArrangeAsync(app, [10]);
        using var admin = await app.ClientAsAsync();

        await ProblemAssertions.AssertProblemAsync(
            await admin.GetAsync($"/api/producers/{show.ProducerId}/buyer-reliability?sessionId={Guid.NewGuid()}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/producers/{show.ProducerId}/buyer-reliability?sessionId={show.SessionId}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/payments/review?state=-1", "state")]
    [InlineData("/api/payments/review?state=7", "state")]
    [InlineData("/api/delivery/cod-settlements?state=-1", "state")]
    [InlineData("/api/audit?limit=0", "limit")]
    [InlineData("/api/audit?limit=-1", "limit")]
    [InlineData("/api/audit?limit=501", "limit")]
    [InlineData("/api/addresses/communes?q=thanh&limit=0", "limit")]
    [InlineData("/api/addresses/communes?q=thanh&limit=-1", "limit")]
    public async Task AnUndefinedStateOrALimitBelowOne_Is400_NamingIt(string url, string field)
    {
        using var admin = await app.ClientAsAsync();

        var problem = await ProblemAssertions.AssertProblemAsync(await admin.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var fine = url.Contains("state", StringComparison.Ordinal) ? url.Split('?')[0] + "?state=Open" : url.Split('?')[0] + (url.Contains("q=", StringComparison.Ordinal) ? "?q=thanh&limit=5" : "?limit=5");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(fine)).StatusCode);
    }
}
