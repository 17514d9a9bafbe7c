using Microsoft.Playwright;

namespace OcopLive.BrowserTests.Pages;

/// <summary>The host's screen (<c>/host/{sessionId}</c>), seen through its data-testids only.</summary>
public sealed class HostScreenPage(IPage page)
{
    public IPage Page => page;
    public ILocator Screen => page.GetByTestId("host-screen");
    public ILocator ProductName => page.GetByTestId("host-product-name");
    public ILocator Producer => page.GetByTestId("host-producer");
    public ILocator Stars => page.GetByTestId("host-stars");
    public ILocator Certificate => page.GetByTestId("host-certificate");
    public ILocator Price => page.GetByTestId("host-price");
    public ILocator ListPrice => page.GetByTestId("host-list-price");
    public ILocator Stock => page.GetByTestId("host-stock");
    public ILocator StockLow => page.GetByTestId("host-stock-low");
    public ILocator SegmentOrders => page.GetByTestId("host-segment-orders");
    public ILocator SegmentLeft => page.GetByTestId("host-segment-left");
    public ILocator HardOutLeft => page.GetByTestId("host-hardout-left");
    public ILocator OverUnder => page.GetByTestId("host-overunder");
    public ILocator Story => page.GetByTestId("host-story");
    public ILocator Highlights => page.GetByTestId("host-highlights").Locator("li");
    public ILocator Usage => page.GetByTestId("host-usage");
    public ILocator Next => page.GetByTestId("host-next");
    public ILocator Cue(string id) => page.GetByTestId("host-cue-" + id);
    public ILocator Ack(string id) => page.GetByTestId("host-cue-ack-" + id);

    public Task ExpectFollowingTheHubAsync() => Assertions.Expect(Screen).ToHaveAttributeAsync("data-hub-state", "live");

    /// <summary>The rendered font size of an element, in CSS pixels.</summary>
    public async Task<double> FontPixelsAsync(ILocator element) =>
        await element.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");

    /// <summary>True when the page is wider than its viewport (a tablet would have to scroll sideways).</summary>
    public Task<bool> OverflowsSidewaysAsync() =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
}
