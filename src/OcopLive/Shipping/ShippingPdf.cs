using OcopLive.Common;
using OcopLive.Payments;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;

namespace OcopLive.Shipping;

/// <summary>The sender printed on every label.</summary>
public sealed record Sender(string Name, string Phone, string Address);

/// <summary>
/// Shipping labels and packing slips as PDF (PDFsharp). Labels are A6, four to an A4 sheet (2 × 2,
/// cut along the thin lines), so an office printer and a guillotine do the job of a label printer.
/// Each label: the order number in words and as a QR code (a link that opens the order on the
/// producer's phone to mark it shipped), receiver, phone, full address, product and quantity, and
/// the cash to collect when the order is not paid. Every order also gets a bookmark, so a producer
/// can jump to one label, and a test can read the document back.
/// </summary>
public static class ShippingPdf
{
    private const double A4Width = 595.28, A4Height = 841.89;
    private const double LabelWidth = A4Width / 2, LabelHeight = A4Height / 2;
    private const double Margin = 14;

    public static byte[] Labels(IReadOnlyList<Parcel> parcels, Sender sender, Func<Parcel, string> scanUrl, string title)
    {
        LabelFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "OcopLive";
        var small = new XFont(LabelFonts.Family, 8);
        var normal = new XFont(LabelFonts.Family, 10);
        var bold = new XFont(LabelFonts.Family, 11, XFontStyleEx.Bold);
        var big = new XFont(LabelFonts.Family, 20, XFontStyleEx.Bold);
        var cod = new XFont(LabelFonts.Family, 13, XFontStyleEx.Bold);
        var cut = new XPen(XColors.Gray, 0.3) { DashStyle = XDashStyle.Dash };

        PdfPage? page = null;
        XGraphics? gfx = null;
        try
        {
            for (var i = 0; i < parcels.Count; i++)
            {
                if (i % 4 == 0)
                {
                    gfx?.Dispose();
                    page = document.AddPage();
                    page.Width = XUnit.FromPoint(A4Width);
                    page.Height = XUnit.FromPoint(A4Height);
                    gfx = XGraphics.FromPdfPage(page);
                    gfx.DrawLine(cut, LabelWidth, 0, LabelWidth, A4Height);
                    gfx.DrawLine(cut, 0, LabelHeight, A4Width, LabelHeight);
                }

                var p = parcels[i];
                var x = (i % 2) * LabelWidth;
                var y = (i % 4 / 2) * LabelHeight;
                DrawLabel(gfx!, p, sender, scanUrl(p), x, y, small, normal, bold, big, cod);
                document.Outlines.Add($"#{p.Number} {p.ReceiverName}", page!, true);
            }
        }
        finally
        {
            gfx?.Dispose();
        }

        if (parcels.Count == 0)
        {
            var empty = document.AddPage();
            using var g = XGraphics.FromPdfPage(empty);
            g.DrawString("Không có đơn cần giao (no orders to ship)", normal, XBrushes.Black, new XPoint(40, 60));
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static void DrawLabel(XGraphics gfx, Parcel p, Sender sender, string url, double x, double y, XFont small, XFont normal,
        XFont bold, XFont big, XFont cod)
    {
        var left = x + Margin;
        var width = LabelWidth - (2 * Margin);
        var text = new XTextFormatter(gfx);
        gfx.DrawRectangle(XPens.Black, left - 4, y + Margin - 4, width + 8, LabelHeight - (2 * Margin) + 8);

        // Top: the order number, big, and its QR code.
        const double qrSize = 92;
        DrawQr(gfx, url, left + width - qrSize, y + Margin, qrSize);

        // Once the carrier's parcel exists, its code heads the label (the carrier's scanners and staff read it).
        var heading = p.TrackingCode is { } tracking ? $"{p.CarrierName} · MÃ VẬN ĐƠN {tracking}" : "ĐƠN HÀNG OCOP";
        gfx.DrawString(heading, p.TrackingCode is null ? small : bold, XBrushes.Black, new XRect(left, y + Margin, width - qrSize, 12),
            XStringFormats.TopLeft);
        gfx.DrawString("#" + p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), big, XBrushes.Black,
            new XRect(left, y + Margin + 14, width - qrSize, 26), XStringFormats.TopLeft);
        text.DrawString($"Từ: {sender.Name}\n{sender.Phone} · {sender.Address}", small, XBrushes.Black,
            new XRect(left, y + Margin + 44, width - qrSize - 6, 44));

        var top = y + Margin + qrSize + 8;
        gfx.DrawLine(XPens.Black, left, top, left + width, top);
        gfx.DrawString("NGƯỜI NHẬN", small, XBrushes.Black, new XRect(left, top + 4, width, 10), XStringFormats.TopLeft);
        text.DrawString(p.ReceiverName, bold, XBrushes.Black, new XRect(left, top + 16, width, 28));
        gfx.DrawString("ĐT: " + p.LocalPhone, bold, XBrushes.Black, new XRect(left, top + 46, width, 14), XStringFormats.TopLeft);
        text.DrawString(p.FullAddress, normal, XBrushes.Black, new XRect(left, top + 64, width, 56));

        var goods = top + 124;
        gfx.DrawLine(XPens.Black, left, goods, left + width, goods);
        gfx.DrawString("HÀNG", small, XBrushes.Black, new XRect(left, goods + 4, width, 10), XStringFormats.TopLeft);
        text.DrawString($"{p.Quantity} × {p.ProductName} ({p.Unit})", normal, XBrushes.Black, new XRect(left, goods + 16, width, 40));

        var money = goods + 62;
        gfx.DrawLine(XPens.Black, left, money, left + width, money);
        var collect = p.CodVnd > 0 ? $"THU HỘ (COD): {VnFormat.Money(p.CodVnd)}" : "ĐÃ THANH TOÁN — KHÔNG THU TIỀN";
        gfx.DrawString(collect, cod, XBrushes.Black, new XRect(left, money + 6, width, 18), XStringFormats.TopLeft);
        gfx.DrawString($"Giá trị đơn: {VnFormat.Money(p.TotalVnd)} · Đặt lúc {VnFormat.Time(p.CreatedAt)}", small, XBrushes.Black,
            new XRect(left, money + 28, width, 10), XStringFormats.TopLeft);
        gfx.DrawString("Cho xem hàng, không cho thử. Quét mã QR để báo đã giao cho hãng vận chuyển.", small, XBrushes.Black,
            new XRect(left, y + LabelHeight - Margin - 12, width, 10), XStringFormats.TopLeft);
    }

    /// <summary>
    /// The QR code drawn as vector squares (QRCoder's module matrix, quiet zone included): sharp at
    /// any printer resolution, and no image decoding in the PDF library.
    /// </summary>
    private static void DrawQr(XGraphics gfx, string text, double x, double y, double size)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCoder.QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var cell = size / modules.Count;
        for (var row = 0; row < modules.Count; row++)
        {
            var bits = modules[row];
            var col = 0;
            while (col < bits.Length)
            {
                if (!bits[col])
                {
                    col++;
                    continue;
                }

                // One rectangle per run of dark modules in a row: fewer drawing operators.
                var start = col;
                while (col < bits.Length && bits[col])
                {
                    col++;
                }

                gfx.DrawRectangle(XBrushes.Black, x + (start * cell), y + (row * cell), (col - start) * cell, cell);
            }
        }
    }

