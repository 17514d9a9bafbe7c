using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The public pages load clean: no error in the browser's console (a missing favicon, script or
/// style shows there as "Failed to load resource: … 404"), no uncaught script error and no answer
/// of 400 or more, from the first request until the page follows its hub and the network is idle.
/// </summary>
public class QuietConsoleTests(OcopApp app, Browser browser, ITestOutputHelper output) : IClassFixture<OcopApp>, IClassFixture<Browser>
{
    private readonly AppLog _appLog = app.Log.AttachTo(output);

    [Fact]
    public async Task Overlay_Loads_WithNoConsoleErrorAndNoFailedRequest()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        var page = await browser.NewPageAsync(app.BaseAddress);
        var problems = Watch(page);

        var overlay = new OverlayPage(page);
        await overlay.OpenAsync(show.SessionId);
        await Expect(overlay.ProductName).ToHaveTextAsync(show.ProductNames[0]);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task ViewerPage_Loads_WithNoConsoleErrorAndNoFailedRequest()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 2);
        // A desktop browser: a phone's does not ask for the page's icon, so a missing one would go unseen.
        var page = await browser.NewPageAsync(app.BaseAddress, 1280, 800);
        var problems = Watch(page);

        var viewer = new ViewerPage(page);
        await viewer.OpenAsync(show.SessionId);
        await viewer.ExpectFollowingTheHubAsync();
        await Expect(viewer.OnAirProduct).ToHaveTextAsync(show.ProductNames[0]);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>Every console error, page error, failed request and 4xx/5xx answer of the page, as it happens.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        void Add(string problem)
        {
            lock (problems)
            {
                problems.Add(problem);
            }
        }

        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Add($"console {message.Type}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Add("page error: " + error);
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        return problems;
    }
}
