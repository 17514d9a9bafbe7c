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

    public ILocator Error => page.GetByTestId("login-error");

    /// <summary>Asks for <paramref name="target"/> without a login and lands on the login form that will lead back to it.</summary>
    public async Task OpenForAsync(string target)
    {
        await page.GotoAsync(target);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=", RegexOptions.IgnoreCase));
    }

    /// <summary>Asks for <paramref name="target"/> without a login, follows the redirect to /login, logs in and lands on the target.</summary>
    public async Task LogInAsync(string target, string userName, string password)
    {
        await OpenForAsync(target);
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
    public ILocator HubState => page.GetByTestId("hub-state");

    /// <summary>The live figures follow /hubs/live: joined, and the indicator says so.</summary>
    public Task ExpectFollowingTheHubAsync() => Assertions.Expect(HubState).ToHaveAttributeAsync("data-state", "live");

    /// <summary>How many times the page has joined its session on the hub (again after each reconnect).</summary>
    public Task<int> HubJoinsAsync() => page.EvaluateAsync<int>("() => window.OcopControl.hub.joins");

    /// <summary>Drops the page's hub connection, as a network cut would.</summary>
    public Task DropHubConnectionAsync() => page.EvaluateAsync("() => window.OcopControl.hub.connection.stop()");

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
    /// <summary>The commune picker's suggestions under the commune field.</summary>
    public ILocator CommuneOptions => page.GetByTestId("viewer-commune-option");
    /// <summary>"Địa chỉ cũ?": the old province, district and commune, and the new communes found.</summary>
    public ILocator OldToggle => page.GetByTestId("viewer-old-toggle");
    public ILocator OldProvince => page.GetByTestId("viewer-old-province");
    public ILocator OldDistrict => page.GetByTestId("viewer-old-district");
    public ILocator OldCommune => page.GetByTestId("viewer-old-commune");
    public ILocator OldFind => page.GetByTestId("viewer-old-find");
    public ILocator OldCandidates => page.GetByTestId("viewer-old-candidate");
    public ILocator Street => page.GetByTestId("viewer-street");
    public ILocator Quantity => page.GetByTestId("viewer-quantity");
    public ILocator Submit => page.GetByTestId("viewer-submit");
    public ILocator Error => page.GetByTestId("viewer-error");
    public ILocator Confirmation => page.GetByTestId("viewer-confirmation");
    public ILocator OrderNumber => page.GetByTestId("viewer-order-number");
    public ILocator OrderSummary => page.GetByTestId("viewer-order-summary");
    public ILocator ChosenProduct => page.GetByTestId("viewer-chosen-product");
    public ILocator OnAirStock => page.GetByTestId("onair-stock");
    public ILocator LookupLink => page.GetByTestId("viewer-footer-lookup");
    public ILocator OrderAgain => page.GetByTestId("viewer-order-again");

    /// <summary>The invisible ALTCHA widget: <c>data-state</c> idle, solving, ready or error; <c>data-took</c> ms of the last solve.</summary>
    public ILocator Challenge => page.GetByTestId("viewer-challenge");
    public ILocator Remember => page.GetByTestId("viewer-remember");
    public ILocator Forget => page.GetByTestId("viewer-forget");

    /// <summary>The buyer's details this phone keeps for next time (localStorage), or null.</summary>
    public Task<string?> SavedBuyerAsync() => page.EvaluateAsync<string?>("() => localStorage.getItem('ocop.buyer')");

    public ILocator OnAirStars => page.GetByTestId("onair-stars");

    /// <summary>The page follows /hubs/live (no indicator for viewers: the state is on the page's root only).</summary>
    public Task ExpectFollowingTheHubAsync() => Assertions.Expect(page.GetByTestId("viewer")).ToHaveAttributeAsync("data-hub-state", "live");

    /// <summary>The page polls /now (rendered so, or switched to it when its JoinViewer was refused).</summary>
    public Task ExpectPollingAsync() => Assertions.Expect(page.GetByTestId("viewer")).ToHaveAttributeAsync("data-feed", "poll");

    /// <summary>What the page was rendered with (hub or poll), before its script changed anything.</summary>
    public Task<string?> RenderedFeedAsync() => page.GetByTestId("viewer").GetAttributeAsync("data-feed");

    public Task OpenAsync(Guid sessionId) => page.GotoAsync($"/s/{sessionId}");

    public async Task OrderAsync(string name, string phone, string province, string commune, string street, int quantity)
    {
        await FillAsync(name, phone, province, commune, street, quantity);
        await Submit.ClickAsync();
    }

    public async Task FillAsync(string name, string phone, string province, string commune, string street, int quantity)
    {
        await Name.FillAsync(name);
        await Phone.FillAsync(phone);
        await Province.SelectOptionAsync(OcopLive.Addresses.AddressBook.Official.FindProvince(province)?.Name ?? province);
        await Commune.FillAsync(commune);
        await Street.FillAsync(street);
        await Quantity.FillAsync(quantity.ToString(CultureInfo.InvariantCulture));
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
    public ILocator HubState => page.GetByTestId("hub-state");

    /// <summary>The payment block of the last order: <c>data-method</c> BankTransfer or CashOnDelivery.</summary>
    public ILocator Payment => page.GetByTestId("hotline-payment");
    public ILocator PayBank => page.GetByTestId("hotline-pay-bank");
    public ILocator PayAccount => page.GetByTestId("hotline-pay-account");
    public ILocator PayName => page.GetByTestId("hotline-pay-name");
    public ILocator PayAmount => page.GetByTestId("hotline-pay-amount");
    public ILocator PayNote => page.GetByTestId("hotline-pay-note");
    public ILocator PayCod => page.GetByTestId("hotline-pay-cod");
    public ILocator PayCodAmount => page.GetByTestId("hotline-pay-cod-amount");
    public ILocator PayReadOut => page.GetByTestId("hotline-pay-readout");

    public Task ExpectFollowingTheHubAsync() => Assertions.Expect(HubState).ToHaveAttributeAsync("data-state", "live");

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
    public ILocator HubState => page.GetByTestId("hub-state");

    /// <summary>The sales follow /hubs/producer: joined, and the indicator says so.</summary>
    public Task ExpectFollowingTheHubAsync() => Assertions.Expect(HubState).ToHaveAttributeAsync("data-state", "live");

    public Task<int> HubJoinsAsync() => page.EvaluateAsync<int>("() => window.OcopProducer.hub.joins");

    public ILocator SalesRow(Guid productId) => page.GetByTestId($"producer-sales-row-{productId}");
    public ILocator SalesOrders(Guid productId) => page.GetByTestId($"producer-sales-orders-{productId}");
    public ILocator SalesUnits(Guid productId) => page.GetByTestId($"producer-sales-units-{productId}");
    public ILocator SalesRevenue(Guid productId) => page.GetByTestId($"producer-sales-revenue-{productId}");
    public ILocator Order(long number) => page.GetByTestId($"producer-order-{number}");
    public ILocator OrderStatus(long number) => page.GetByTestId($"producer-order-status-{number}");
    public ILocator Confirm(long number) => page.GetByTestId($"producer-order-confirmed-{number}");
}

/// <summary>/catalogue: producers and products, with their forms.</summary>
public sealed class CataloguePage(IPage page)
{
    public IPage Page => page;
    public ILocator Message => page.GetByTestId("catalogue-message");
    public ILocator Products => page.GetByTestId("products-table");
    public ILocator Producers => page.GetByTestId("producers-table");

    public async Task AddProducerAsync(string name, string kind, string province, string commune, string phone)
    {
        await page.GetByTestId("producer-name-input").FillAsync(name);
        await page.GetByTestId("producer-kind").SelectOptionAsync(kind);
        await page.GetByTestId("producer-province").SelectOptionAsync(province);
        await page.GetByTestId("producer-commune").FillAsync(commune);
        await page.GetByTestId("producer-phone").FillAsync(phone);
        await page.GetByTestId("producer-submit").ClickAsync();
    }

    public async Task AddProductAsync(string producer, string name, string category, int stars, string unit, long priceVnd, int stock)
    {
        await page.GetByTestId("product-producer").SelectOptionAsync(new SelectOptionValue { Label = producer });
        await page.GetByTestId("product-name").FillAsync(name);
        await page.GetByTestId("product-category").SelectOptionAsync(new SelectOptionValue { Label = category });
        await page.GetByTestId("product-stars").SelectOptionAsync(stars.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("product-unit").FillAsync(unit);
        await page.GetByTestId("product-price").FillAsync(priceVnd.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("product-stock").FillAsync(stock.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("product-submit").ClickAsync();
    }
}

/// <summary>/catalogue's bank-account editor: a producer's account for VietQR transfers.</summary>
public sealed class BankAccountEditor(IPage page)
{
    public IPage Page => page;
    public ILocator Root => page.GetByTestId("bank-editor");
    public ILocator Producer => page.GetByTestId("bank-producer");

    /// <summary>The account on file; <c>data-state</c> account or cod.</summary>
    public ILocator Current => page.GetByTestId("bank-current");
    public ILocator Form => page.GetByTestId("bank-form");
    public ILocator Bank => page.GetByTestId("bank-bank");
    public ILocator BankOptions => page.GetByTestId("bank-list").Locator("option");
    public ILocator BankResolved => page.GetByTestId("bank-bank-resolved");
    public ILocator AccountNumber => page.GetByTestId("bank-account-number");
    public ILocator AccountName => page.GetByTestId("bank-account-name");
    public ILocator NameSuggestion => page.GetByTestId("bank-name-suggestion");
    public ILocator UsePrintedName => page.GetByTestId("bank-name-normalise");
    public ILocator Save => page.GetByTestId("bank-save");
    public ILocator Remove => page.GetByTestId("bank-remove");
    public ILocator Message => page.GetByTestId("bank-message");
    public ILocator SampleQr => page.GetByTestId("bank-sample-qr");
    public ILocator Sample => page.GetByTestId("bank-sample");

    /// <summary>The error shown under a field, by the problem's key (<c>bank.accountNumber</c>, …).</summary>
    public ILocator ErrorFor(string field) => Form.Locator($"[data-error-for=\"{field}\"]");

    /// <summary>Removes the account, accepting the confirmation the page asks for.</summary>
    public async Task RemoveAsync()
    {
        page.Dialog += AcceptOnce;
        await Remove.ClickAsync();
    }

    private static void AcceptOnce(object? sender, IDialog dialog)
    {
        ((IPage)sender!).Dialog -= AcceptOnce;
        _ = dialog.AcceptAsync();
    }
}

/// <summary>/sessions and /sessions/new: the list of sessions and the form for a new one.</summary>
public sealed class SessionsPage(IPage page)
{
    public IPage Page => page;
    public ILocator List => page.GetByTestId("session-list");
    public ILocator New => page.GetByTestId("session-new");

    public ILocator Link(Guid sessionId) => page.GetByTestId($"session-link-{sessionId}");

    public async Task FillNewAsync(string title, int durationMinutes, string channel)
    {
        await page.GetByTestId("session-title").FillAsync(title);
        await page.GetByTestId("session-duration").FillAsync(durationMinutes.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId("session-channel").FillAsync(channel);
    }

    public Task CreateAsync() => page.GetByTestId("session-create").ClickAsync();
}

/// <summary>/sessions/{id}: entries and the line-up (build, reorder, save, lock).</summary>
public sealed class PlanningPage(IPage page)
{
    public IPage Page => page;
    public ILocator Title => page.GetByTestId("session-title");
    public ILocator Message => page.GetByTestId("session-message");
    public ILocator LineupState => page.GetByTestId("lineup-state");
    public ILocator LineupMessage => page.GetByTestId("lineup-message");
    public ILocator Segments => page.GetByTestId("lineup-segments");
    public ILocator Build => page.GetByTestId("lineup-build");
    public ILocator Save => page.GetByTestId("lineup-save");

    public ILocator Entry(Guid productId) => page.GetByTestId($"entry-{productId}");
    public ILocator Segment(int position) => page.GetByTestId($"lineup-segment-{position}");
    public ILocator Down(int position) => page.GetByTestId($"lineup-down-{position}");

    public async Task AddEntryAsync(Guid productId, int minutes, long? dealPriceVnd = null)
    {
        await page.GetByTestId("entry-product").SelectOptionAsync(productId.ToString());
        await page.GetByTestId("entry-minutes").FillAsync(minutes.ToString(CultureInfo.InvariantCulture));
        if (dealPriceVnd is { } deal)
        {
            await page.GetByTestId("entry-deal-price").FillAsync(deal.ToString(CultureInfo.InvariantCulture));
        }

        await page.GetByTestId("entry-submit").ClickAsync();
    }
}

/// <summary>/admin/users: users and roles.</summary>
public sealed class UsersPage(IPage page)
{
    public IPage Page => page;
    public ILocator Message => page.GetByTestId("admin-message");

    public ILocator User(string userName) => page.GetByTestId($"admin-user-{userName}");

    public async Task CreateAsync(string userName, string password, string role, string? producer = null)
    {
        await page.GetByTestId("admin-new-username").FillAsync(userName);
        await page.GetByTestId("admin-new-password").FillAsync(password);
        await page.GetByTestId("admin-new-role").SelectOptionAsync(role);
        if (producer is not null)
        {
            await page.GetByTestId("admin-new-producer").SelectOptionAsync(new SelectOptionValue { Label = producer });
        }

        await page.GetByTestId("admin-create-submit").ClickAsync();
    }
}

/// <summary>/hotline: the operators' start page.</summary>
public sealed class HotlineSessionsPage(IPage page)
{
    public IPage Page => page;

    public ILocator Session(Guid sessionId) => page.GetByTestId($"hotline-session-{sessionId}");
    public ILocator Open(Guid sessionId) => page.GetByTestId($"hotline-open-{sessionId}");
}

/// <summary>/s/{sessionId}/tra-cuu: a viewer looks an order up by number and phone.</summary>
public sealed class LookupPage(IPage page)
{
    public IPage Page => page;
    public ILocator Number => page.GetByTestId("lookup-number");
    public ILocator Phone => page.GetByTestId("lookup-phone");
    public ILocator Error => page.GetByTestId("lookup-error");
    public ILocator Result => page.GetByTestId("lookup-result");
    public ILocator ResultNumber => page.GetByTestId("lookup-result-number");
    public ILocator ResultStatus => page.GetByTestId("lookup-result-status");
    public ILocator ResultSummary => page.GetByTestId("lookup-result-summary");

    public async Task LookUpAsync(long number, string phone)
    {
        await Number.FillAsync(number.ToString(CultureInfo.InvariantCulture));
        await Phone.FillAsync(phone);
        await page.GetByTestId("lookup-submit").ClickAsync();
    }
}

/// <summary>The "chốt đơn" desk (/desk/{sessionId}).</summary>
public sealed class DeskPage(IPage page)
{
    public IPage Page => page;
    public ILocator Orders => page.GetByTestId("desk-orders");
    public ILocator Others => page.GetByTestId("desk-others");
    public ILocator Comments => page.GetByTestId("desk-comment");
    public ILocator Selected => page.GetByTestId("desk-selected");
    public ILocator Phone => page.GetByTestId("desk-phone");
    public ILocator Province => page.GetByTestId("desk-province");
    public ILocator Commune => page.GetByTestId("desk-commune");
    public ILocator Prefill => page.GetByTestId("desk-prefill");
    public ILocator Message => page.GetByTestId("desk-message");
    public ILocator HubState => page.Locator("#desk");

    public ILocator Comment(string text) => Comments.Filter(new() { HasText = text });
}
