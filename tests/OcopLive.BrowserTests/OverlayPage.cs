using Microsoft.Playwright;

namespace OcopLive.BrowserTests;

/// <summary>The host's overlay (<c>/overlay/{sessionId}</c>), seen through its data-testids only.</summary>
public sealed class OverlayPage(IPage page)
{
    public IPage Page => page;
    public ILocator Stage => page.GetByTestId("overlay");
    public ILocator ProductName => page.GetByTestId("product-name");
    public ILocator SessionState => page.GetByTestId("session-state");
    public ILocator ProductPrice => page.GetByTestId("product-price");
    public ILocator OcopStars => page.GetByTestId("ocop-stars");
    public ILocator SegmentOrders => page.GetByTestId("segment-orders");
    public ILocator SessionOrders => page.GetByTestId("session-orders");
    public ILocator StockLeft => page.GetByTestId("stock-left");
    public ILocator OrderQr => page.GetByTestId("order-qr");
    public ILocator Hotline => page.GetByTestId("hotline");

    /// <summary>Opens the overlay and waits until it has joined the session's live figures.</summary>
    public async Task OpenAsync(Guid sessionId, string query = "")
    {
        await page.GotoAsync($"/overlay/{sessionId}{query}");
        await Assertions.Expect(Stage).ToHaveAttributeAsync("data-hub-state", "live");
    }

    /// <summary>Drops the overlay's SignalR connection, as a network cut would.</summary>
    public Task DropConnectionAsync() => page.EvaluateAsync("() => window.OcopOverlay.hub.connection.stop()");

    public Task ScreenshotAsync(string path) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = path, OmitBackground = true });
}
