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
}
