using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Security;

/// <summary>The payments app with a webhook secret of 16 characters.</summary>
public sealed class ShortWebhookSecretApp : OcopApp
{
    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OcopLive:Payments:WebhookSecret"] = "short-secret-16c" };
}

/// <summary>
/// Issue 23 (7): the bank-notification secret had no minimum length; a short one is a guessable
/// HMAC key. Now fewer than 32 characters stop the start, naming the setting (unset still turns the route off).
/// </summary>
public class WebhookSecretTests
{
    [Fact]
    public async Task AShortWebhookSecret_StopsTheStart_NamingTheSetting()
    {
        var app = new ShortWebhookSecretApp();
        try
        {
            var failure = await Assert.ThrowsAnyAsync<Exception>(app.InitializeAsync);
            Assert.Contains("OcopLive__Payments__WebhookSecret", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await TestDatabase.DropAsync(app.ConnectionString);
        }
    }
}
