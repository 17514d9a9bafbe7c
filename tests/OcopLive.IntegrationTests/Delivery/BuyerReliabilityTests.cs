using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Delivery;
using OcopLive.Delivery.Reliability;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>
/// A buyer's parcels counted per phone across producers (delivered, returned, refused), read by the
/// hotline through an audited route, and the rule that a buyer with two refused parcels pays first.
/// </summary>
public sealed class BuyerReliabilityTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private readonly HttpClient _buyer = app.CreateClient();

    [Fact]
    public async Task Reliability_CountsParcelsOfEveryProducer_ForTheHotline_AndAuditsTheLookUp()
    {
        var phone = OrderBodies.PhoneOf(Random.Shared.Next(100_000, 999_999));
        await ArrangeTwoRefusalsAsync(phone);
        using var operatorClient = await app.ClientInRoleAsync("Operator");

        var counts = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/customers/reliability?phone={Uri.EscapeDataString(phone)}");

        Assert.Equal(1, counts.GetProperty("delivered").GetInt32());
        Assert.Equal(2, counts.GetProperty("returned").GetInt32());
        Assert.Equal(2, counts.GetProperty("refused").GetInt32());
        Assert.Equal(3, counts.EnumerateObject().Count()); // counts only: no producer, no order
        var normalized = Phone.Normalize(phone)!;
        var audit = await app.WithDbAsync(db => db.AccessAudits.AsNoTracking()
            .Where(a => a.Action == BuyerReliabilityLookup.AuditAction && a.Subject == normalized).ToListAsync());
        Assert.Equal(1, Assert.Single(audit).Records);

        var stranger = await operatorClient.GetFromJsonAsync<JsonElement>("/api/customers/reliability?phone=0987000111");
        Assert.Equal(0, stranger.GetProperty("refused").GetInt32());
        await ProblemAssertions.AssertProblemAsync(await operatorClient.GetAsync("/api/customers/reliability?phone=12345"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reliability_IsNotForProducers()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        using var producer = await app.ClientInRoleAsync("Producer", paid.Session.ProducerId);

        var response = await producer.GetAsync("/api/customers/reliability?phone=0912345678");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task BuyerWithTwoRefusedParcels_GetsOnlyBankTransferFirst_OrA409WhereTheProducerTakesNoTransfer()
    {
        var phone = OrderBodies.PhoneOf(Random.Shared.Next(100_000, 999_999));
        var (withBank, withoutBank) = await ArrangeTwoRefusalsAsync(phone);

        // A producer with a bank account: accepted as a transfer to pay first, with the reason in Vietnamese and the VietQR.
        var response = await _buyer.PostAsJsonAsync($"/api/sessions/{withBank.Session.SessionId}/orders",
            OrderBodies.Valid(withBank.Session.ProductIds[0], 1, phone));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var payment = JsonDocument.Parse(text).RootElement.GetProperty("payment");
        Assert.Equal("BankTransfer", payment.GetProperty("method").GetString());
        Assert.StartsWith("000201", payment.GetProperty("vietQr").GetString());
        Assert.Contains("2 đơn từ chối nhận hàng", payment.GetProperty("prepayReason").GetString());
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
        Assert.True(await app.WithDbAsync(db => db.Orders.Where(o => o.Id == id).Select(o => o.PrepayRequired).SingleAsync()));

        // A producer without one: refused with a clear problem, nothing stored.
        var before = await OrdersOfAsync(withoutBank.SessionId, phone);
        var refused = await _buyer.PostAsJsonAsync($"/api/sessions/{withoutBank.SessionId}/orders",
            OrderBodies.Valid(withoutBank.ProductIds[0], 1, phone));
        var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.EndsWith("/prepay-required", problem.GetProperty("type").GetString());
        Assert.Equal(2, problem.GetProperty("refused").GetInt32());
        Assert.Equal(before, await OrdersOfAsync(withoutBank.SessionId, phone));

        // Any other buyer still pays that producer on delivery, and a reliable buyer sees no reason.
        var other = await _buyer.PostAsJsonAsync($"/api/sessions/{withoutBank.SessionId}/orders",
            OrderBodies.Valid(withoutBank.ProductIds[0], 1, OrderBodies.PhoneOf(Random.Shared.Next(100_000, 999_999))));
        var otherBody = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal("CashOnDelivery", otherBody.GetProperty("payment").GetProperty("method").GetString());
        Assert.False(otherBody.GetProperty("payment").TryGetProperty("prepayReason", out _));
    }

    /// <summary>
    /// The phone's parcels at two producers: at the first, one refused at the door (delivering →
    /// returned) and one delivered; at the second, one refused (delivering → returning) and one
    /// called back from the warehouse (in transit → returned: returned, not refused).
    /// </summary>
    private async Task<(PaidSession WithBank, OnAirSession WithoutBank)> ArrangeTwoRefusalsAsync(string phone)
    {
        var withBank = await PaidSession.ArrangeAsync(app);
        var withoutBank = await OnAirSession.ArrangeAsync(app, [1_000], maxPerOrder: 50);
        var a1 = await OrderAsync(withBank.Session, phone);
        var a2 = await OrderAsync(withBank.Session, phone);
        var b1 = await OrderAsync(withoutBank, phone);
        var b2 = await OrderAsync(withoutBank, phone);
        var refusedAtA = await Parcels.ShipAsync(app, a1, withBank.Session.ProducerId, Carrier.GHN, ShipmentStatus.Delivering);
        await Parcels.MoveAsync(app, refusedAtA, ShipmentStatus.Returned);
        await Parcels.ShipAsync(app, a2, withBank.Session.ProducerId, Carrier.GHTK, ShipmentStatus.Delivered);
        var refusedAtB = await Parcels.ShipAsync(app, b1, withoutBank.ProducerId, Carrier.ViettelPost, ShipmentStatus.Delivering);
        await Parcels.MoveAsync(app, refusedAtB, ShipmentStatus.Returning);
        var calledBack = await Parcels.ShipAsync(app, b2, withoutBank.ProducerId, Carrier.ViettelPost, ShipmentStatus.InTransit);
        await Parcels.MoveAsync(app, calledBack, ShipmentStatus.Returned);
        return (withBank, withoutBank);
    }

    private async Task<JsonElement> OrderAsync(OnAirSession session, string phone)
    {
        var response = await _buyer.PostAsJsonAsync($"/api/sessions/{session.SessionId}/orders", OrderBodies.Valid(session.ProductIds[0], 1, phone));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<int> OrdersOfAsync(Guid sessionId, string phone)
    {
        var normalized = Phone.Normalize(phone);
        return app.WithDbAsync(db => db.Orders.CountAsync(o => o.SessionId == sessionId && o.CustomerPhone == normalized));
    }
}
