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

    /// <summary>Asserts an RFC 9457 answer with the given status; returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement.Clone();
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()));
        return root;
    }
}
