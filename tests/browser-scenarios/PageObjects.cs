// Page objects for OcopLive's pages. data-testid selectors only. Moves into tests/OcopLive.BrowserTests after the merge.
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OcopLive.BrowserTests.Pages;

public sealed class LoginPage(IPage page)
{
    public async Task LogInAsync(Uri baseAddress, string userName, string password, string? returnUrl = null)
    {
        await page.GotoAsync(new Uri(baseAddress, returnUrl is null ? "/login" : $"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}").ToString());
        await page.GetByTestId("login-username").FillAsync(userName);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }
}

/// <summary>/control/{sessionId}: rundown, go live / next / end, live figures.</summary>
public sealed class ControlRoomPage(IPage page)
{
    public ILocator GoLive => page.GetByTestId("control-go-live");
    public ILocator Next => page.GetByTestId("control-next");
    public ILocator End => page.GetByTestId("control-end");
    public ILocator Status => page.GetByTestId("control-status");
    public ILocator Message => page.GetByTestId("control-message");
    public ILocator OnAirProduct => page.GetByTestId("onair-product");
    public ILocator OnAirOrders => page.GetByTestId("onair-orders");
    public ILocator OrdersPerMinute => page.GetByTestId("onair-orders-per-minute");
    public ILocator SessionOrders => page.GetByTestId("session-orders");
    public ILocator SalesChart => page.GetByTestId("sales-chart");
    public ILocator StockAlerts => page.GetByTestId("stock-alerts");
    public ILocator OverlayUrl => page.GetByTestId("overlay-url");
    public ILocator CopyOverlayUrl => page.GetByTestId("copy-overlay-url");

    public ILocator RundownRow(int position) => page.GetByTestId($"rundown-row-{position}");

    public Task OpenAsync(Uri baseAddress, Guid sessionId) => page.GotoAsync(new Uri(baseAddress, $"/control/{sessionId}").ToString());

    /// <summary>The keyboard shortcuts: G go live, N next, E end (E asks for a confirmation, accepted here).</summary>
    public Task PressAsync(char key)
    {
        if (key is 'E' or 'e')
        {
            page.Dialog += AcceptOnce;
        }

        return page.Keyboard.PressAsync(key.ToString());
    }

    public Task ExpectOnAirAsync(int position) =>
        Assertions.Expect(RundownRow(position)).ToHaveClassAsync(new Regex(@"\bon-air\b"));

    private static void AcceptOnce(object? sender, IDialog dialog)
    {
        ((IPage)sender!).Dialog -= AcceptOnce;
        _ = dialog.AcceptAsync();
    }
}

/// <summary>/overlay/{sessionId}: built on the live branch; the contract's test ids.</summary>
public sealed class OverlayPage(IPage page)
{
    public ILocator ProductName => page.GetByTestId("product-name");
    public ILocator ProductPrice => page.GetByTestId("product-price");
    public ILocator SegmentOrders => page.GetByTestId("segment-orders");
    public ILocator SessionOrders => page.GetByTestId("session-orders");

    public Task OpenAsync(Uri baseAddress, Guid sessionId) => page.GotoAsync(new Uri(baseAddress, $"/overlay/{sessionId}").ToString());
}

/// <summary>/s/{sessionId}: the viewer's mobile order page.</summary>
public sealed class ViewerPage(IPage page)
{
    public ILocator OnAirProduct => page.GetByTestId("onair-product");
    public ILocator OnAirPrice => page.GetByTestId("onair-price");
    public ILocator Form => page.GetByTestId("viewer-order-form");
    public ILocator Name => page.GetByTestId("viewer-name");
    public ILocator Phone => page.GetByTestId("viewer-phone");
    public ILocator Province => page.GetByTestId("viewer-province");
    public ILocator Commune => page.GetByTestId("viewer-commune");
    public ILocator Street => page.GetByTestId("viewer-street");
    public ILocator Quantity => page.GetByTestId("viewer-quantity");
    public ILocator Submit => page.GetByTestId("viewer-submit");
    public ILocator Error => page.GetByTestId("viewer-error");
    public ILocator Confirmation => page.GetByTestId("viewer-confirmation");
    public ILocator OrderNumber => page.GetByTestId("viewer-order-number");
    public ILocator ChosenProduct => page.GetByTestId("viewer-chosen-product");

