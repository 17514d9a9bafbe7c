using QRCoder;

namespace OcopLive.Payments;

/// <summary>QR codes drawn for pages (QRCoder): payments, labels and the order link shown on air.</summary>
public static class QrImages
{
    /// <summary>
    /// Error correction M, as banking apps' own VietQR images use: a phone camera reads it from a
    /// screen at arm's length and from a printed label.
    /// </summary>
    public static string Svg(string text, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
