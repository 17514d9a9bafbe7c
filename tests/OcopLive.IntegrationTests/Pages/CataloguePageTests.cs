using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>The catalogue page edits an existing product's talking points (the host's screen reads them), posted as a browser posts the form.</summary>
public class CataloguePageTests(OcopApp app) : IClassFixture<OcopApp>
{
    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = Logins.AntiforgeryToken(html);
        return await client.PostAsync($"{page}&handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task CataloguePage_SavesAProductsStoryHighlightsAndUsage_AndOpensWithThemFilledIn()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId);
        using var director = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);
        var page = $"/catalogue?talk={productId}";

        var saved = await PostFormAsync(director, page, "TalkingPoints", new()
        {
            ["TalkingPoints.Story"] = "Vườn cam của HTX Hương Sơn, ba đời trồng cam bù.",
            ["TalkingPoints.Highlight1"] = "Ngọt thanh, mọng nước",
            ["TalkingPoints.Highlight2"] = "",
            ["TalkingPoints.Highlight3"] = "Chứng nhận OCOP 4 sao",
            ["TalkingPoints.Usage"] = "Bảo quản nơi thoáng mát, dùng trong 10 ngày.",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal("Vườn cam của HTX Hương Sơn, ba đời trồng cam bù.", product.GetProperty("story").GetString());
        Assert.Equal(["Ngọt thanh, mọng nước", "Chứng nhận OCOP 4 sao"], product.GetProperty("highlights").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("Bảo quản nơi thoáng mát, dùng trong 10 ngày.", product.GetProperty("usage").GetString());
        var reopened = await director.GetStringAsync(page);
        Assert.Contains("data-testid=\"talking-points-form\"", reopened, StringComparison.Ordinal);
        Assert.Contains("Ngọt thanh, mọng nước", reopened, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CataloguePage_RefusesAHighlightTooLong_ShowingWhy_AndChangesNothing()
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productId = await Catalogue.CreateProductAsync(staff, producerId);
        using var director = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);

        var refused = await PostFormAsync(director, $"/catalogue?talk={productId}", "TalkingPoints", new()
        {
            ["TalkingPoints.Story"] = "Một câu chuyện",
            ["TalkingPoints.Highlight1"] = new string('a', 121),
        });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Dài quá 120 ký tự", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}");
        Assert.Equal(JsonValueKind.Null, product.GetProperty("story").ValueKind);
        Assert.Empty(product.GetProperty("highlights").EnumerateArray());
    }
}