    public ILocator Pick(Guid productId) => page.GetByTestId($"viewer-pick-{productId}");

    public Task OpenAsync(Uri baseAddress, Guid sessionId) => page.GotoAsync(new Uri(baseAddress, $"/s/{sessionId}").ToString());

    public async Task OrderAsync(string name, string phone, string province, string commune, string street, int quantity)
    {
        await Name.FillAsync(name);
        await Phone.FillAsync(phone);
        await Province.SelectOptionAsync(province);
        await Commune.FillAsync(commune);
        await Street.FillAsync(street);
        await Quantity.FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Submit.ClickAsync();
    }
}

/// <summary>/hotline/{sessionId}: the operator's keyboard-first order entry.</summary>
public sealed class HotlinePage(IPage page)
{
    public ILocator OnAirProduct => page.GetByTestId("onair-product");
    public ILocator Phone => page.GetByTestId("hotline-phone");
    public ILocator Caller => page.GetByTestId("hotline-caller");
    public ILocator Name => page.GetByTestId("hotline-name");
    public ILocator Province => page.GetByTestId("hotline-province");
    public ILocator Commune => page.GetByTestId("hotline-commune");
    public ILocator Street => page.GetByTestId("hotline-street");
    public ILocator Product => page.GetByTestId("hotline-product");
    public ILocator Quantity => page.GetByTestId("hotline-quantity");
    public ILocator Submit => page.GetByTestId("hotline-submit");
    public ILocator Error => page.GetByTestId("hotline-error");
    public ILocator OrderNumber => page.GetByTestId("hotline-order-number");
    public ILocator Recent => page.GetByTestId("hotline-recent");

    public Task OpenAsync(Uri baseAddress, Guid sessionId) => page.GotoAsync(new Uri(baseAddress, $"/hotline/{sessionId}").ToString());

    /// <summary>Types a whole call with the keyboard only and presses Enter twice (the key makes that one order).</summary>
    public async Task TakeCallAsync(string phone, string name, string province, string commune, string street, int quantity)
    {
        await Phone.FocusAsync();
        await page.Keyboard.TypeAsync(phone);
        await page.Keyboard.PressAsync("Tab");
        await Name.FillAsync(name);
        await Province.FillAsync(province);
        await Commune.FillAsync(commune);
        await Street.FillAsync(street);
        await Quantity.FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Quantity.PressAsync("Enter");
        await Quantity.PressAsync("Enter");
    }
}

/// <summary>/producer: own live sales, orders and fulfilment.</summary>
public sealed class ProducerPortalPage(IPage page)
{
    public ILocator OrdersTable => page.GetByTestId("producer-orders-table");
    public ILocator Csv => page.GetByTestId("producer-csv");
    public ILocator TotalOrders => page.GetByTestId("producer-total-orders");

    public ILocator SalesRow(Guid productId) => page.GetByTestId($"producer-sales-row-{productId}");
    public ILocator SalesOrders(Guid productId) => page.GetByTestId($"producer-sales-orders-{productId}");
    public ILocator SalesUnits(Guid productId) => page.GetByTestId($"producer-sales-units-{productId}");
    public ILocator Order(long number) => page.GetByTestId($"producer-order-{number}");
    public ILocator OrderStatus(long number) => page.GetByTestId($"producer-order-status-{number}");
    public ILocator Confirm(long number) => page.GetByTestId($"producer-order-confirmed-{number}");
    public ILocator Ship(long number) => page.GetByTestId($"producer-order-shipped-{number}");

    public Task OpenAsync(Uri baseAddress) => page.GotoAsync(new Uri(baseAddress, "/producer").ToString());
}
