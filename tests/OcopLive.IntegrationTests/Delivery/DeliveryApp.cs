using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>The app pointed at the fake carriers, with a callback secret and a short carrier timeout.</summary>
public sealed class DeliveryApp : OcopApp
{
    public const string Secret = "carrier-callback-secret-4b7a";

    public FakeCarriers Carriers { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Carriers = await FakeCarriers.StartAsync();
        await base.InitializeAsync();
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Carriers:Ghn:BaseUrl"] = Carriers.GhnBase,
        ["OcopLive:Carriers:Ghtk:BaseUrl"] = Carriers.GhtkBase,
        ["OcopLive:Carriers:ViettelPost:BaseUrl"] = Carriers.ViettelPostBase,
        ["OcopLive:Carriers:WebhookSecret"] = Secret,
        ["OcopLive:Carriers:RequestTimeout"] = "00:00:02",
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Carriers.DisposeAsync();
    }
}

/// <summary>A session on air, a producer with accounts at the three carriers, and orders placed through the API.</summary>
public sealed record ShippingSession(OnAirSession Session)
{
    /// <summary>Hà Tĩnh and Phường Thành Sen, by their official codes.</summary>
    public static readonly object Pickup = new { provinceCode = "42", communeCode = "18073", street = "25 Nguyễn Du", phone = "0912000111" };

    public static async Task<ShippingSession> ArrangeAsync(OcopApp app, int stock = 1_000)
    {
        var session = await OnAirSession.ArrangeAsync(app, [stock], priceVnd: 185_000, maxPerOrder: 50);
        using var staff = await app.ClientAsAsync();
        foreach (var (carrier, shop) in new[] { ("GHN", "885"), ("GHTK", "S22345"), ("ViettelPost", (string?)null) })
        {
            var put = await staff.PutAsJsonAsync($"/api/producers/{session.ProducerId}/carriers/{carrier}",
                new { token = FakeCarriers.Token, shopId = shop, pickup = Pickup });
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        return new ShippingSession(session);
    }

    /// <summary>Places a Web order and returns (id, number).</summary>
    public async Task<(Guid Id, long Number)> OrderAsync(HttpClient client, int buyer = 1, int quantity = 1)
    {
        var response = await client.PostAsJsonAsync($"/api/sessions/{Session.SessionId}/orders",
            OrderBodies.Valid(Session.ProductIds[0], quantity, OrderBodies.PhoneOf(buyer)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return (body.GetProperty("id").GetGuid(), body.GetProperty("number").GetInt64());
    }
}
