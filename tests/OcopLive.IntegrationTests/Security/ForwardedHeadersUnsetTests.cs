using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The defaults: per-client limits on, <c>OcopLive:ForwardedHeaders:KnownProxies</c> not set at all.</summary>
public sealed class NoKnownProxiesApp : OcopApp
{
    public LogCapture Logs { get; } = new(typeof(OcopLive.Common.RateLimitLog).FullName!);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:RateLimiting:Enabled"] = "true",
    };
}

/// <summary>
/// Issue 23 (1): with no known proxy, <c>X-Forwarded-For</c> / <c>-Proto</c> are ignored from every
/// peer — loopback included. ASP.NET Core's middleware reads two empty trust lists as "trust
/// everybody", which let each forged address have a login limit of its own.
/// </summary>
public class ForwardedHeadersUnsetTests(NoKnownProxiesApp app) : IClassFixture<NoKnownProxiesApp>
{
    [Fact]
    public async Task ForgedForwardedFor_FromLoopback_DoesNotEscapeTheLoginLimit_AndTheLogNamesTheRealPeer()
    {
        // A different name each time: the per-name back-off (after 5 failures) must not be what answers.
        using var client = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 12; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { userName = $"nobody-{i}", password = $"wrong-password-{i}" }),
            };
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[11]);

        // The refusal is logged under the TCP peer, never under an address the client wrote.
        var line = Assert.Single(app.Logs.Lines, l => l.Contains("/api/auth/login", StringComparison.Ordinal));
        Assert.Matches("client (127\\.0\\.0\\.1|::1) ", line);
        Assert.DoesNotContain("203.0.113.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgedForwardedProto_FromLoopback_IsIgnored()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var page = new HttpRequestMessage(HttpMethod.Get, $"/control/{Guid.NewGuid()}");
        page.Headers.Add("X-Forwarded-Proto", "https");
        page.Headers.Add("X-Forwarded-For", "203.0.113.200");
        using var redirect = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("http", redirect.Headers.Location!.Scheme);
    }
}
