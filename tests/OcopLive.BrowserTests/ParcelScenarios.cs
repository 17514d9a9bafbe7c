using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OcopLive.BrowserTests.Pages;
using OcopLive.IntegrationTests.Delivery;
using OcopLive.IntegrationTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OcopLive.BrowserTests;

/// <summary>
/// The night's parcels, end to end in the browser: the app talks to the fake GHN server on loopback
/// (real HTTP, <see cref="FakeCarriers"/>), the producer creates the session's parcels on /producer
/// and watches the progress complete, GHN's JSON callback reports the parcel delivered, and the
/// buyer's look-up page, opened after ordering, shows "Đã giao" without a reload.
/// </summary>
public sealed class ParcelScenarios(DeliveryApp app, Browser browser, ITestOutputHelper output) : IClassFixture<DeliveryApp>, IClassFixture<Browser>
{
    private readonly AppLog _log = app.Log.AttachTo(output);

    [Fact]
    public async Task Producer_CreatesTheNightsParcels_AndTheBuyersLookUp_ShowsDelivered_WhenGhnCallsBack()
    {
        // A session on air; the producer's GHN (and other carriers') account set through PUT /api/producers/{id}/carriers/{carrier}.
        var shipping = await ShippingSession.ArrangeAsync(app);
        var session = shipping.Session;

        // The buyer orders on the viewer page, then opens the look-up page and finds the order.
        var viewer = new ViewerPage(await browser.NewPageAsync(app.BaseAddress, 390, 844, phone: true));
        await viewer.OpenAsync(session.SessionId);
        await viewer.OrderAsync("Nguyễn Thị Hoa", "0912345678", "Tỉnh Hà Tĩnh", "Phường Thành Sen", "12 Trần Phú", 1);
        await Expect(viewer.Confirmation).ToBeVisibleAsync();
        var number = long.Parse(Regex.Match(await viewer.OrderNumber.InnerTextAsync(), @"\d+").Value, CultureInfo.InvariantCulture);
        await viewer.LookupLink.ClickAsync();
        await Expect(viewer.Page).ToHaveURLAsync(new Regex($"/s/{session.SessionId}/tra-cuu$"));
        var lookup = new LookupPage(viewer.Page);
        await lookup.LookUpAsync(number, "0912345678");
        await Expect(lookup.ResultNumber).ToHaveTextAsync($"#{number}");
        var shipment = viewer.Page.GetByTestId("lookup-shipment");
        var shipmentStatus = viewer.Page.GetByTestId("lookup-shipment-status");
        await Expect(shipment).ToBeHiddenAsync();

        // The producer logs in through the real page and creates the night's parcels with GHN.
        var producerUser = await Logins.CreateUserAsync(app, "Producer", session.ProducerId);
        var page = await browser.NewPageAsync(app.BaseAddress);
        await new LoginPage(page).LogInAsync("/producer", producerUser, Logins.Password);
        var portal = new ProducerPortalPage(page);
        await portal.ExpectFollowingTheHubAsync();
        await Expect(page.GetByTestId("parcels-form")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"parcel-status-{number}")).ToHaveTextAsync("Chưa có vận đơn");
        await page.GetByTestId("parcels-carrier").SelectOptionAsync("GHN");
        await page.GetByTestId("parcels-create").ClickAsync();

        // The progress completes: one order, one parcel, and its GHN code in the table.
        var progress = page.GetByTestId("parcels-progress");
        await Expect(progress).ToHaveJSPropertyAsync("value", 1);
        await Expect(progress).ToHaveJSPropertyAsync("max", 1);
        await Expect(page.GetByTestId("parcels-progress-text")).ToContainTextAsync("1/1 đơn đã có vận đơn");
        var tracking = page.GetByTestId($"parcel-tracking-{number}");
        await Expect(tracking).Not.ToBeEmptyAsync();
        var code = (await tracking.InnerTextAsync()).Trim();
        Assert.Equal(1, app.Carriers.CountFor("GHN"));
        Assert.Equal(number.ToString(CultureInfo.InvariantCulture), app.Carriers.Parcels.Values.Single(p => p.Carrier == "GHN").ClientCode);

        // The look-up page learns of the parcel live, and is not yet delivered.
        await Expect(shipment).ToBeVisibleAsync();
        await Expect(viewer.Page.GetByTestId("lookup-shipment-tracking")).ToContainTextAsync(code);
        await Expect(shipmentStatus).Not.ToHaveTextAsync("Đã giao");

        // GHN calls back: delivered.
        using var carrier = app.CreateClient();
        using var callback = await carrier.PostAsync($"/api/carriers/ghn/callback/{DeliveryApp.Secret}",
            new StringContent(CarrierPayloads.Ghn(code, number.ToString(CultureInfo.InvariantCulture), "delivered", DateTimeOffset.UtcNow),
                Encoding.UTF8, "application/json"));
        Assert.True(callback.IsSuccessStatusCode, await callback.Content.ReadAsStringAsync());

        // Without a reload, the buyer sees "Đã giao", and so does the producer.
        await Expect(shipmentStatus).ToHaveTextAsync("Đã giao");
        await Expect(page.GetByTestId($"parcel-status-{number}")).ToHaveTextAsync("Đã giao");
        await Screenshots.SaveAsync(viewer.Page, "lookup-parcel-delivered");
        await Screenshots.SaveAsync(page, "producer-parcels-delivered");
    }
}
