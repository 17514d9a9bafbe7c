using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.BrowserTests;

/// <summary>
/// A session for the browser tests, arranged only through the real API, as a production team would: a producer, its
/// products, a session with one entry per product, a hand-made line-up (PUT …/lineup) and, when
/// asked, go-live. Names are fixed and Vietnamese so the screenshots read like a real show.
/// </summary>
public sealed record ApiArrangedSession(Guid SessionId, Guid ProducerId, IReadOnlyList<Guid> ProductIds, IReadOnlyList<string> ProductNames)
{
    public const string Title = "Phiên chợ OCOP Hà Tĩnh";

    private static readonly (string Name, long PriceVnd, int Stars, string Category)[] DemoProducts =
    [
        ("Cam bù Hương Sơn", 185_000, 4, "Food"),
        ("Mật ong rừng Vũ Quang", 320_000, 4, "Food"),
        ("Kẹo cu đơ Hà Tĩnh", 60_000, 3, "Food"),
    ];

    /// <summary>Arranges the show; <paramref name="producer"/> names its producer (names are unique in the catalogue).</summary>
    public static async Task<ApiArrangedSession> ArrangeAsync(OcopApp app, string producer, int products = 2, int stock = 100, bool goLive = false)
    {
        using var admin = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(admin, producer);
        var ids = new List<Guid>();
        var names = new List<string>();
        for (var i = 0; i < products; i++)
        {
            var (name, price, stars, category) = DemoProducts[i % DemoProducts.Length];
            ids.Add(await Catalogue.CreateProductAsync(admin, producerId, stock: stock, priceVnd: price,
                name: name, ocopStars: stars, category: category));
            names.Add(name);
        }

        var sessionId = await Catalogue.IdOf(await admin.PostAsJsonAsync("/api/sessions", new
        {
            title = Title,
            startsAt = DateTimeOffset.UtcNow.ToString("O"),
            durationMinutes = 60,
        }));
        foreach (var productId in ids)
        {
            await Catalogue.IdOf(await admin.PostAsJsonAsync($"/api/sessions/{sessionId}/entries",
                new { productId, minutes = 5 }));
        }

        await ExpectOkAsync(await admin.PutAsJsonAsync($"/api/sessions/{sessionId}/lineup",
            new { segments = ids.Select(productId => new { productId, minutes = 5 }) }));
        if (goLive)
        {
            await ExpectOkAsync(await admin.PostAsync($"/api/sessions/{sessionId}/go-live", null));
        }

        return new ApiArrangedSession(sessionId, producerId, ids, names);
    }

    /// <summary>A viewer's order through the real order API (anonymous, Web channel); returns its number.</summary>
    public async Task<long> OrderAsync(OcopApp app, Guid productId, int quantity, string phone = "0933444555", string name = "Phạm Văn Đức")
    {
        using var viewer = app.CreateClient();
        var response = await viewer.PostAsJsonAsync($"/api/sessions/{SessionId}/orders", new
        {
            productId,
            quantity,
            customer = new { name, phone },
            address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "8 Phan Đình Phùng" },
            channel = "Web",
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"order: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetInt64();
    }

    /// <summary>The director's next segment, through the API.</summary>
    public async Task NextAsync(OcopApp app)
    {
        using var admin = await app.ClientAsAsync();
        await ExpectOkAsync(await admin.PostAsync($"/api/sessions/{SessionId}/next", null));
    }

    /// <summary>The session's orders as stored in PostgreSQL.</summary>
    public Task<List<Orders.Order>> OrdersInDatabaseAsync(OcopApp app) =>
        app.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => o.SessionId == SessionId).ToListAsync());

    private static async Task ExpectOkAsync(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
}
