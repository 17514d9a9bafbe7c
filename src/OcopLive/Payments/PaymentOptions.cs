namespace OcopLive.Payments;

/// <summary>The <c>OcopLive:Payments</c> settings.</summary>
public sealed class PaymentOptions
{
    public const string Section = "OcopLive:Payments";

    /// <summary>
    /// The secret the bank-notification service signs with (HMAC-SHA256 of the raw body). Empty:
    /// the notification route answers 404, as if it did not exist.
    /// </summary>
    public string? WebhookSecret { get; set; }
}
