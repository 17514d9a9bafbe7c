using QRCoder;

namespace OcopLive.Payments;

/// <summary>QR codes drawn for payments and labels (QRCoder): SVG for pages, PNG for PDFs.</summary>
public static class QrImages
{
    /// <summary>
    /// Error correction M, as banking apps' own VietQR images use: a phone camera reads it from a
    /// screen at arm's length and from a printed label.
    /// </summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    public static byte[] Png(string text, int pixelsPerModule = 6)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
