using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The payments app with a webhook secret of 16 characters.</summary>
public sealed class ShortWebhookSecretApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OcopLive:Payments:WebhookSecret"] = "short-secret-16c" };
}

/// <summary>The app with a carrier callback secret of 12 characters.</summary>
public sealed class ShortCarrierSecretApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OcopLive:Carriers:WebhookSecret"] = "ghn-secret-1" };
}

/// <summary>
/// Issue 23 (7): the bank-notification secret had no minimum length; a short one is a guessable
/// HMAC key. Now fewer than 32 characters stop the start, naming the setting (unset still turns the route off).
/// The carriers' callback secret, the only credential of the callbacks and part of their URL, likewise (24).
/// </summary>
public class WebhookSecretTests
{
    [Fact]
    public async Task AShortWebhookSecret_StopsTheStart_NamingTheSetting()
    {
        await StartFailure.AssertNamesAsync(new ShortWebhookSecretApp(), "OcopLive__Payments__WebhookSecret");
    }

    [Fact]
    public async Task AShortCarrierCallbackSecret_StopsTheStart_NamingTheSetting()
    {
        await StartFailure.AssertNamesAsync(new ShortCarrierSecretApp(), "OcopLive__Carriers__WebhookSecret");
    }
}
