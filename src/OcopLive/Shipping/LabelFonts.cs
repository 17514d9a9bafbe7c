using PdfSharp.Fonts;

namespace OcopLive.Shipping;

/// <summary>
/// PDFsharp's fonts on Linux: it has no system font lookup of its own, so this resolver reads a
/// TrueType family with Vietnamese glyphs (DejaVu Sans from Debian's fonts-dejavu-core, or Noto Sans
/// from fonts-noto-core, which ops/deps.sh and the Docker image install). One family, regular and bold.
/// </summary>
public sealed class LabelFonts : IFontResolver
{
    public const string Family = "OcopLabel";

    private static readonly string[][] Candidates =
    [
        ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"],
        ["/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"],
        ["/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"],
    ];

    private static readonly Lazy<(byte[] Regular, byte[] Bold)> Faces = new(Load);

    private static readonly Lock Gate = new();
    private static bool _installed;

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!_installed)
            {
                GlobalFontSettings.FontResolver = new LabelFonts();
                _installed = true;
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "OcopLabel-Bold" : "OcopLabel-Regular");

    public byte[]? GetFont(string faceName) => faceName == "OcopLabel-Bold" ? Faces.Value.Bold : Faces.Value.Regular;

    private static (byte[], byte[]) Load()
    {
        foreach (var pair in Candidates)
        {
            if (File.Exists(pair[0]))
            {
                var regular = File.ReadAllBytes(pair[0]);
                return (regular, File.Exists(pair[1]) ? File.ReadAllBytes(pair[1]) : regular);
            }
        }

        throw new InvalidOperationException(
            "No TrueType font with Vietnamese glyphs found: install fonts-dejavu-core (ops/deps.sh does) to print labels");
    }
}
