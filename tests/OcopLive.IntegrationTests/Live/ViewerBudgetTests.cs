using System.Diagnostics;
using OcopLive.IntegrationTests.Infrastructure;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// A node carries at most <c>OcopLive:Live:MaxViewerConnections</c> phones on the hub; beyond it,
/// phones poll <c>/now</c>. The overlay and staff feed is never refused.
/// </summary>
public class ViewerBudgetTests(ViewerBudgetTests.TwoViewersApp app) : IClassFixture<ViewerBudgetTests.TwoViewersApp>
{
    [Fact]
    public async Task BeyondTheBudget_JoinViewerIsRefused_ThePageIsRenderedToPoll_AndTheOverlayStillJoins()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var anonymous = app.CreateClient();
        Assert.Contains("data-feed=\"hub\"", await anonymous.GetStringAsync($"/s/{show.SessionId}"), StringComparison.Ordinal);

        await using var first = await LiveClient.ConnectAsync(app.BaseAddress);
        await using var second = await LiveClient.ConnectAsync(app.BaseAddress);
        await first.JoinViewerAsync(show.SessionId);
        await first.JoinViewerAsync(show.SessionId); // the same connection counts once
        await second.JoinViewerAsync(show.SessionId);

        await using var third = await LiveClient.ConnectAsync(app.BaseAddress);
        var refused = await Assert.ThrowsAsync<HubException>(() => third.JoinViewerAsync(show.SessionId));
        Assert.Contains("viewer-budget-full", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(third.Events, e => e.Name == "now");
        Assert.Contains("data-feed=\"poll\"", await anonymous.GetStringAsync($"/s/{show.SessionId}"), StringComparison.Ordinal);

        // The overlay's feed is not a phone: never refused.
        await using var overlay = await LiveClient.ConnectAsync(app.BaseAddress);
        await overlay.JoinAsync(show.SessionId);
        await overlay.WaitForAsync("snapshot", _ => true);

        // A phone leaves: its place is free again.
        await first.DisposeAsync();
        await WaitUntilAsync(async () =>
        {
            try
            {
                await third.JoinViewerAsync(show.SessionId);
                return true;
            }
            catch (HubException)
            {
                return false;
            }
        });
        await third.WaitForAsync("now", _ => true);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (!await condition())
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, "condition not met within 10 s");
            await Task.Delay(50);
        }
    }

    public sealed class TwoViewersApp : OcopApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["OcopLive:Live:MaxViewerConnections"] = "2",
        };
    }
}
