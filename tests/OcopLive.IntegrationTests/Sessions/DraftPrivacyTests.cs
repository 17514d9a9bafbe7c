using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;
using Xunit.Abstractions;

namespace OcopLive.IntegrationTests.Sessions;

/// <summary>
/// A draft's line-up and deal prices are the studio's until the session goes live: the anonymous
/// routes (viewer page, live figures, viewer's view) show its title and start time only.
/// </summary>
public class DraftPrivacyTests(OcopApp app, ITestOutputHelper output) : IClassFixture<OcopApp>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task DraftSession_AnonymousRoutes_ShowTitleAndStartTimeOnly_UntilItGoesLive()
    {
        // A flash deal at 77.777 ₫ planned for tonight, line-up built, not on air yet.
        var show = await OnAirSession.ArrangeAsync(app, [40, 40], status: SessionStatus.Draft, dealPriceVnd: 77_777);
        // The generated names end in hex digits: ASCII, the same whatever the page's HTML encoding.
        var names = (await app.WithDbAsync(db => db.Products.Where(p => show.ProductIds.Contains(p.Id)).Select(p => p.Name).ToListAsync()))
            .ConvertAll(n => n[^8..]);
        var title = (await app.WithDbAsync(db => db.Sessions.Where(s => s.Id == show.SessionId).Select(s => s.Title).SingleAsync()))[^8..];
        using var anonymous = app.CreateClient();

        var page = await anonymous.GetStringAsync($"/s/{show.SessionId}");
        var live = await anonymous.GetStringAsync($"/api/sessions/{show.SessionId}/live");
        var now = await anonymous.GetStringAsync($"/api/sessions/{show.SessionId}/now");

        Assert.Contains(title, page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"viewer-starts-at\"", page, StringComparison.Ordinal);
        foreach (var text in new[] { page, live, now })
        {
            Assert.DoesNotContain("77.777", text, StringComparison.Ordinal);
            Assert.DoesNotContain("77777", text, StringComparison.Ordinal);
            Assert.All(names, n => Assert.DoesNotContain(n, text, StringComparison.Ordinal));
            Assert.All(show.ProductIds, id => Assert.DoesNotContain(id.ToString(), text, StringComparison.OrdinalIgnoreCase));
        }

        var snapshot = JsonDocument.Parse(live).RootElement;
        Assert.Equal("Draft", snapshot.GetProperty("status").GetString());
        Assert.Equal(0, snapshot.GetProperty("products").GetArrayLength());

        // On air: the line-up and the deal price are public.
        using var staff = await app.ClientAsAsync();
        await app.WithDbAsync(async db =>
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == show.SessionId);
            session.CurrentPosition = null;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/go-live", JsonContent.Create(new { }))).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement onAir;
        do
        {
            onAir = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/sessions/{show.SessionId}/live")).RootElement;
        }
        while (onAir.GetProperty("products").GetArrayLength() == 0 && DateTime.UtcNow < deadline && await Pause());

        Assert.Equal(2, onAir.GetProperty("products").GetArrayLength());
        Assert.Equal(77_777, onAir.GetProperty("current").GetProperty("priceVnd").GetInt64());
        Assert.Contains("77.777", await anonymous.GetStringAsync($"/s/{show.SessionId}"), StringComparison.Ordinal);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(100);
        return true;
    }
}
