using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Catalog;

public class CatalogApiTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task CreateProducer_NormalisesPhoneAndProvince_AndReadsBack()
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.PostAsJsonAsync("/api/producers", new
        {
            name = "HTX Cam Thượng Lộc (test)",
            kind = "Cooperative",
            province = "tỉnh hà tĩnh",
            commune = "Xã Can Lộc",
            phone = "0912 345 678",
        });
        var id = await Catalogue.IdOf(response);

        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/producers/{id}");
        Assert.Equal("Tỉnh Hà Tĩnh", read.GetProperty("province").GetString());
        Assert.Equal("42", read.GetProperty("provinceCode").GetString());
        Assert.Equal("+84912345678", read.GetProperty("phone").GetString());
        Assert.Equal("Cooperative", read.GetProperty("kind").GetString());
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/producers/{id}");
    }

    [Fact]
    public async Task CreateProduct_DefaultsMaxPerOrder_AndGetShowsStock()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId, stock: 120);

        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(120, product.GetProperty("stock").GetInt32());
        Assert.Equal(10, product.GetProperty("maxPerOrder").GetInt32());
        Assert.Equal(185_000, product.GetProperty("priceVnd").GetInt64());
        Assert.Equal("2028-01-31", product.GetProperty("certificateExpiresOn").GetString());
    }

    [Fact]
    public async Task PatchProduct_ChangesOnlyGivenFields()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId, stock: 10, priceVnd: 50_000);

        var response = await staff.PatchAsJsonAsync($"/api/products/{productId}", new { stock = 500 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(500, product.GetProperty("stock").GetInt32());
        Assert.Equal(50_000, product.GetProperty("priceVnd").GetInt64());
    }

    [Fact]
    public async Task PatchProduct_RefusesNegativeStock_AndChangesNothing()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId, stock: 10);

        var problem = await ProblemAssertions.AssertProblemAsync(
            await staff.PatchAsJsonAsync($"/api/products/{productId}", new { stock = -1, priceVnd = 1 }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("stock", out _));

        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(10, product.GetProperty("stock").GetInt32());
        Assert.Equal(185_000, product.GetProperty("priceVnd").GetInt64());
    }

    public static TheoryData<string, string> BadProducts => new()
    {
        { """{"name":"X","category":"Food","ocopStars":6,"unit":"kg","priceVnd":1000,"stock":1}""", "ocopStars" },
        { """{"name":"X","category":"Food","ocopStars":2,"unit":"kg","priceVnd":1000,"stock":1}""", "ocopStars" },
        { """{"name":"X","category":"Toys","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1}""", "category" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":-5,"stock":1}""", "priceVnd" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000.5,"stock":1}""", "priceVnd" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":-1}""", "stock" },
        { """{"name":"","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1}""", "name" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"","priceVnd":1000,"stock":1}""", "unit" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1,"maxPerOrder":0}""", "maxPerOrder" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1,"traceabilityUrl":"javascript:alert(1)"}""", "traceabilityUrl" },
        { """{"name":"X","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1,"certificateExpiresOn":"31/12/2027"}""", "certificateExpiresOn" },
        { """{"name":"X\u0000","category":"Food","ocopStars":3,"unit":"kg","priceVnd":1000,"stock":1}""", "name" },
        { """not json""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadProducts))]
    public async Task CreateProduct_RefusesBadInput_NamingTheField_AndStoresNothing(string json, string field)
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var body = json.StartsWith('{') ? json.Insert(1, $"\"producerId\":\"{producerId}\",") : json;
        var before = await app.WithDbAsync(db => db.Products.CountAsync());

        var response = await staff.PostAsync("/api/products", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.WithDbAsync(db => db.Products.CountAsync()));
    }

    [Fact]
    public async Task CreateProducer_RefusesProvinceAbolishedIn2025()
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.PostAsJsonAsync("/api/producers", new
        {
            name = "HTX Quảng Bình",
            kind = "Cooperative",
            province = "Quảng Bình",
            commune = "Xã A",
            phone = "0912345678",
        });
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("province", out _));
    }

    [Fact]
    public async Task CreateProduct_RefusesUnknownProducer()
    {
        using var staff = await app.ClientAsAsync();
        var response = await staff.PostAsJsonAsync("/api/products", new
        {
            producerId = Guid.NewGuid(),
            name = "X",
            category = "Food",
            ocopStars = 3,
            unit = "kg",
            priceVnd = 1000,
            stock = 1,
        });
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("producerId", out _));
    }

    [Fact]
    public async Task GetProduct_UnknownId_Is404Problem()
    {
        using var staff = await app.ClientAsAsync();
        await ProblemAssertions.AssertProblemAsync(await staff.GetAsync($"/api/products/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BodyLargerThan64KB_IsRefused()
    {
        using var staff = await app.ClientAsAsync();
        var huge = "{\"name\":\"" + new string('a', 70_000) + "\"}";
        var response = await staff.PostAsync("/api/producers", new StringContent(huge, Encoding.UTF8, "application/json"));
        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