    /// <summary>Packing slips: one A4 list per session, a line per order with what goes in the box and a tick box.</summary>
    public static byte[] PackingSlips(IReadOnlyList<Parcel> parcels, Sender sender, string title)
    {
        LabelFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "OcopLive";
        var small = new XFont(LabelFonts.Family, 8);
        var normal = new XFont(LabelFonts.Family, 9);
        var head = new XFont(LabelFonts.Family, 12, XFontStyleEx.Bold);
        const double rowHeight = 30, left = 36, right = A4Width - 36, firstRow = 96;
        var rowsPerPage = (int)((A4Height - firstRow - 36) / rowHeight);
        double[] columns = [left, left + 60, left + 250, left + 290, left + 420];
        var pages = Math.Max(1, (parcels.Count + rowsPerPage - 1) / rowsPerPage);
        for (var pageIndex = 0; pageIndex < pages; pageIndex++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromPoint(A4Width);
            page.Height = XUnit.FromPoint(A4Height);
            using var gfx = XGraphics.FromPdfPage(page);
            var text = new XTextFormatter(gfx);
            gfx.DrawString($"PHIẾU ĐÓNG GÓI — {sender.Name}", head, XBrushes.Black, new XPoint(left, 44));
            gfx.DrawString($"{title} · trang {pageIndex + 1}/{pages} · {parcels.Count} đơn", small, XBrushes.Black, new XPoint(left, 60));
            string[] headers = ["Mã đơn", "Hàng", "SL", "Người nhận", "Thu hộ (COD)"];
            for (var c = 0; c < headers.Length; c++)
            {
                gfx.DrawString(headers[c], small, XBrushes.Black, new XPoint(columns[c], firstRow - 8));
            }

            gfx.DrawLine(XPens.Black, left, firstRow - 4, right, firstRow - 4);
            var rows = parcels.Skip(pageIndex * rowsPerPage).Take(rowsPerPage).ToList();
            for (var r = 0; r < rows.Count; r++)
            {
                var p = rows[r];
                var top = firstRow + (r * rowHeight);
                gfx.DrawRectangle(XPens.Black, right - 12, top + 2, 10, 10);
                gfx.DrawString("#" + p.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), normal, XBrushes.Black,
                    new XPoint(columns[0], top + 10));
                text.DrawString(p.ProductName, normal, XBrushes.Black, new XRect(columns[1], top, 185, rowHeight - 4));
                gfx.DrawString(p.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), normal, XBrushes.Black,
                    new XPoint(columns[2], top + 10));
                text.DrawString($"{p.ReceiverName} · {p.LocalPhone}", normal, XBrushes.Black, new XRect(columns[3], top, 125, rowHeight - 4));
                gfx.DrawString(p.CodVnd > 0 ? VnFormat.Money(p.CodVnd) : "Đã TT", normal, XBrushes.Black, new XPoint(columns[4], top + 10));
                gfx.DrawLine(XPens.LightGray, left, top + rowHeight - 2, right, top + rowHeight - 2);
                document.Outlines.Add($"#{p.Number} {p.ReceiverName}", page, true);
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }
}
