using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>Arranges catalogue data through the real API, as the production team would.</summary>
public static class Catalogue
{
    public static async Task<Guid> CreateProducerAsync(HttpClient staff, string? name = null)
    {
        var response = await staff.PostAsJsonAsync("/api/producers", new
        {
            name = name ?? $"HTX Thử nghiệm {Guid.NewGuid():N}"[..30],
            kind = "Cooperative",
            province = "Hà Tĩnh",
            commune = "Xã Hương Sơn",
            phone = "0912345678",
        });
        return await IdOf(response);
    }

    public static async Task<Guid> CreateProductAsync(HttpClient staff, Guid producerId, int stock = 100,
        long priceVnd = 185_000, int? maxPerOrder = null, string? name = null, int ocopStars = 4, string category = "Food")
    {
        var response = await staff.PostAsJsonAsync("/api/products", new
        {
            producerId,
            name = name ?? $"Sản phẩm {Guid.NewGuid():N}"[..20],
            category,
            ocopStars,
            unit = "kg",
            priceVnd,
            stock,
            maxPerOrder,
            certificateNo = "OCOP-HT-2025-0001",
            certificateExpiresOn = "2028-01-31",
        });
        return await IdOf(response);
    }

    public static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("id").GetGuid();
    }
}
