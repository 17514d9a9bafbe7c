using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Addresses;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Addresses;

/// <summary>Rows written before addresses had codes: matched by name, or listed for a person — never guessed.</summary>
public class AddressBackfillTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task OldRows_MatchingByName_GetCodes_TheOthersAreListedForAPerson_AndAPersonResolvesThem()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        var matched = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Hà Tĩnh", "Thành Sen");
        var oldDistrict = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Hà Tĩnh", "Huyện Cẩm Xuyên");
        var oldProvince = await OldAddresses.OrderAsync(app, show.SessionId, show.ProductIds[0], "Quảng Bình", "Phường Hải Thành");

        await OldAddresses.BackfillAsync(app);

        var rows = await app.WithDbAsync(db => db.Orders.Where(o => o.SessionId == show.SessionId).ToDictionaryAsync(o => o.Id));
        Assert.Equal(("42", "18073"), (rows[matched].ProvinceCode, rows[matched].CommuneCode));
        Assert.Null(rows[oldDistrict].CommuneCode);
        Assert.Null(rows[oldProvince].CommuneCode);

        using var staff = await app.ClientAsAsync();
        var listed = await staff.GetFromJsonAsync<JsonElement>("/api/addresses/unmatched");
        var mine = listed.EnumerateArray().Where(u => u.GetProperty("rowId").GetGuid() is var r && (r == oldDistrict || r == oldProvince)).ToArray();
        Assert.Equal(2, mine.Length);
        Assert.All(mine, u => Assert.Equal("orders", u.GetProperty("source").GetString()));
        Assert.Contains(mine, u => u.GetProperty("commune").GetString() == "Huyện Cẩm Xuyên");
        Assert.DoesNotContain(listed.EnumerateArray(), u => u.GetProperty("rowId").GetGuid() == matched);

        // Running again changes nothing and lists nothing twice.
        await OldAddresses.BackfillAsync(app);
        var again = await staff.GetFromJsonAsync<JsonElement>("/api/addresses/unmatched");
        Assert.Equal(2, again.EnumerateArray().Count(u => u.GetProperty("rowId").GetGuid() is var r && (r == oldDistrict || r == oldProvince)));

        // A person decides: Xã Cẩm Xuyên.
        var row = mine.Single(u => u.GetProperty("rowId").GetGuid() == oldDistrict).GetProperty("id").GetInt64();
        var badCode = await staff.PostAsJsonAsync($"/api/addresses/unmatched/{row}/resolve", new { communeCode = "99999" });
        await ProblemAssertions.AssertProblemAsync(badCode, HttpStatusCode.BadRequest);
        var camXuyen = AddressBook.Official.FindCommune(AddressBook.Official.ProvinceByCode("42")!, "Xã Cẩm Xuyên").Commune!;
        var resolved = await staff.PostAsJsonAsync($"/api/addresses/unmatched/{row}/resolve", new { communeCode = camXuyen.Code });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var order = await app.WithDbAsync(db => db.Orders.SingleAsync(o => o.Id == oldDistrict));
        Assert.Equal(("42", camXuyen.Code, "Xã Cẩm Xuyên", "Tỉnh Hà Tĩnh"), (order.ProvinceCode, order.CommuneCode, order.Commune, order.Province));
    }

    [Fact]
    public async Task TheUnmatchedList_IsForStaffOnly()
    {
        using var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/addresses/unmatched")).StatusCode);
        using var operatorClient = await app.ClientInRoleAsync("Operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorClient.GetAsync("/api/addresses/unmatched")).StatusCode);
    }
}
