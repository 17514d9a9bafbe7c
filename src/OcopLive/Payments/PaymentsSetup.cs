using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OcopLive.Common;

namespace OcopLive.Payments;

/// <summary>The payments' services, settings and the notification route's rate-limit policy.</summary>
public static class PaymentsSetup
{
    /// <summary>The rate-limit policy of <c>POST /api/payments/notifications</c>.</summary>
    public const string NotificationsLimit = "payment-notifications";

    public static WebApplicationBuilder AddPayments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PaymentOptions>().Bind(builder.Configuration.GetSection(PaymentOptions.Section)).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.WebhookSecret) || o.WebhookSecret.Length >= PaymentOptions.MinWebhookSecretLength,
                $"OcopLive__Payments__WebhookSecret is too short: at least {PaymentOptions.MinWebhookSecretLength} characters "
                + "(e.g. `openssl rand -hex 32`), or unset to turn the notification route off")
            .Validate(o => o.WatchTokenLifetime > TimeSpan.Zero && o.WatchTokenLifetime <= TimeSpan.FromDays(7),
                "OcopLive__Payments__WatchTokenLifetime must be more than 0 and at most 7 days")
            .ValidateOnStart();
        builder.Services.AddSingleton<PaymentNotifier>();
        builder.Services.AddSingleton<Reconciler>();
        builder.Services.AddSingleton<PaymentWatch>();
        builder.Services.AddHostedService<PaymentWatchKeyLoader>();
        builder.Services.AddScoped<ResolvePayment>();
        builder.Services.AddScoped<ReceiveBankNotification>();
        builder.Services.AddScoped<Statements.ImportStatement>();
        builder.Services.AddScoped<Statements.SaveStatementLayout>();
        // The bank's service posts from a few addresses, in bursts after a show: a generous bucket
        // per address, so a forger cannot make the app hash megabytes all day.
        builder.Services.Configure<RateLimiterOptions>(o => o.AddPolicy(NotificationsLimit, http =>
            RateLimitPartition.GetTokenBucketLimiter(ClientAddress.PartitionKey(http.Connection.RemoteIpAddress), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = 5_000,
                TokensPerPeriod = 2_000,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })));
        return builder;
    }
}
