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

/// <summary>The app with the carriers' callback secret and no order challenge.</summary>
public sealed class CallbackApp : OcopApp
{
    public const string Secret = "carrier-callback-secret-5d1e";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Carriers:WebhookSecret"] = Secret,
        ["OcopLive:Orders:Challenge"] = "Off",
    };
}

/// <summary>
/// Buyers' counts follow the carriers' own callbacks (the trigger on <c>shipments</c>), whatever
/// order and however often they arrive: a GHN parcel refused at the door, a Viettel Post one
/// failed then returned, a resent callback counted once, a delivered one.
/// </summary>
public sealed class RefusalCallbackTests(CallbackApp app) : IClassFixture<CallbackApp>
{
    /// <summary>The carriers' field names as they send them (PascalCase, upper case), not camelCased.</summary>
    private static readonly JsonSerializerOptions AsSent = new();

    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task CarrierCallbacks_CountDeliveredReturnedAndRefused_OncePerParcel()
    {
        var phone = OrderBodies.PhoneOf(Random.Shared.Next(100_000, 999_999));
        var session = await OnAirSession.ArrangeAsync(app, [1_000], maxPerOrder: 50);
        var ghnRefused = await Parcels.ShipAsync(app, await OrderAsync(session, phone), session.ProducerId, Carrier.GHN, ShipmentStatus.Created);
        var vtpRefused = await Parcels.ShipAsync(app, await OrderAsync(session, phone), session.ProducerId, Carrier.ViettelPost, ShipmentStatus.Created);
        var ghnDelivered = await Parcels.ShipAsync(app, await OrderAsync(session, phone), session.ProducerId, Carrier.GHN, ShipmentStatus.Created);

        await GhnAsync(ghnRefused, "delivering", "2026-12-05T02:00:00Z");
        await GhnAsync(ghnRefused, "delivery_fail", "2026-12-05T03:00:00Z");
        await GhnAsync(ghnRefused, "return", "2026-12-05T05:00:00Z");
        await GhnAsync(ghnRefused, "return", "2026-12-05T05:00:00Z"); // resent
        await GhnAsync(ghnRefused, "returned", "2026-12-06T05:00:00Z");
        await ViettelPostAsync(vtpRefused, 505, "05/12/2026 10:00:00"); // failed, the buyer refused: return requested
        await ViettelPostAsync(vtpRefused, 504, "06/12/2026 09:00:00"); // returned to sender
        await GhnAsync(ghnDelivered, "delivering", "2026-12-05T02:00:00Z");
        await GhnAsync(ghnDelivered, "delivered", "2026-12-05T04:00:00Z");

        var counts = await app.WithDbAsync(db => db.Set<BuyerReliability>().AsNoTracking().SingleAsync(r => r.Phone == Phone.Normalize(phone)));
        Assert.Equal((1, 2, 2), (counts.Delivered, counts.Returned, counts.Refused));
    }

    private async Task GhnAsync(string code, string status, string time)
    {
        var response = await _client.PostAsJsonAsync($"/api/carriers/ghn/callback/{CallbackApp.Secret}",
            new { OrderCode = code, Status = status, Type = "switch_status", Time = time, CODAmount = 0 }, AsSent);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task ViettelPostAsync(string code, int status, string date)
    {
        var response = await _client.PostAsJsonAsync($"/api/carriers/viettelpost/callback/{CallbackApp.Secret}", new
        {
            DATA = new { ORDER_NUMBER = code, ORDER_STATUS = status, ORDER_STATUSDATE = date, STATUS_NAME = "", REASON_CODE = status == 505 ? "21" : "" },
            TOKEN = CallbackApp.Secret,
        }, AsSent);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> OrderAsync(OnAirSession session, string phone)
    {
        var response = await _client.PostAsJsonAsync($"/api/sessions/{session.SessionId}/orders", OrderBodies.Valid(session.ProductIds[0], 1, phone));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
