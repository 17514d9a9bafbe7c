using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Payments;

namespace OcopLive.IntegrationTests.Payments;

/// <summary>The app with a webhook secret configured: the notification route is on.</summary>
public sealed class PaymentsApp : OcopApp
{
    public const string Secret = "test-webhook-secret-9f2c-4e1a-b7d3-08c6f5a2";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OcopLive:Payments:WebhookSecret"] = Secret,
        ["OcopLive:Orders:Challenge"] = "Off",
    };
}

/// <summary>A session on air whose producer has a bank account, and helpers to order and to send signed notifications.</summary>
public sealed record PaidSession(OnAirSession Session, string Bin, string Account)
{
    public static async Task<PaidSession> ArrangeAsync(OcopApp app, long priceVnd = 185_000, string bin = "970436", string? account = null)
    {
        var session = await OnAirSession.ArrangeAsync(app, [1_000], priceVnd: priceVnd, maxPerOrder: 50);
        account ??= "00" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var staff = await app.ClientAsAsync();
        var patch = await staff.PatchAsJsonAsync($"/api/producers/{session.ProducerId}",
            new { bank = new { bin, accountNumber = account, accountName = "HTX CAM THUONG LOC" } });
        Assert.True(patch.IsSuccessStatusCode, await patch.Content.ReadAsStringAsync());
        return new PaidSession(session, bin, account);
    }

    /// <summary>Places a Web order and returns its 201 body.</summary>
    public async Task<JsonElement> OrderAsync(HttpClient client, int quantity = 1, int buyer = 1)
    {
        var response = await client.PostAsJsonAsync($"/api/sessions/{Session.SessionId}/orders",
            OrderBodies.Valid(Session.ProductIds[0], quantity, OrderBodies.PhoneOf(buyer)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The bank's notification service, as a client: signs the raw body with the shared secret.</summary>
public static class BankService
{
    public static object Body(string id, string account, long amount, string content) =>
        new { id, accountNumber = account, amount, content, transactionDate = "2026-12-02T10:15:00+07:00" };

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, object body, string secret = PaymentsApp.Secret) =>
        SendRawAsync(client, JsonSerializer.SerializeToUtf8Bytes(body), ReceiveBankNotification.Sign(secret, JsonSerializer.SerializeToUtf8Bytes(body)));

    public static Task<HttpResponseMessage> SendRawAsync(HttpClient client, byte[] body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/payments/notifications")
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } },
        };
        if (signature is not null)
        {
            request.Headers.Add("X-Signature", signature);
        }

        return client.SendAsync(request);
    }

    public static string Utf8(object body) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(body));
}
