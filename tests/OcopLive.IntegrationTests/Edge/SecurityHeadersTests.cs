using System.Net;
using System.Text.RegularExpressions;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;

namespace OcopLive.IntegrationTests.Edge;

/// <summary>The test process stands in for a TLS-terminating proxy: loopback is a known proxy.</summary>
public sealed class BehindTlsProxyApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:ForwardedHeaders:KnownProxies"] = "127.0.0.1, ::1",
    };
}

/// <summary>
/// Every page tells the browser to run only the app's own script files: a script slipped into a
/// customer's name or a product's description does not run. No page relies on inline script, so
/// the policy costs nothing.
/// </summary>
public partial class SecurityHeadersTests(BehindTlsProxyApp app) : IClassFixture<BehindTlsProxyApp>
{
    [Fact]
    public async Task PublicAndStaffPages_CarryAScriptPolicyWithoutInlineScript()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var client = app.CreateClient();
        foreach (var path in new[] { $"/s/{show.SessionId}", "/login", $"/api/sessions/{show.SessionId}/live" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            var scriptSrc = Directives(policy)["script-src"];
            Assert.Equal("'self'", scriptSrc);
            Assert.Equal("'none'", Directives(policy)["frame-ancestors"]);
            Assert.Equal("'none'", Directives(policy)["object-src"]);
        }
    }

    [Fact]
    public async Task Overlay_MayBeFramedButRunsOnlyOwnScripts()
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var client = app.CreateClient();
        using var response = await client.GetAsync($"/overlay/{show.SessionId}");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("'self'", Directives(policy)["script-src"]);
        Assert.False(Directives(policy).ContainsKey("frame-ancestors"));
        Assert.False(response.Headers.Contains("X-Frame-Options"));
    }

    [Theory]
    [InlineData("/s/{0}")]
    [InlineData("/overlay/{0}")]
    [InlineData("/login")]
    [InlineData("/s/{0}/tra-cuu")]
    public async Task Pages_HaveNoInlineScriptOrEventHandler(string pathFormat)
    {
        var show = await LiveFeedSession.StartAsync(app, products: 1);
        using var client = app.CreateClient();
        var html = await client.GetStringAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, show.SessionId));

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hsts_IsSentOverTls_AndNotOverPlainHttp()
    {
        using var client = app.CreateClient();
        using var overTls = new HttpRequestMessage(HttpMethod.Get, "/login");
        overTls.Headers.Host = "ocoplive.example";
        overTls.Headers.Add("X-Forwarded-Proto", "https");
        overTls.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var tls = await client.SendAsync(overTls);
        var hsts = Assert.Single(tls.Headers.GetValues("Strict-Transport-Security"));
        Assert.Contains("max-age=31536000", hsts, StringComparison.Ordinal);

        using var overHttp = new HttpRequestMessage(HttpMethod.Get, "/login");
        overHttp.Headers.Host = "ocoplive.example";
        using var plain = await client.SendAsync(overHttp);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");

    /// <summary>
    /// A <c>&lt;script&gt;</c> element without a <c>src</c> attribute, other than a JSON data block
    /// (<c>type="application/json"</c>), which the browser never runs.
    /// </summary>
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)(?![^>]*\btype=""application/json"")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>An <c>onclick=</c>, <c>onload=</c>, … attribute inside a tag.</summary>
    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
