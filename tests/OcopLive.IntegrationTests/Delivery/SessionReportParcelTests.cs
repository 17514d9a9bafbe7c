using System.Net.Http.Json;
using System.Text.Json;
using OcopLive.Delivery;
using OcopLive.Delivery.CodMoney;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>The post-session report counts the producer's parcels and sets the COD cash collected against what the carrier settled.</summary>
public sealed class SessionReportParcelTests(DeliveryApp app) : IClassFixture<DeliveryApp>
{
    /// <summary>The report CSV's columns before parcels were added: they must stay where they are.</summary>
    private static readonly string[] EarlierColumns =
    [
        "section", "productId", "productName", "orders", "units", "revenueVnd", "orderNumber", "createdAtLocal", "quantity",
        "totalVnd", "customerName", "customerPhone", "province", "commune", "street", "status", "paymentMethod", "paymentStatus", "paidVnd",
    ];

    [Fact]
    public async Task Report_CountsParcelsCreatedDeliveredReturned_AndCodCollectedAgainstSettled_InTheApiAndTheCsv()
    {
        var s = await ShippingSession.ArrangeAsync(app);
        using var viewer = app.CreateClient();
        using var staff = await app.ClientAsAsync();
        var orders = new List<JsonElement>();
        for (var buyer = 81; buyer <= 84; buyer++)
        {
            var (id, _) = await s.OrderAsync(viewer, buyer);
            orders.Add(await staff.GetFromJsonAsync<JsonElement>($"/api/orders/{id}"));
        }

        var producer = s.Session.ProducerId;
        var delivered = await Parcels.ShipAsync(app, orders[0], producer, Carrier.GHN, ShipmentStatus.Delivered);
        await Parcels.ShipAsync(app, orders[1], producer, Carrier.GHN, ShipmentStatus.Returned);
        await Parcels.ShipAsync(app, orders[2], producer, Carrier.GHTK, ShipmentStatus.InTransit, trackingCode: "=HYPERLINK(\"x\")");
        await Parcels.ShipAsync(app, orders[3], producer, Carrier.GHN, ShipmentStatus.Cancelled);
        await app.WithDbAsync(async db =>
        {
            var parcel = db.Shipments.Single(x => x.TrackingCode == delivered);
            db.Set<CodSettlement>().Add(new CodSettlement
            {
                Carrier = "GHN",
                ProducerId = producer,
                TrackingCode = delivered,
                LineKey = "test|" + delivered,
                ShipmentId = parcel.Id,
                OrderId = parcel.OrderId,
                CollectedVnd = 180_000,
                FeeVnd = 22_000,
                Outcome = CodOutcome.Short,
                ImportedAt = DateTimeOffset.UtcNow,
            });
            db.ProducerReportLines.Add(new ProducerReportLine
            {
                SessionId = s.Session.SessionId,
                ProducerId = producer,
                ProductId = s.Session.ProductIds[0],
                ProductName = "Cam Vinh",
                Orders = 4,
                Units = 4,
                RevenueVnd = 740_000,
                GeneratedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });

        var reports = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{s.Session.SessionId}/reports");
        var csv = await staff.GetStringAsync($"/api/producers/{producer}/reports/{s.Session.SessionId}.csv");

        var parcels = reports.GetProperty("producers")[0].GetProperty("parcels");
        Assert.Equal(3, parcels.GetProperty("created").GetInt32());
        Assert.Equal(1, parcels.GetProperty("delivered").GetInt32());
        Assert.Equal(1, parcels.GetProperty("returned").GetInt32());
        Assert.Equal(185_000, parcels.GetProperty("codCollectedVnd").GetInt64());
        Assert.Equal(180_000, parcels.GetProperty("codSettledVnd").GetInt64());
        Assert.Equal(22_000, parcels.GetProperty("codFeesVnd").GetInt64());
        Assert.Equal(5_000, parcels.GetProperty("codOutstandingVnd").GetInt64());

        var rows = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var header = rows[0].Split(',');
        Assert.Equal(EarlierColumns, header[..EarlierColumns.Length]);
        Assert.Equal(["carrier", "trackingCode", "parcelStatus", "parcelsCreated", "parcelsDelivered", "parcelsReturned", "codCollectedVnd",
            "codSettledVnd", "codFeesVnd"], header[EarlierColumns.Length..]);
        Assert.EndsWith(",3,1,1,185000,180000,22000", Assert.Single(rows, r => r.StartsWith("delivery,", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("order,", StringComparison.Ordinal) && r.Contains($",GHN,{delivered},Delivered,", StringComparison.Ordinal));
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
    }
}
