using System.Net;
using System.Net.Http.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Orders;

/// <summary>Customers' text in the CSV exports never reaches a spreadsheet as a formula (CSV injection).</summary>
public class CsvInjectionTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task ReportAndOrdersCsv_EscapeFormulas_InCustomersText_ButKeepThePhoneAsItIs()
    {
        var show = await OnAirSession.ArrangeAsync(app, [100]);
        using var anonymous = app.CreateClient();
        var placed = await anonymous.PostAsJsonAsync($"/api/sessions/{show.SessionId}/orders", new
        {
            productId = show.ProductIds[0],
            quantity = 1,
            customer = new { name = "=HYPERLINK(\"http://evil.example\",\"Hoa\")", phone = "0912345678" },
            address = new { province = "Hà Tĩnh", commune = "Phường Thành Sen", street = "+cmd|' /C calc'!A0" },
            channel = "Web",
        });
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        await app.WithDbAsync(async db =>
        {
            db.ProducerReportLines.Add(new ProducerReportLine
            {
                SessionId = show.SessionId,
                ProducerId = show.ProducerId,
                ProductId = show.ProductIds[0],
                ProductName = "-2+3 cam",
                Orders = 1,
                Units = 1,
                RevenueVnd = 100_000,
                GeneratedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        using var staff = await app.ClientAsAsync();

        var report = await staff.GetStringAsync($"/api/producers/{show.ProducerId}/reports/{show.SessionId}.csv");
        var orders = await staff.GetStringAsync($"/api/producers/{show.ProducerId}/orders?format=csv");

        foreach (var csv in new[] { report, orders })
        {
            Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("\"=HYPERLINK", csv, StringComparison.Ordinal);
            Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
            Assert.Contains("'+cmd", csv, StringComparison.Ordinal);
            Assert.Contains(",+84912345678,", csv, StringComparison.Ordinal);
        }

        Assert.Contains("'-2+3 cam", report, StringComparison.Ordinal);
    }
}
