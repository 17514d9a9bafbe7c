using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;
using OcopLive.Delivery;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>One parcel's line of a settlement file.</summary>
public sealed record SettlementLine(string TrackingCode, long CollectedVnd, long FeeVnd);

/// <summary>
/// COD settlement files in each carrier's layout, as its portal exports them: title rows above the
/// header, Vietnamese headers, amounts with thousands separators, a totals row at the end.
/// GHN as a comma CSV, GHTK as an XLSX, Viettel Post as a semicolon CSV.
/// </summary>
public static class SettlementFiles
{
    public static (byte[] Bytes, string FileName) For(Carrier carrier, IReadOnlyList<SettlementLine> lines) => carrier switch
    {
        Carrier.GHN => (Ghn(lines), "ghn-doi-soat.csv"),
        Carrier.GHTK => (Ghtk(lines), "ghtk-doi-soat.xlsx"),
        _ => (ViettelPost(lines), "vtp-bang-ke-cod.csv"),
    };

    private static string Vnd(long v) => v.ToString("#,0", CultureInfo.InvariantCulture);

    private static byte[] Ghn(IReadOnlyList<SettlementLine> lines)
    {
        var s = new StringBuilder();
        s.AppendLine("BẢNG ĐỐI SOÁT COD - GIAO HÀNG NHANH");
        s.AppendLine("Cửa hàng: HTX Cam Thượng Lộc,,,,,");
        s.AppendLine("Mã đơn GHN,Mã đơn khách hàng,Trạng thái,Tiền thu hộ (COD),Tổng phí,Ngày chuyển COD");
        var i = 0;
        foreach (var l in lines)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{l.TrackingCode},{100_100 + i++},Giao thành công,\"{Vnd(l.CollectedVnd)}\",\"{Vnd(l.FeeVnd)}\",05/12/2026");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"Tổng cộng,,,\"{Vnd(lines.Sum(l => l.CollectedVnd))}\",\"{Vnd(lines.Sum(l => l.FeeVnd))}\",");
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(s.ToString())).ToArray();
    }

    private static byte[] Ghtk(IReadOnlyList<SettlementLine> lines)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Doi soat");
        sheet.Cell(1, 1).Value = "PHIÊN ĐỐI SOÁT GIAO HÀNG TIẾT KIỆM";
        sheet.Cell(2, 1).Value = "Shop: HTX Cam Thượng Lộc";
        string[] headers = ["Mã đơn GHTK", "Mã đơn shop", "Tiền thu hộ", "Phí vận chuyển", "Phí bảo hiểm", "Ngày đối soát"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(4, c + 1).Value = headers[c];
        }

        var row = 5;
        foreach (var l in lines)
        {
            // The fee split in two columns the layout adds up: transport and insurance.
            var insurance = l.FeeVnd / 4;
            sheet.Cell(row, 1).Value = l.TrackingCode;
            sheet.Cell(row, 2).Value = (100_200 + row).ToString(CultureInfo.InvariantCulture);
            sheet.Cell(row, 3).Value = l.CollectedVnd;
            sheet.Cell(row, 4).Value = l.FeeVnd - insurance;
            sheet.Cell(row, 5).Value = insurance;
            sheet.Cell(row, 6).Value = new DateTime(2026, 12, 5, 0, 0, 0, DateTimeKind.Unspecified);
            row++;
        }

        sheet.Cell(row, 2).Value = "Tổng";
        sheet.Cell(row, 3).Value = lines.Sum(l => l.CollectedVnd);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static byte[] ViettelPost(IReadOnlyList<SettlementLine> lines)
    {
        var s = new StringBuilder();
        s.AppendLine("TỔNG CÔNG TY CỔ PHẦN BƯU CHÍNH VIETTEL");
        s.AppendLine("BẢNG KÊ THANH TOÁN TIỀN COD");
        s.AppendLine("STT;Số hiệu đơn hàng;Người nhận;Tiền thu hộ (COD);Tổng cước;Ngày thanh toán");
        var i = 1;
        foreach (var l in lines)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"{i++};{l.TrackingCode};Nguyễn Thị Hoa;{Vnd(l.CollectedVnd).Replace(',', '.')};{Vnd(l.FeeVnd).Replace(',', '.')};05/12/2026 16:30");
        }

        return Encoding.UTF8.GetBytes(s.ToString());
    }

    /// <summary>Posts the file as the page does: multipart with <c>file</c>, <c>producerId</c> and <c>carrier</c>.</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, (byte[] Bytes, string FileName) file, Guid producerId,
        Carrier carrier)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.FileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv");
        form.Add(content, "file", file.FileName);
        form.Add(new StringContent(producerId.ToString()), "producerId");
        form.Add(new StringContent(carrier.ToString()), "carrier");
        return client.PostAsync(path, form);
    }
}
