using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Pages;

/// <summary>
/// How the viewer's first load travels (Common/Delivery): the page is public for a second and
/// rendered afresh when the segment changes, compressed when asked; static files are compressed
/// and immutable under their fingerprint, revalidated without it.
/// </summary>
public sealed partial class ViewerPageDeliveryTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task ViewerPage_IsPublicForASecond_AndANextSegmentShowsAtOnce()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50, 60]);
        using var viewer = app.CreateClient();
        var first = await viewer.GetAsync($"/s/{show.SessionId}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=1", first.Headers.CacheControl?.ToString());
        Assert.False(first.Headers.Contains("Set-Cookie"));
        var onAirBefore = OnAir(await first.Content.ReadAsStringAsync());

        using var staff = await app.ClientAsAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/sessions/{show.SessionId}/next", null)).StatusCode);

        // The cached page of the first segment is gone: the next load names the second product.
        var after = OnAir(await viewer.GetStringAsync($"/s/{show.SessionId}"));
        Assert.NotEqual(onAirBefore, after);
        Assert.False(string.IsNullOrWhiteSpace(after));
    }

    [Fact]
    public async Task ViewerPage_IsCompressed_WhenTheBrowserAsks_AndReadsTheSame()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var viewer = app.CreateClient();
        var plain = await viewer.GetStringAsync($"/s/{show.SessionId}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/s/{show.SessionId}");
        request.Headers.Add("Accept-Encoding", "gzip");
        using var compressed = await viewer.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        var bytes = await compressed.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < Encoding.UTF8.GetByteCount(plain) / 2, $"{bytes.Length} bytes compressed");
        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        Assert.Equal(OnAir(plain), OnAir(await reader.ReadToEndAsync()));
    }

    [Fact]
    public async Task StaticFile_UnderItsFingerprint_IsImmutableAndBrotli_WithoutIt_Revalidated()
    {
        var show = await OnAirSession.ArrangeAsync(app, [50]);
        using var viewer = app.CreateClient();
        var page = await viewer.GetStringAsync($"/s/{show.SessionId}");
        var fingerprinted = ViewerScript().Match(page).Groups[1].Value;
        Assert.Contains("?v=", fingerprinted, StringComparison.Ordinal);
        var original = await viewer.GetByteArrayAsync("/js/viewer.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, fingerprinted);
        request.Headers.Add("Accept-Encoding", "br, gzip");
        using var brotli = await viewer.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, brotli.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", brotli.Headers.CacheControl?.ToString());
        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        await using (var decoded = new BrotliStream(new MemoryStream(await brotli.Content.ReadAsByteArrayAsync()), CompressionMode.Decompress))
        {
            using var copy = new MemoryStream();
            await decoded.CopyToAsync(copy);
            Assert.Equal(original, copy.ToArray());
        }

        // Asked again with its ETag: 304, no body.
        using var again = new HttpRequestMessage(HttpMethod.Get, fingerprinted);
        again.Headers.Add("Accept-Encoding", "br, gzip");
        again.Headers.TryAddWithoutValidation("If-None-Match", brotli.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await viewer.SendAsync(again)).StatusCode);

        using var unversioned = await viewer.GetAsync("/js/viewer.js");
        Assert.Equal("no-cache", unversioned.Headers.CacheControl?.ToString());
    }

    private static string OnAir(string html) => OnAirProduct().Match(html).Groups[1].Value.Trim();

    [GeneratedRegex("data-testid=\"onair-product\">([^<]*)<")]
    private static partial Regex OnAirProduct();

    [GeneratedRegex("<script src=\"(/js/viewer\\.js\\?v=[^\"]+)\"")]
    private static partial Regex ViewerScript();
}
