using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Delivery;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>
/// Carrier parcels end to end: the real app over PostgreSQL talking HTTP to fake GHN, GHTK and
/// Viettel Post servers on loopback, and the carriers' callbacks posted in their own formats.
/// </summary>
public sealed class DeliveryTests(DeliveryApp app) : IClassFixture<DeliveryApp>
{
    private readonly HttpClient _viewer = app.CreateClient();

    private static DateTimeOffset T(int minute) => new(2026, 12, 8, 2, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task CarrierAccount_KeepsTheTokenEncrypted_AndShowsOnlyThatItIsSet()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        using var staff = await app.ClientAsAsync();

        var account = await staff.GetFromJsonAsync<JsonElement>($"/api/producers/{s.Session.ProducerId}/carriers/GHN");
        Assert.True(account.GetProperty("tokenSet").GetBoolean());
        Assert.False(account.TryGetProperty("token", out _));
        Assert.DoesNotContain(FakeCarriers.Token, account.ToString(), StringComparison.Ordinal);
        Assert.Equal("Phường Thành Sen", account.GetProperty("pickup").GetProperty("communeName").GetString());
        var stored = await app.WithDbAsync(db => db.CarrierAccounts.SingleAsync(a => a.ProducerId == s.Session.ProducerId && a.Carrier == Carrier.GHN));
        Assert.DoesNotContain(FakeCarriers.Token, stored.ProtectedToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CarrierAccount_RefusesACommuneOfAnotherProvince_AndAnUnknownCarrier()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        using var staff = await app.ClientAsAsync();

        var wrong = await staff.PutAsJsonAsync($"/api/producers/{s.Session.ProducerId}/carriers/GHN",
            new { token = "x", pickup = new { provinceCode = "01", communeCode = "18073", street = "1 Nguyễn Du", phone = "0912000111" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("pickup.communeCode", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await staff.PutAsJsonAsync($"/api/producers/{s.Session.ProducerId}/carriers/DHL", new { token = "x", pickup = ShippingSession.Pickup });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task CreateShipment_SendsTheOrderToGhn_WithItsNumberAsClientCode_AndTheSameOrderAgainGivesTheSameParcel()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 11, quantity: 2);
        using var staff = await app.ClientAsAsync();

        var first = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN", weightGrams = 800 });
        var second = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("trackingCode").GetString(), b.GetProperty("trackingCode").GetString());
        Assert.Equal("Created", a.GetProperty("status").GetString());
        Assert.Equal(370_000, a.GetProperty("codVnd").GetInt64());
        Assert.Equal(22_000, a.GetProperty("feeVnd").GetInt64());
        var sent = app.Carriers.Parcels["GHN:" + number].Request;
        Assert.Equal(number.ToString(System.Globalization.CultureInfo.InvariantCulture), sent["client_order_code"]!.GetValue<string>());
        Assert.Equal("Phường Thành Sen", sent["to_ward_name"]!.GetValue<string>());
        Assert.EndsWith("Hà Tĩnh", sent["to_province_name"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(370_000, sent["cod_amount"]!.GetValue<long>());
        Assert.Equal(800, sent["weight"]!.GetValue<int>());
        Assert.False(sent.ContainsKey("to_district_id"));
        Assert.Single(app.Carriers.Requests, r => r.Path.EndsWith("/v2/shipping-order/create", StringComparison.Ordinal) && r.Body.Contains($"\"{number}\"", StringComparison.Ordinal));
        Assert.Contains(app.Carriers.Requests, r => r.Token == FakeCarriers.Token && r.Shop == "885");

        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal(a.GetProperty("trackingCode").GetString(), order.GetProperty("shipment").GetProperty("trackingCode").GetString());
        Assert.Equal("GHN", order.GetProperty("shipment").GetProperty("carrier").GetString());
    }

    [Fact]
    public async Task CreateShipment_RetriedAfterATimeout_MakesOneParcel()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 12);
        using var staff = await app.ClientAsAsync();
        app.Carriers.CreateDelayOnce = TimeSpan.FromSeconds(6);
        app.Carriers.FailLookupsOnce = 1;

        var timedOut = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN" });
        var retried = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        Assert.Contains("carrier-unavailable", await timedOut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var made = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(app.Carriers.Parcels["GHN:" + number].TrackingCode, made.GetProperty("trackingCode").GetString());
        Assert.Single(app.Carriers.Parcels.Values, p => p.ClientCode == number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Single(app.Carriers.Requests, r => r.Path.EndsWith("/v2/shipping-order/create", StringComparison.Ordinal) && r.Body.Contains($"\"{number}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateShipment_TakesGhtksExistingParcel_WhenGhtkSaysTheOrderIdExists()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 13);
        var code = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Carriers.Parcels["GHTK:" + code] = new FakeParcel("GHTK", "S1.A1.999001", code, new()) { Status = "1" };
        using var staff = await app.ClientAsAsync();

        var made = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHTK" });

        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal("S1.A1.999001", (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString());
        Assert.Single(app.Carriers.Parcels.Values, p => p.Carrier == "GHTK" && p.ClientCode == code);
    }

    [Fact]
    public async Task DoubleClick_TwoConcurrentRequests_MakeOneParcel()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 14);
        using var staff = await app.ClientAsAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "ViettelPost" })));

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        var codes = await Task.WhenAll(answers.Select(async a => (await a.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()));
        Assert.Single(codes.Distinct());
        Assert.Single(app.Carriers.Parcels.Values, p => p.Carrier == "VTP" && p.ClientCode == number.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Quote_AsksTheCarrierForItsFee_BeforeCreating()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, _) = await s.OrderAsync(_viewer, buyer: 15);
        using var staff = await app.ClientAsAsync();

        var ghtk = await (await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment/quote", new { carrier = "GHTK", weightGrams = 1200 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var ghn = await (await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment/quote", new { carrier = "GHN" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(30_400, ghtk.GetProperty("feeVnd").GetInt64());
        Assert.Equal(36_300, ghn.GetProperty("feeVnd").GetInt64());
        Assert.Contains(app.Carriers.Requests, r => r.Path.Contains("/services/shipment/fee?", StringComparison.Ordinal) && r.Path.Contains("weight=1200", StringComparison.Ordinal));
        Assert.Null(await app.WithDbAsync(db => db.Shipments.FirstOrDefaultAsync(x => x.OrderId == orderId)));
    }

    [Fact]
    public async Task GhnCallbacks_OutOfOrder_NeverMoveTheParcelBack_AndADuplicateChangesNothing()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 16);
        var tracking = await CreateAsync(orderId, "GHN");

        Assert.Equal("Applied", await GhnAsync(tracking, number, "picked", T(1)));
        Assert.Equal("Applied", await GhnAsync(tracking, number, "delivered", T(30)));
        Assert.Equal("Ignored", await GhnAsync(tracking, number, "delivering", T(20)));
        Assert.Equal("Duplicate", await GhnAsync(tracking, number, "delivered", T(30)));

        using var staff = await app.ClientAsAsync();
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Delivered", order.GetProperty("shipment").GetProperty("status").GetString());
        Assert.Equal("Delivered", order.GetProperty("status").GetString());
        var events = await app.WithDbAsync(db => db.ShipmentEvents.Where(e => e.TrackingCode == tracking && e.DedupeKey.Contains("|switch_status|")).CountAsync());
        Assert.Equal(3, events);
    }

    [Fact]
    public async Task Callbacks_OfTwoParcels_WithTheSameStatusAndTime_AreBothApplied()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (first, n1) = await s.OrderAsync(_viewer, buyer: 21);
        var (second, n2) = await s.OrderAsync(_viewer, buyer: 22);
        var t1 = await CreateAsync(first, "GHN");
        var t2 = await CreateAsync(second, "GHN");

        Assert.Equal("Applied", await GhnAsync(t1, n1, "picked", T(7)));
        Assert.Equal("Applied", await GhnAsync(t2, n2, "picked", T(7)));
    }

    [Fact]
    public async Task Callback_ForAnUnknownCode_Answers200_AndIsKeptForReview()
    {
        using var response = await PostGhnAsync(CarrierPayloads.Ghn("GHNUNKNOWN1", "999999999", "delivering", T(5)), DeliveryApp.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Unknown", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        using var staff = await app.ClientAsAsync();
        var review = await staff.GetFromJsonAsync<JsonElement>("/api/carriers/callbacks/unknown");
        Assert.Contains(review.EnumerateArray(), e => e.GetProperty("trackingCode").GetString() == "GHNUNKNOWN1");
    }

    [Fact]
    public async Task Callback_WithAWrongSecret_Answers404_AndChangesNothing()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 17);
        var tracking = await CreateAsync(orderId, "GHN");

        using var wrong = await PostGhnAsync(CarrierPayloads.Ghn(tracking, number.ToString(System.Globalization.CultureInfo.InvariantCulture), "delivered", T(9)), "not-the-secret");
        using var ghtk = await _viewer.PostAsync("/api/carriers/ghtk/callback/nope", new FormUrlEncodedContent(CarrierPayloads.Ghtk("S1.A1.1", "1", 5, T(9))));

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, ghtk.StatusCode);
        Assert.Equal(ShipmentStatus.Created, await app.WithDbAsync(db => db.Shipments.Where(x => x.OrderId == orderId).Select(x => x.Status).SingleAsync()));
    }

