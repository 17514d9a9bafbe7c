using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Delivery;
using OcopLive.Delivery.CodMoney;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Payments;
using OcopLive.Payments;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>
/// Carriers' COD settlement files through the real app and PostgreSQL: in each carrier's layout, a
/// full payment pays its order, a short one and an unknown code wait for review, the fees are
/// recorded per parcel, and the same file twice adds nothing.
/// </summary>
public sealed class CodSettlementImportTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private const string Preview = "/api/delivery/cod-settlements/preview";
    private const string Import = "/api/delivery/cod-settlements";
    private readonly HttpClient _buyer = app.CreateClient();

    [Theory]
    [InlineData(Carrier.GHN)]
    [InlineData(Carrier.GHTK)]
    [InlineData(Carrier.ViettelPost)]
    public async Task SettlementFile_PaysFullLines_KeepsShortAndUnknownForReview_AndAgainAddsNothing(Carrier carrier)
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 185_000);
        var producerId = paid.Session.ProducerId;
        var full = await paid.OrderAsync(_buyer, quantity: 2, buyer: 1);  // 370,000
        var shortPaid = await paid.OrderAsync(_buyer, quantity: 1, buyer: 2); // 185,000, 150,000 collected
        var fullCode = await Parcels.ShipAsync(app, full, producerId, carrier);
        var shortCode = await Parcels.ShipAsync(app, shortPaid, producerId, carrier);
        var unknownCode = Parcels.CodeFor(carrier);
        var file = SettlementFiles.For(carrier,
        [
            new SettlementLine(fullCode, 370_000, 24_000),
            new SettlementLine(shortCode, 150_000, 20_000),
            new SettlementLine(unknownCode, 99_000, 18_000),
        ]);
        using var owner = await app.ClientInRoleAsync("Producer", producerId);

        // The preview reads the layout and says what an import would do, storing nothing.
        var preview = await ReadAsync(await SettlementFiles.UploadAsync(owner, Preview, file, producerId, carrier));
        Assert.Equal(3, preview.GetProperty("lines").GetInt32());
        Assert.Equal(619_000, preview.GetProperty("collectedVnd").GetInt64());
        Assert.Equal(62_000, preview.GetProperty("feeVnd").GetInt64());
        Assert.Equal(["Paid", "Short", "UnknownTracking"], preview.GetProperty("sample").EnumerateArray().Select(l => l.GetProperty("outcome").GetString()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CodSettlement>().CountAsync(s => s.ProducerId == producerId)));
        Assert.Equal(("Unpaid", 0L), await PaymentOfAsync(full));

        var result = await ReadAsync(await SettlementFiles.UploadAsync(owner, Import, file, producerId, carrier));
        var counts = result.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("Paid").GetInt32());
        Assert.Equal(1, counts.GetProperty("Short").GetInt32());
        Assert.Equal(1, counts.GetProperty("UnknownTracking").GetInt32());
        Assert.Equal(0, counts.GetProperty("Duplicate").GetInt32());
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(full));
        Assert.Equal(("Unpaid", 150_000L), await PaymentOfAsync(shortPaid));
        Assert.Equal(["Short", "UnknownTracking"], result.GetProperty("review").EnumerateArray().Select(l => l.GetProperty("outcome").GetString()).Order());

        // Fees per parcel, on the parcel's line.
        var lines = await app.WithDbAsync(db => db.Set<CodSettlement>().AsNoTracking().Where(s => s.ProducerId == producerId).ToListAsync());
        Assert.Equal(24_000, lines.Single(l => l.TrackingCode == fullCode).FeeVnd);
        Assert.Equal(20_000, lines.Single(l => l.TrackingCode == shortCode).FeeVnd);
        Assert.NotNull(lines.Single(l => l.TrackingCode == shortCode).ShipmentId);

        // The short payment and the unknown code wait on the payments review (staff) and the delivery list (the producer).
        using var staff = await app.ClientAsAsync();
        var open = await staff.GetFromJsonAsync<JsonElement>("/api/payments/review?state=Open");
        var cod = open.EnumerateArray().Where(n => n.GetProperty("source").GetString() == "CodSettlement"
            && n.GetProperty("content").GetString()!.Contains(carrier.ToString(), StringComparison.Ordinal)).ToList();
        Assert.Contains(cod, n => n.GetProperty("content").GetString() == $"COD {carrier} {unknownCode}" && n.GetProperty("outcome").GetString() == "Unmatched");
        Assert.Contains(cod, n => n.GetProperty("orderNumber").ValueKind == JsonValueKind.Number
            && n.GetProperty("orderNumber").GetInt64() == shortPaid.GetProperty("number").GetInt64() && n.GetProperty("outcome").GetString() == "Partial");
        var mine = await owner.GetFromJsonAsync<JsonElement>("/api/delivery/cod-settlements?state=Open");
        var mineCodes = mine.EnumerateArray().Select(l => l.GetProperty("trackingCode").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { shortCode, unknownCode }.Order(StringComparer.Ordinal).ToArray(), mineCodes);

        // The same file again: every line is a duplicate and nothing moves.
        var again = await ReadAsync(await SettlementFiles.UploadAsync(owner, Import, file, producerId, carrier));
        Assert.Equal(3, again.GetProperty("counts").GetProperty("Duplicate").GetInt32());
        Assert.Empty(again.GetProperty("review").EnumerateArray());
        Assert.Equal(3, await app.WithDbAsync(db => db.Set<CodSettlement>().CountAsync(s => s.ProducerId == producerId)));
        string[] contents = [$"COD {carrier} {fullCode}", $"COD {carrier} {shortCode}", $"COD {carrier} {unknownCode}"];
        Assert.Equal(3, await app.WithDbAsync(db => db.PaymentNotifications.CountAsync(n => n.Source == NotificationSource.CodSettlement
            && contents.Contains(n.Content))));
        Assert.Equal(("Paid", 370_000L), await PaymentOfAsync(full));
        Assert.Equal(("Unpaid", 150_000L), await PaymentOfAsync(shortPaid));
    }

    [Fact]
    public async Task SettlementFile_OfAnotherCarriersLayout_IsRefusedWithTheHeadersWanted_AndChangesNothing()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        var order = await paid.OrderAsync(_buyer, buyer: 7);
        var code = await Parcels.ShipAsync(app, order, paid.Session.ProducerId, Carrier.GHN);
        var ghnFile = SettlementFiles.For(Carrier.GHN, [new SettlementLine(code, 185_000, 20_000)]);
        using var staff = await app.ClientAsAsync();

        var problem = await ProblemAssertions.AssertProblemAsync(
            await SettlementFiles.UploadAsync(staff, Import, ghnFile, paid.Session.ProducerId, Carrier.ViettelPost), HttpStatusCode.BadRequest);
        Assert.Contains("Số hiệu đơn hàng", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        Assert.Equal(("Unpaid", 0L), await PaymentOfAsync(order));
    }

    [Fact]
    public async Task SettlementImport_ForAnotherProducer_IsForbidden()
    {
        var mine = await PaidSession.ArrangeAsync(app);
        var theirs = await PaidSession.ArrangeAsync(app);
        using var owner = await app.ClientInRoleAsync("Producer", mine.Session.ProducerId);
        var file = SettlementFiles.For(Carrier.GHN, [new SettlementLine("GABCDEF1", 100_000, 10_000)]);

        var response = await SettlementFiles.UploadAsync(owner, Import, file, theirs.Session.ProducerId, Carrier.GHN);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<(string, long)> PaymentOfAsync(JsonElement order)
    {
        var id = order.GetProperty("id").GetGuid();
        return app.WithDbAsync(async db =>
        {
            var o = await db.Orders.AsNoTracking().Where(x => x.Id == id).Select(x => new { x.PaymentStatus, x.PaidVnd }).SingleAsync();
            return (o.PaymentStatus.ToString(), o.PaidVnd);
        });
    }
}
