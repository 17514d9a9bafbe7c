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

    /// <summary>Statement lines applied per transaction (one multi-row insert and one lock of the orders named per batch).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 5_000)]
    public int StatementBatchLines { get; set; } = 1_000;

    /// <summary>A statement with more credit lines than this is imported by a Hangfire job (202 and progress); smaller ones in the request.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 20_000)]
    public int StatementJobLines { get; set; } = 2_000;

    /// <summary>The shortest webhook secret accepted at start (HMAC-SHA256 wants a key of 32 bytes or more).</summary>
    public const int MinWebhookSecretLength = 32;

    /// <summary>
    /// How long a buyer's watch token (<see cref="PaymentWatch"/>) opens their order's payment after it
    /// was given out (the order's 201 or a look-up by number and phone, which gives a fresh one).
    /// Default 6 hours: a transfer is made during or soon after the show; later, the look-up page
    /// gives a new token.
    /// </summary>
    public TimeSpan WatchTokenLifetime { get; set; } = TimeSpan.FromHours(6);
}
