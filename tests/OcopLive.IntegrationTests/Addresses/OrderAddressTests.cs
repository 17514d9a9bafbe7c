using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Addresses;

public class OrderAddressTests(OcopApp app) : IClassFixture<OcopApp>
{
    private static object Body(Guid productId, string phone, object address) => new
    {
        productId,
        quantity = 1,
        customer = new { name = "Nguyễn Thị Hoa", phone },
        address,
        channel = "Web",
    };

    [Fact]
    public async Task AnOrderByLenientNames_KeepsTheOfficialNamesAndBothCodes_AndShowsThem()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var placed = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            Body(show.ProductIds[0], "0912700001", new { province = "ha tinh", commune = "thanh sen", street = "12 Trần Phú" }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var staff = await app.ClientAsAsync();
        var order = await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{id}");
        var address = order.GetProperty("address");
        Assert.Equal("Tỉnh Hà Tĩnh", address.GetProperty("province").GetString());
        Assert.Equal("Phường Thành Sen", address.GetProperty("commune").GetString());
        Assert.Equal("42", address.GetProperty("provinceCode").GetString());
        Assert.Equal("18073", address.GetProperty("communeCode").GetString());

        var number = order.GetProperty("number").GetInt64();
        var looked = await (await anonymous.PostAsJsonAsync("/api/orders/lookup", new { number = $"{number}", phone = "0912700001" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("18073", looked.GetProperty("address").GetProperty("communeCode").GetString());
        Assert.Equal("Phường Thành Sen", looked.GetProperty("address").GetProperty("commune").GetString());
    }

    [Fact]
    public async Task AnOrderByCodes_IsAccepted()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var placed = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            Body(show.ProductIds[0], "0912700002", new { provinceCode = "42", communeCode = "18133", street = "Thôn 3" }));
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var id = Guid.Parse((await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        var stored = await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.Id == id));
        Assert.Equal(("42", "18133", "Tỉnh Hà Tĩnh", "Xã Hương Sơn"), (stored.ProvinceCode, stored.CommuneCode, stored.Province, stored.Commune));
    }

    [Theory]
    [InlineData("Hà Tĩnh", "Phường Bến Thành", null, null)]   // a ward of Thành phố Hồ Chí Minh
    [InlineData("Hà Tĩnh", "Phường Không Có", null, null)]    // no such commune
    [InlineData(null, null, "42", "26734")]                   // a commune code of another province
    [InlineData("Hà Tĩnh", "Cẩm Xuyên Cũ", null, null)]
    public async Task ACommuneNotInTheProvince_Is400NamingAddressCommune_AndNothingIsStored(string? province, string? commune, string? provinceCode, string? communeCode)
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            Body(show.ProductIds[0], "0912700003", new { province, commune, provinceCode, communeCode }));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address.commune", out _));
        Assert.False(await app.WithDbAsync(db => db.Orders.AnyAsync(o => o.SessionId == show.SessionId)));
    }

    [Fact]
    public async Task AnUnknownProvince_Is400NamingAddressProvince()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var response = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders",
            Body(show.ProductIds[0], "0912700004", new { province = "Quảng Bình", commune = "Phường Đồng Hới" }));
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address.province", out _));
    }

    [Fact]
    public async Task AProducer_KeepsTheCodesOfItsCommune_AndACommuneOutsideItsProvinceIs400()
    {
        using var staff = await app.ClientAsAsync();
        var created = await staff.PostAsJsonAsync("/api/producers", new
        {
            name = $"HTX {Guid.NewGuid():N}"[..20],
            kind = "Cooperative",
            province = "Hà Tĩnh",
            commune = "vu quang",
            phone = "0912345678",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var producer = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Xã Vũ Quang", producer.GetProperty("commune").GetString());
        Assert.Equal("42", producer.GetProperty("provinceCode").GetString());
        Assert.Matches("^[0-9]{5}$", producer.GetProperty("communeCode").GetString()!);

        var refused = await staff.PostAsJsonAsync("/api/producers", new
        {
            name = $"HTX {Guid.NewGuid():N}"[..20],
            kind = "Cooperative",
            province = "Hà Tĩnh",
            commune = "Phường Bến Thành",
            phone = "0912345678",
        });
        var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("commune", out _));
    }
}
