using System.Net;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Live;

namespace OcopLive.IntegrationTests.Live;

/// <summary>
/// The order QR goes on air. Without a configured public address it follows the request's host,
/// so it must never be stored by a shared cache: one forged Host header would put a stranger's
/// link on every screen the cache serves.
/// </summary>
public class OrderQrWithoutPublicAddressTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task QrFollowingTheHostHeader_IsNeverPubliclyCacheable()
    {
        var (sessionId, response, svg) = await OrderQrWithPublicAddressTests.QrWithForgedHostAsync(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cache = response.Headers.CacheControl!;
        Assert.False(cache.Public);
        Assert.True(cache.NoStore);
        Assert.Equal(OrderQrWithPublicAddressTests.Svg($"http://phishing.example/s/{sessionId}"), svg);
    }
}

public sealed class PublicAddressApp : OcopApp
{
    public const string PublicBaseUrl = "https://ocoplive.example";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:PublicBaseUrl"] = PublicBaseUrl,
    };
}

public class OrderQrWithPublicAddressTests(PublicAddressApp app) : IClassFixture<PublicAddressApp>
{
    [Fact]
    public async Task Qr_PointsAtThePublicAddress_WhateverTheHostHeader()
    {
        var (sessionId, response, svg) = await QrWithForgedHostAsync(app);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Svg($"{PublicAddressApp.PublicBaseUrl}/s/{sessionId}"), svg);
        Assert.True(response.Headers.CacheControl!.Public);
    }

    internal static string Svg(string url) => OcopLive.Payments.QrImages.Svg(url, pixelsPerModule: 10);

    /// <summary>A live session's order QR, asked for with a Host header an attacker chose.</summary>
    internal static async Task<(Guid SessionId, HttpResponseMessage Response, string Svg)> QrWithForgedHostAsync(OcopApp app)
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/overlay/{show.SessionId}/qr.svg");
        request.Headers.Host = "phishing.example";
        var response = await client.SendAsync(request);
        return (show.SessionId, response, await response.Content.ReadAsStringAsync());
    }
}
