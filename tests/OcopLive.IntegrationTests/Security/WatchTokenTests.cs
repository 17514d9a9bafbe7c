using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.IntegrationTests.Live;
using OcopLive.IntegrationTests.Payments;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The payments app with watch tokens that live 4 seconds.</summary>
public sealed class ShortWatchApp : OcopApp
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(4);

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Payments:WebhookSecret"] = PaymentsApp.Secret,
        ["OcopLive:Payments:WatchTokenLifetime"] = "00:00:04",
        ["OcopLive:Orders:Challenge"] = "Off",
    };
}

/// <summary>
/// Issue 23 (6): the buyer's watch token was in the URL path (<c>/api/payments/watch/{token}</c>,
/// kept by proxies' and traces' logs) and never expired. Now it travels in the
/// <c>Ocop-Watch-Token</c> header and carries its own expiry.
/// </summary>
public class WatchTokenTests(PaymentsApp app) : IClassFixture<PaymentsApp>
{
    [Fact]
    public async Task TheWatchToken_InTheHeader_ReadsThePaymentAndTheQr_AndIsNoLongerTakenFromThePath()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        using var buyer = app.CreateClient();
        var token = TokenOf(await paid.OrderAsync(buyer));

        using var read = await GetAsync(buyer, "/api/payments/watch", token);
        using var qr = await GetAsync(buyer, "/api/payments/watch/qr", token);
        using var noHeader = await GetAsync(buyer, "/api/payments/watch", null);
        using var forged = await GetAsync(buyer, "/api/payments/watch", token[..^4] + "AAAA");
        using var inThePath = await GetAsync(buyer, "/api/payments/watch/" + token, null);
        using var qrInThePath = await GetAsync(buyer, $"/api/payments/watch/{token}/qr", null);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Unpaid", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", qr.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        await ProblemAssertions.AssertProblemAsync(noHeader, HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(forged, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, inThePath.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, qrInThePath.StatusCode);
    }

    [Fact]
    public async Task TheWatchToken_IsSignedOverItsExpiry_AndATokenSealedBeforeTheSignedForm_StillOpensUntilItExpires()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        using var buyer = app.CreateClient();
        var order = await paid.OrderAsync(buyer);
        var token = TokenOf(order);
        var orderId = order.GetProperty("id").GetGuid();

        // Signed, not sealed: version, order id, expiry, a 16-byte tag. Moving the expiry a day on
        // (or changing the order id) breaks the tag.
        var bytes = Base64Url.DecodeFromChars(token);
        Assert.Equal(41, bytes.Length);
        Assert.Equal(orderId, new Guid(bytes.AsSpan(1, 16)));
        var later = (byte[])bytes.Clone();
        BinaryPrimitives.WriteInt64BigEndian(later.AsSpan(17), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(17)) + 86_400);
        using var extended = await GetAsync(buyer, "/api/payments/watch", Base64Url.EncodeToString(later));
        await ProblemAssertions.AssertProblemAsync(extended, HttpStatusCode.NotFound);

        // A buyer who got the token before an upgrade keeps following the payment: the earlier
        // form (the order id and expiry sealed with Data Protection) still opens, and still expires.
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("OcopLive.Payments.Watch.v2");
        string Sealed(DateTimeOffset expires)
        {
            var payload = new byte[24];
            orderId.TryWriteBytes(payload);
            BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expires.ToUnixTimeSeconds());
            return Base64Url.EncodeToString(protector.Protect(payload));
        }

        using var earlier = await GetAsync(buyer, "/api/payments/watch", Sealed(DateTimeOffset.UtcNow.AddHours(1)));
        using var earlierExpired = await GetAsync(buyer, "/api/payments/watch", Sealed(DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.Equal(orderId, JsonDocument.Parse(await earlier.Content.ReadAsStringAsync()).RootElement.GetProperty("orderId").GetGuid());
        await ProblemAssertions.AssertProblemAsync(earlierExpired, HttpStatusCode.NotFound);
    }

    internal static string TokenOf(JsonElement order) => order.GetProperty("payment").GetProperty("watchToken").GetString()!;

    internal static Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Add("Ocop-Watch-Token", token);
        }

        return client.SendAsync(request);
    }
}

/// <summary>Tokens that live 4 seconds: good within, refused after on every door (JSON, QR, hub).</summary>
public class WatchTokenExpiryTests(ShortWatchApp app) : IClassFixture<ShortWatchApp>
{
    [Fact]
    public async Task AnExpiredWatchToken_IsRefused_ByTheJson_TheQr_AndTheHub()
    {
        var paid = await PaidSession.ArrangeAsync(app);
        using var buyer = app.CreateClient();
        var clock = Stopwatch.StartNew();
        var token = WatchTokenTests.TokenOf(await paid.OrderAsync(buyer));
        var sinceIssued = Stopwatch.StartNew(); // the token was made before this point
        using (var fresh = await WatchTokenTests.GetAsync(buyer, "/api/payments/watch", token))
        {
            // The machine may be slow; within the lifetime the token must work.
            if (clock.Elapsed < ShortWatchApp.Lifetime - TimeSpan.FromSeconds(1.5))
            {
                Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
            }
        }

        var rest = ShortWatchApp.Lifetime + TimeSpan.FromSeconds(1.5) - sinceIssued.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }

        await ProblemAssertions.AssertProblemAsync(await WatchTokenTests.GetAsync(buyer, "/api/payments/watch", token), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await WatchTokenTests.GetAsync(buyer, "/api/payments/watch/qr", token), HttpStatusCode.NotFound);
        await using var phone = await LiveClient.ConnectAsync(app.BaseAddress);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => phone.Connection.InvokeAsync("JoinOrder", token));
    }
}