    [Fact]
    public async Task GhtkFormCallbacks_MoveTheParcel_AndTheViewersLookupShowsDelivered()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 18);
        var tracking = await CreateAsync(orderId, "GHTK");
        var code = number.ToString(System.Globalization.CultureInfo.InvariantCulture);

        foreach (var (status, minute) in new[] { (3, 1), (4, 10), (5, 40) })
        {
            using var r = await _viewer.PostAsync($"/api/carriers/ghtk/callback/{DeliveryApp.Secret}",
                new FormUrlEncodedContent(CarrierPayloads.Ghtk(tracking, code, status, T(minute))));
            Assert.True(r.StatusCode == HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        }

        var lookup = await _viewer.PostAsJsonAsync("/api/orders/lookup", new { number = code, phone = OrderBodies.PhoneOf(18) });
        var body = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Delivered", body.GetProperty("shipment").GetProperty("status").GetString());
        Assert.Equal("Đã giao", body.GetProperty("shipment").GetProperty("statusText").GetString());
    }

    [Fact]
    public async Task ViettelPostReturnedParcel_PutsItsUnitsBackOnStock_Once()
    {
        var s = await ShippingSession.ArrangeAsync(app, stock: 50);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 19, quantity: 3);
        var tracking = await CreateAsync(orderId, "ViettelPost");
        var code = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(47, await StockAsync(s));

        Assert.Equal("Applied", await VtpAsync(CarrierPayloads.ViettelPost(tracking, code, 506, T(10))));
        Assert.Equal("Applied", await VtpAsync(CarrierPayloads.ViettelPost(tracking, code, 502, T(20))));
        Assert.Equal("Applied", await VtpAsync(CarrierPayloads.ViettelPost(tracking, code, 504, T(30))));
        Assert.Equal("Duplicate", await VtpAsync(CarrierPayloads.ViettelPost(tracking, code, 504, T(30))));

        Assert.Equal(50, await StockAsync(s));
        using var staff = await app.ClientAsAsync();
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Returned", order.GetProperty("shipment").GetProperty("status").GetString());
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ViettelPostCallback_BeforeTheWaybillIsKnown_AttachesByOrderReference()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 20);
        var code = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Carriers.CreateDelayOnce = TimeSpan.FromSeconds(6);
        using var staff = await app.ClientAsAsync();

        var timedOut = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "ViettelPost" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        var waybill = app.Carriers.Parcels["VTP:" + code].TrackingCode;
        Assert.Equal("Applied", await VtpAsync(CarrierPayloads.ViettelPost(waybill, code, 105, T(5))));

        var again = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "ViettelPost" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var shipment = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(waybill, shipment.GetProperty("trackingCode").GetString());
        Assert.Equal("PickedUp", shipment.GetProperty("status").GetString());
        Assert.Single(app.Carriers.Parcels.Values, p => p.Carrier == "VTP" && p.ClientCode == code);
    }

    [Fact]
    public async Task BulkJob_CreatesEveryParcelOfTheSession_AndCancelWorksBeforePickup()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var orders = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            orders.Add((await s.OrderAsync(_viewer, buyer: 30 + i)).Id);
        }

        using var staff = await app.ClientAsAsync();
        var queued = await staff.PostAsJsonAsync($"/api/producers/{s.Session.ProducerId}/sessions/{s.Session.SessionId}/shipments", new { carrier = "GHTK" });
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);

        JsonElement view = default;
        for (var i = 0; i < 100; i++)
        {
            view = await staff.GetFromJsonAsync<JsonElement>($"/api/producers/{s.Session.ProducerId}/sessions/{s.Session.SessionId}/shipments");
            if (view.GetProperty("progress").GetProperty("withParcel").GetInt32() == 6)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(6, view.GetProperty("progress").GetProperty("withParcel").GetInt32());
        Assert.Equal(6, view.GetProperty("progress").GetProperty("orders").GetInt32());
        var cancel = await staff.PostAsync($"/api/orders/{orders[0]}/shipment/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Cancelled", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var label = await staff.GetAsync($"/api/orders/{orders[1]}/shipment/label");
        Assert.Equal("application/pdf", label.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> CreateAsync(Guid orderId, string carrier)
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("trackingCode").GetString()!;
    }

    private Task<HttpResponseMessage> PostGhnAsync(string json, string secret) =>
        _viewer.PostAsync($"/api/carriers/ghn/callback/{secret}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<string> GhnAsync(string tracking, long number, string status, DateTimeOffset at)
    {
        using var response = await PostGhnAsync(CarrierPayloads.Ghn(tracking, number.ToString(System.Globalization.CultureInfo.InvariantCulture), status, at), DeliveryApp.Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    private async Task<string> VtpAsync(string json)
    {
        using var response = await _viewer.PostAsync($"/api/carriers/viettelpost/callback/{DeliveryApp.Secret}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString()!;
    }

    private Task<int> StockAsync(ShippingSession s) =>
        app.WithDbAsync(db => db.Products.Where(p => p.Id == s.Session.ProductIds[0]).Select(p => p.Stock).SingleAsync());
}
