using System.Net;
using ClosedXML.Excel;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Shipping;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace OcopLive.IntegrationTests.Payments;

/// <summary>The night's paperwork: labels and packing slips (PDF) and the carrier's file (XLSX), read back with the libraries.</summary>
public sealed class ShippingTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task LabelsSlipsAndCarrierFile_HoldEveryOrder_WithCodOnlyWhenUnpaid()
    {
        var paid = await PaidSession.ArrangeAsync(app, priceVnd: 120_000);
        var orders = new List<System.Text.Json.JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            orders.Add(await paid.OrderAsync(_client, quantity: 1 + (i % 3), buyer: 10 + i));
        }

        foreach (var o in orders.Take(2))
        {
            await BankService.SendAsync(_client, BankService.Body("evt-" + Guid.NewGuid(), paid.Account, o.GetProperty("totalVnd").GetInt64(),
                o.GetProperty("payment").GetProperty("transferNote").GetString()!));
        }

        using var staff = await app.ClientAsAsync();
        var prefix = $"/api/producers/{paid.Session.ProducerId}/sessions/{paid.Session.SessionId}";
        var numbers = orders.Select(o => o.GetProperty("number").GetInt64()).ToList();

        var labels = await staff.GetAsync(prefix + "/labels.pdf");
        Assert.Equal(HttpStatusCode.OK, labels.StatusCode);
        Assert.Equal("application/pdf", labels.Content.Headers.ContentType?.MediaType);
        using (var pdf = PdfReader.Open(await labels.Content.ReadAsStreamAsync(), PdfDocumentOpenMode.Modify))
        {
            Assert.Equal(2, pdf.PageCount); // 6 labels, 4 to an A4 sheet
            Assert.All(pdf.Pages.Cast<PdfPage>(), p => Assert.Equal(595, (int)p.Width.Point));
            var titles = pdf.Outlines.Select(o => o.Title).ToList();
            Assert.Equal(numbers.Select(n => $"#{n} Nguyễn Thị Hoa"), titles);
        }

        var slips = await staff.GetAsync(prefix + "/packing-slips.pdf");
        Assert.Equal(HttpStatusCode.OK, slips.StatusCode);
        using (var pdf = PdfReader.Open(await slips.Content.ReadAsStreamAsync(), PdfDocumentOpenMode.Modify))
        {
            Assert.Equal(numbers.Count, pdf.Outlines.Count);
        }

        var xlsx = await staff.GetAsync(prefix + "/carrier.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet(1);
        Assert.Equal(CarrierXlsx.Columns, Enumerable.Range(1, CarrierXlsx.Columns.Length).Select(c => sheet.Cell(1, c).GetString()));
        for (var i = 0; i < orders.Count; i++)
        {
            var row = i + 2;
            var o = orders[i];
            Assert.Equal(numbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture), sheet.Cell(row, 1).GetString());
            Assert.Equal("Nguyễn Thị Hoa", sheet.Cell(row, 2).GetString());
            Assert.Equal(OrderBodies.PhoneOf(10 + i), sheet.Cell(row, 3).GetString());
            Assert.Equal("Phường Thành Sen", sheet.Cell(row, 5).GetString());
            Assert.Equal("Tỉnh Hà Tĩnh", sheet.Cell(row, 6).GetString());
            Assert.Equal(o.GetProperty("quantity").GetInt32(), sheet.Cell(row, 8).GetValue<int>());
            var expectedCod = i < 2 ? 0 : o.GetProperty("totalVnd").GetInt64();
            Assert.Equal(expectedCod, sheet.Cell(row, 10).GetValue<long>());
            Assert.Equal(o.GetProperty("totalVnd").GetInt64(), sheet.Cell(row, 11).GetValue<long>());
        }

        Assert.True(sheet.Cell(orders.Count + 2, 1).IsEmpty());

        // Another producer gets nothing.
        var other = await app.ClientInRoleAsync("Producer", await Catalogue.CreateProducerAsync(staff));
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(prefix + "/labels.pdf")).StatusCode);
    }
}
