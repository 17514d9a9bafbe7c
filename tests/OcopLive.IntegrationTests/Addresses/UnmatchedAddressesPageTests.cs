using System.Net;
using Microsoft.EntityFrameworkCore;
using OcopLive.Addresses;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Addresses;

/// <summary>The staff page of addresses the backfill could not match: listed, and resolved by a person, posted as a browser posts the form.</summary>
public class UnmatchedAddressesPageTests(OcopApp app) : IClassFixture<OcopApp>
{
    private const string Page = "/addresses/unmatched";

    [Fact]
    public async Task ThePage_ListsOldAddresses_AndResolvesOneByNames_AnotherByThePickedCode_AndRefusesAnUnknownCommune()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        var byNames = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Hà Tĩnh", "Huyện Cẩm Xuyên");
        var byCode = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Quảng Bình", "Phường Hải Thành");
        await OldAddresses.BackfillAsync(app);
        var rows = await app.WithDbAsync(db => db.Set<UnmatchedAddress>().Where(u => u.RowId == byNames || u.RowId == byCode)
            .ToDictionaryAsync(u => u.RowId, u => u.Id));
        using var director = await Logins.PageClientAsync(app, "admin", OcopApp.AdminPassword);

        var html = await director.GetStringAsync(Page);
        Assert.Contains($"data-testid=\"unmatched-{rows[byNames]}\"", html, StringComparison.Ordinal);
        Assert.Contains("Huyện Cẩm Xuyên, Hà Tĩnh", html, StringComparison.Ordinal);
        Assert.Contains("communepicker.js", html, StringComparison.Ordinal);

        var unknown = await PostAsync(director, rows[byNames], new() { ["province"] = "Tỉnh Hà Tĩnh", ["commune"] = "Xã Không Có Thật" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains($"data-testid=\"unmatched-error-{rows[byNames]}\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Orders.Where(o => o.Id == byNames).Select(o => o.CommuneCode).SingleAsync()));

        var named = await PostAsync(director, rows[byNames], new() { ["province"] = "Tỉnh Hà Tĩnh", ["commune"] = "cam xuyen", ["communeCode"] = "" });
        var quangTri = AddressBook.Official.ProvinceByCode("44")!;
        var haiThanh = AddressBook.Official.FindCommune(quangTri, "Phường Đồng Hới").Commune!;
        var coded = await PostAsync(director, rows[byCode], new() { ["province"] = "", ["commune"] = haiThanh.Name, ["communeCode"] = haiThanh.Code });

        Assert.Equal(HttpStatusCode.Redirect, named.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, coded.StatusCode);
        var orders = await app.WithDbAsync(db => db.Orders.Where(o => o.Id == byNames || o.Id == byCode).ToDictionaryAsync(o => o.Id));
        Assert.Equal(("42", "Xã Cẩm Xuyên"), (orders[byNames].ProvinceCode, orders[byNames].Commune));
        Assert.Equal((quangTri.Code, haiThanh.Code), (orders[byCode].ProvinceCode, orders[byCode].CommuneCode));
        var after = await director.GetStringAsync(Page);
        Assert.DoesNotContain($"data-testid=\"unmatched-{rows[byNames]}\"", after, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"unmatched-resolved-{rows[byNames]}\"", after, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, long id, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = Logins.AntiforgeryToken(await client.GetStringAsync(Page));
        return await client.PostAsync($"{Page}?handler=Resolve&id={id}", new FormUrlEncodedContent(fields));
    }
}
