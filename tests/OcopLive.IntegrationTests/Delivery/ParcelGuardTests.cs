using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Delivery;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>
/// The order and its parcel stay in step: cancelling an order cancels its parcel at the carrier
/// (or is refused once the parcel is on its way), and a pay-first order still unpaid gets no parcel.
/// Real app and PostgreSQL, fake carriers over loopback HTTP.
/// </summary>
public sealed class ParcelGuardTests(DeliveryApp app) : IClassFixture<DeliveryApp>
{
    private readonly HttpClient _viewer = app.CreateClient();

    [Fact]
    public async Task CancelOrder_WithAParcelNotYetPickedUp_CancelsTheParcelAtTheCarrier_AndPutsTheUnitsBack()
    {
        var s = await ShippingSession.ArrangeAsync(app, stock: 40);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 61, quantity: 2);
        await CreateAsync(orderId, "GHN");
        using var staff = await app.ClientAsAsync();

        var cancel = await staff.PostAsync($"/api/orders/{orderId}/cancel", null);

        Assert.True(cancel.StatusCode == HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        Assert.Equal("cancel", app.Carriers.Parcels["GHN:" + Code(number)].Status);
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Cancelled", order.GetProperty("status").GetString());
        Assert.Equal("Cancelled", order.GetProperty("shipment").GetProperty("status").GetString());
        Assert.Equal(40, await StockAsync(s));
    }

