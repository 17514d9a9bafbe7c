using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace OcopLive.Common;

/// <summary>
/// JSON on the wire (the API and the SignalR JSON protocol) with Vietnamese as UTF-8 characters:
/// the default encoder writes every non-ASCII letter as a six-byte <c>\uXXXX</c> escape ("Mật ong"
/// → "M\u1EADt ong"), which made a product name up to three times its size. This encoder still
/// escapes the HTML-sensitive characters (<c>&lt; &gt; &amp; ' "</c> and <c>+</c>), so a JSON text
/// written into a page's <c>&lt;script&gt;</c> cannot close the element or open a comment.
/// </summary>
public static class WireJson
{
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    /// <summary>The app's JSON options (<see cref="JsonBody.Configure"/>) with the UTF-8 encoder.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        JsonBody.Configure(options);
        options.Encoder = Encoder;
    }
}
