// Page objects for OcopLive's staff and viewer pages: data-testid selectors only (the overlay's is
// OverlayPage.cs). Pages come from Browser.NewPageAsync, whose context has the app's base URL, so
// paths are relative.
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OcopLive.BrowserTests.Pages;

/// <summary>/login: the cookie login form.</summary>
public sealed class LoginPage(IPage page)
{
    public ILocator UserName => page.GetByTestId("login-username");
    public ILocator Password => page.GetByTestId("login-password");
    public ILocator Submit => page.GetByTestId("login-submit");

    /// <summary>Asks for <paramref name="target"/> without a login, follows the redirect to /login, logs in and lands on the target.</summary>
    public async Task LogInAsync(string target, string userName, string password)
    {
        await page.GotoAsync(target);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=", RegexOptions.IgnoreCase));
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await Submit.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(target) + "$"));
    }
}

/// <summary>/control/{sessionId}: rundown, go live / next / end, live figures.</summary>
public sealed class ControlRoomPage(IPage page)
{
    public IPage Page => page;
    public ILocator GoLive => page.GetByTestId("control-go-live");
    public ILocator Next => page.GetByTestId("control-next");
    public ILocator End => page.GetByTestId("control-end");
    public ILocator Status => page.GetByTestId("control-status");
    public ILocator Message => page.GetByTestId("control-message");
    public ILocator OnAirProduct => page.GetByTestId("onair-product");
    public ILocator OnAirOrders => page.GetByTestId("onair-orders");
    public ILocator SessionOrders => page.GetByTestId("session-orders");
    public ILocator OverlayUrl => page.GetByTestId("overlay-url");

    public ILocator RundownRow(int position) => page.GetByTestId($"rundown-row-{position}");

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

    public Task ExpectNotOnAirAsync(int position) =>
        Assertions.Expect(RundownRow(position)).Not.ToHaveClassAsync(new Regex(@"\bon-air\b"));

    private static void AcceptOnce(object? sender, IDialog dialog)
    {
        ((IPage)sender!).Dialog -= AcceptOnce;
        _ = dialog.AcceptAsync();
    }
}

/// <summary>/s/{sessionId}: the viewer's mobile order page.</summary>
public sealed class ViewerPage(IPage page)
{
    public IPage Page => page;
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
    public ILocator OrderSummary => page.GetByTestId("viewer-order-summary");
    public ILocator ChosenProduct => page.GetByTestId("viewer-chosen-product");

    public Task OpenAsync(Guid sessionId) => page.GotoAsync($"/s/{sessionId}");

    public async Task OrderAsync(string name, string phone, string province, string commune, string street, int quantity)
    {
        await Name.FillAsync(name);
        await Phone.FillAsync(phone);
        await Province.SelectOptionAsync(province);
        await Commune.FillAsync(commune);
        await Street.FillAsync(street);
        await Quantity.FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
        await Submit.ClickAsync();
    }
}

/// <summary>/hotline/{sessionId}: the operator's keyboard-first order entry.</summary>
public sealed class HotlinePage(IPage page)
{
    public IPage Page => page;
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

    /// <summary>Types a whole call with the keyboard and presses Enter twice (the Idempotency-Key makes that one order).</summary>
    public async Task TakeCallAsync(string phone, string name, string province, string commune, string street, int quantity)
    {
        await Phone.FocusAsync();
        await page.Keyboard.TypeAsync(phone);
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(Caller).Not.ToBeEmptyAsync(); // the caller look-up has answered
        await Name.FillAsync(name);
        await Province.FillAsync(province);
        await Commune.FillAsync(commune);
        await Street.FillAsync(street);
        await Quantity.FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
        await Quantity.PressAsync("Enter");
        await Quantity.PressAsync("Enter");
    }
}

/// <summary>/producer: own live sales, orders and fulfilment.</summary>
public sealed class ProducerPortalPage(IPage page)
{
    public IPage Page => page;
    public ILocator ProducerName => page.GetByTestId("producer-name");
    public ILocator OrdersTable => page.GetByTestId("producer-orders-table");
    public ILocator TotalOrders => page.GetByTestId("producer-total-orders");

    public ILocator SalesRow(Guid productId) => page.GetByTestId($"producer-sales-row-{productId}");
    public ILocator SalesOrders(Guid productId) => page.GetByTestId($"producer-sales-orders-{productId}");
    public ILocator SalesUnits(Guid productId) => page.GetByTestId($"producer-sales-units-{productId}");
    public ILocator SalesRevenue(Guid productId) => page.GetByTestId($"producer-sales-revenue-{productId}");
    public ILocator Order(long number) => page.GetByTestId($"producer-order-{number}");
    public ILocator OrderStatus(long number) => page.GetByTestId($"producer-order-status-{number}");
    public ILocator Confirm(long number) => page.GetByTestId($"producer-order-confirmed-{number}");
}