    [Fact]
    public async Task CancelOrder_WhoseParcelIsPickedUp_IsRefused_AndNothingChanges()
    {
        var s = await ShippingSession.ArrangeAsync(app, stock: 40);
        var (orderId, _) = await s.OrderAsync(_viewer, buyer: 62, quantity: 2);
        var tracking = await CreateAsync(orderId, "GHTK");
        await Parcels.MoveAsync(app, tracking, ShipmentStatus.PickedUp);
        var cancelsBefore = CancelRequests();
        using var staff = await app.ClientAsAsync();

        var cancel = await staff.PostAsync($"/api/orders/{orderId}/cancel", null);

        var problem = await ProblemAssertions.AssertProblemAsync(cancel, HttpStatusCode.Conflict);
        Assert.EndsWith("/shipment-picked-up", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(cancelsBefore, CancelRequests());
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Placed", order.GetProperty("status").GetString());
        Assert.Equal(38, await StockAsync(s));
    }

    [Fact]
    public async Task CancelOrder_WhenTheCarrierRefusesToCancelTheParcel_KeepsTheOrder()
    {
        var s = await ShippingSession.ArrangeAsync(app, stock: 40);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 63);
        await CreateAsync(orderId, "GHN");
        app.Carriers.Parcels["GHN:" + Code(number)].Status = "picked"; // the carrier knows more than we do yet
        using var staff = await app.ClientAsAsync();

        var cancel = await staff.PostAsync($"/api/orders/{orderId}/cancel", null);

        var problem = await ProblemAssertions.AssertProblemAsync(cancel, HttpStatusCode.BadGateway);
        Assert.EndsWith("/carrier-refused", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");
        Assert.Equal("Placed", order.GetProperty("status").GetString());
        Assert.Equal("Created", order.GetProperty("shipment").GetProperty("status").GetString());
        Assert.Equal(39, await StockAsync(s));
    }

    [Fact]
    public async Task CancelOrder_WhileItsParcelIsBeingCreated_IsRefused_AndAStaleReservationIsSettledWithTheCarrier()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (pendingId, pendingNumber) = await s.OrderAsync(_viewer, buyer: 64);
        var (staleId, staleNumber) = await s.OrderAsync(_viewer, buyer: 65);
        var (madeId, madeNumber) = await s.OrderAsync(_viewer, buyer: 66);
        await ReserveAsync(s, pendingId, pendingNumber, DateTimeOffset.UtcNow);
        await ReserveAsync(s, staleId, staleNumber, DateTimeOffset.UtcNow.AddHours(-1));
        await ReserveAsync(s, madeId, madeNumber, DateTimeOffset.UtcNow.AddHours(-1));
        // The reservation's create timed out after the carrier made the parcel: the carrier knows it by our code.
        app.Carriers.Parcels["GHN:" + Code(madeNumber)] = new FakeParcel("GHN", "GHNLOST0001", Code(madeNumber), new()) { Status = "ready_to_pick" };
        using var staff = await app.ClientAsAsync();

        var pending = await staff.PostAsync($"/api/orders/{pendingId}/cancel", null);
        var stale = await staff.PostAsync($"/api/orders/{staleId}/cancel", null);
        var made = await staff.PostAsync($"/api/orders/{madeId}/cancel", null);

        var problem = await ProblemAssertions.AssertProblemAsync(pending, HttpStatusCode.Conflict);
        Assert.EndsWith("/shipment-pending", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(stale.StatusCode == HttpStatusCode.OK, await stale.Content.ReadAsStringAsync());
        Assert.Null(await app.WithDbAsync(db => db.Shipments.FirstOrDefaultAsync(x => x.OrderId == staleId)));
        Assert.True(made.StatusCode == HttpStatusCode.OK, await made.Content.ReadAsStringAsync());
        Assert.Equal("cancel", app.Carriers.Parcels["GHN:" + Code(madeNumber)].Status);
        var parcel = await app.WithDbAsync(db => db.Shipments.SingleAsync(x => x.OrderId == madeId));
        Assert.Equal(("GHNLOST0001", ShipmentStatus.Cancelled), (parcel.TrackingCode, parcel.Status));
        var statuses = await app.WithDbAsync(db => db.Orders.Where(o => o.Id == pendingId || o.Id == staleId || o.Id == madeId)
            .ToDictionaryAsync(o => o.Id, o => o.Status.ToString()));
        Assert.Equal("Placed", statuses[pendingId]);
        Assert.Equal("Cancelled", statuses[staleId]);
        Assert.Equal("Cancelled", statuses[madeId]);
    }

    [Fact]
    public async Task BulkCancel_CancelsParcelsNotYetPickedUp_AndSkipsAndReportsOrdersWhoseParcelIsOnItsWay()
    {
        var s = await ShippingSession.ArrangeAsync(app, stock: 40);
        var (plainId, _) = await s.OrderAsync(_viewer, buyer: 67);
        var (createdId, createdNumber) = await s.OrderAsync(_viewer, buyer: 68);
        var (onItsWayId, onItsWayNumber) = await s.OrderAsync(_viewer, buyer: 69);
        await CreateAsync(createdId, "GHTK");
        var travelling = await CreateAsync(onItsWayId, "ViettelPost");
        await Parcels.MoveAsync(app, travelling, ShipmentStatus.InTransit);
        using var staff = await app.ClientAsAsync();

        var response = await staff.PostAsJsonAsync($"/api/sessions/{s.Session.SessionId}/orders/bulk-cancel", new { street = "12 Trần Phú" });

        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal(2, result.GetProperty("orders").GetInt32());
        var skipped = Assert.Single(result.GetProperty("skipped").EnumerateArray());
        Assert.Equal(onItsWayNumber, skipped.GetProperty("number").GetInt64());
        Assert.False(string.IsNullOrWhiteSpace(skipped.GetProperty("reason").GetString()));
        Assert.Equal("-1", app.Carriers.Parcels["GHTK:" + Code(createdNumber)].Status);
        var statuses = await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == s.Session.SessionId)
            .ToDictionaryAsync(o => o.Id, o => o.Status.ToString()));
        Assert.Equal("Cancelled", statuses[plainId]);
        Assert.Equal("Cancelled", statuses[createdId]);
        Assert.Equal("Placed", statuses[onItsWayId]);
        Assert.Equal(39, await StockAsync(s));
    }

    [Fact]
    public async Task CreateShipment_RefusesAPayFirstOrderStillUnpaid_AndShipsItOncePaid_CollectingNothing()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (orderId, number) = await s.OrderAsync(_viewer, buyer: 70);
        await MarkPayFirstAsync(orderId);
        using var staff = await app.ClientAsAsync();

        var refused = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN" });

        var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.EndsWith("/prepay-required", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(app.Carriers.Parcels.ContainsKey("GHN:" + Code(number)));
        Assert.Null(await app.WithDbAsync(db => db.Shipments.FirstOrDefaultAsync(x => x.OrderId == orderId)));

        await app.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.PaymentStatus, OcopLive.Payments.PaymentStatus.Paid).SetProperty(o => o.PaidVnd, o => o.TotalVnd)));
        var made = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier = "GHN" });
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        Assert.Equal(0, (await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codVnd").GetInt64());
    }

    [Fact]
    public async Task BulkParcels_SkipPayFirstOrdersStillUnpaid_AndTheProgressCountsThemAsAwaitingPayment()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        var (firstId, _) = await s.OrderAsync(_viewer, buyer: 71);
        var (unpaidId, unpaidNumber) = await s.OrderAsync(_viewer, buyer: 72);
        var (thirdId, _) = await s.OrderAsync(_viewer, buyer: 73);
        await MarkPayFirstAsync(unpaidId);
        using var staff = await app.ClientAsAsync();
        var url = $"/api/producers/{s.Session.ProducerId}/sessions/{s.Session.SessionId}/shipments";

        var queued = await staff.PostAsJsonAsync(url, new { carrier = "GHTK" });

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        JsonElement progress = default;
        for (var i = 0; i < 100; i++)
        {
            progress = (await staff.GetFromJsonAsync<JsonElement>(url)).GetProperty("progress");
            if (progress.GetProperty("withParcel").GetInt32() == 2)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal(2, progress.GetProperty("withParcel").GetInt32());
        Assert.Equal(3, progress.GetProperty("orders").GetInt32());
        Assert.Equal(1, progress.GetProperty("awaitingPayment").GetInt32());
        Assert.False(app.Carriers.Parcels.ContainsKey("GHTK:" + Code(unpaidNumber)));
        var shipped = await app.WithDbAsync(db => db.Shipments.Where(x => x.SessionId == s.Session.SessionId).Select(x => x.OrderId).ToListAsync());
        Assert.Equal(new[] { firstId, thirdId }.Order(), shipped.Order());
    }

    private async Task<string> CreateAsync(Guid orderId, string carrier)
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.PostAsJsonAsync($"/api/orders/{orderId}/shipment", new { carrier });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("trackingCode").GetString()!;
    }

    /// <summary>A parcel reservation with no tracking code yet, as a create that is under way (or timed out) leaves it.</summary>
    private Task<int> ReserveAsync(ShippingSession s, Guid orderId, long number, DateTimeOffset updatedAt) =>
        app.WithDbAsync(db =>
        {
            db.Shipments.Add(new Shipment
            {
                Id = Guid.CreateVersion7(),
                OrderId = orderId,
                ProducerId = s.Session.ProducerId,
                SessionId = s.Session.SessionId,
                Carrier = Carrier.GHN,
                ClientOrderCode = Code(number),
                CodVnd = 185_000,
                WeightGrams = 500,
                CreatedAt = updatedAt,
                UpdatedAt = updatedAt,
            });
            return db.SaveChangesAsync();
        });

    /// <summary>The buyer had refused too many parcels when ordering: the order must be paid by transfer before it ships.</summary>
    private Task<int> MarkPayFirstAsync(Guid orderId) =>
        app.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(u => u
            .SetProperty(o => o.PrepayRequired, true).SetProperty(o => o.PaymentMethod, OcopLive.Payments.PaymentMethod.BankTransfer)));

    private int CancelRequests() => app.Carriers.Requests.Count(r => r.Path.Contains("cancel", StringComparison.OrdinalIgnoreCase));

    private static string Code(long number) => number.ToString(CultureInfo.InvariantCulture);

    private Task<int> StockAsync(ShippingSession s) =>
        app.WithDbAsync(db => db.Products.Where(p => p.Id == s.Session.ProductIds[0]).Select(p => p.Stock).SingleAsync());
}
