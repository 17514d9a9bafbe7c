using ClosedXML.Excel;

namespace OcopLive.Shipping;

/// <summary>
/// The carriers' bulk-upload file (XLSX, ClosedXML): one row per parcel with the columns the
/// common Vietnamese carriers' import templates ask for (GHN, GHTK, Viettel Post, J&amp;T name
/// them a little differently but want the same facts). Addresses use the two-level form in force
/// since the 2025 reform (province, commune). The weight is an estimate the producer may correct
/// before uploading: the catalogue has no weights yet.
/// </summary>
public static class CarrierXlsx
{
    /// <summary>Grams a unit of an OCOP product weighs when nothing better is known (a box, a bag, a jar).</summary>
    public const int DefaultGramsPerUnit = 500;

    public static readonly string[] Columns =
    [
        "Mã đơn hàng", "Tên người nhận", "Số điện thoại", "Địa chỉ chi tiết", "Phường/Xã", "Tỉnh/Thành phố", "Tên hàng hóa",
        "Số lượng", "Khối lượng (gram)", "Tiền thu hộ COD (VNĐ)", "Giá trị hàng hóa (VNĐ)", "Ghi chú",
    ];

    public static byte[] Build(IReadOnlyList<Parcel> parcels)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Don hang");
        for (var c = 0; c < Columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = Columns[c];
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
        }

        for (var i = 0; i < parcels.Count; i++)
        {
            var p = parcels[i];
            var row = i + 2;
            // Text cells for what only looks like a number: a phone's leading 0 must survive.
            sheet.Cell(row, 1).SetValue(p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sheet.Cell(row, 2).SetValue(p.ReceiverName);
            sheet.Cell(row, 3).SetValue(p.LocalPhone);
            sheet.Cell(row, 3).DataType = XLDataType.Text;
            sheet.Cell(row, 4).SetValue(p.Street ?? "");
            sheet.Cell(row, 5).SetValue(p.Commune);
            sheet.Cell(row, 6).SetValue(p.Province);
            sheet.Cell(row, 7).SetValue($"{p.ProductName} ({p.Unit})");
            sheet.Cell(row, 8).SetValue(p.Quantity);
            sheet.Cell(row, 9).SetValue(p.Quantity * DefaultGramsPerUnit);
            sheet.Cell(row, 10).SetValue(p.CodVnd);
            sheet.Cell(row, 11).SetValue(p.TotalVnd);
            sheet.Cell(row, 12).SetValue(p.CodVnd > 0 ? "Cho xem hàng, không cho thử" : "Đã thanh toán chuyển khoản — không thu tiền");
        }

        // Fixed widths: measuring text (AdjustToContents) needs GDI+, which a Linux server lacks.
        double[] widths = [12, 24, 14, 30, 22, 18, 32, 9, 12, 16, 16, 34];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
