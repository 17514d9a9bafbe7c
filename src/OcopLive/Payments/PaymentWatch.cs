using System.Buffers.Binary;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace OcopLive.Payments;

/// <summary>
/// Lets the buyer who placed an order, and nobody else, follow its payment. The 201 carries a
/// watch token: the order id sealed with the app's Data Protection keys (kept in PostgreSQL, so
/// every node reads every token). Without the token the order's group on the hub cannot be
/// joined; the token names one order and holds no customer data, and an update tells the status
/// and amounts only. The token carries its own expiry, sealed with the order id
/// (<see cref="PaymentOptions.WatchTokenLifetime"/> after it was given out): a token copied from
/// a log or a shared screen stops working. Outside the hub it travels in the
/// <see cref="TokenHeader"/> header, never in a URL.
/// </summary>
public sealed class PaymentWatch(IDataProtectionProvider protection, NpgsqlDataSource dataSource, IOptionsMonitor<PaymentOptions> options,
    TimeProvider clock)
{
    /// <summary>The header <c>GET /api/payments/watch</c> and <c>…/watch/qr</c> read the token from.</summary>
    public const string TokenHeader = "Ocop-Watch-Token";

    // v2: order id (16 bytes) then the expiry in Unix seconds (8 bytes, big-endian). v1 tokens,
    // which never expired, no longer open.
    private readonly IDataProtector _protector = protection.CreateProtector("OcopLive.Payments.Watch.v2");

    public string TokenFor(Guid orderId)
    {
        var payload = new byte[24];
        orderId.TryWriteBytes(payload);
        var expires = clock.GetUtcNow().Add(options.CurrentValue.WatchTokenLifetime).ToUnixTimeSeconds();
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expires);
        return Base64Url(_protector.Protect(payload));
    }

    /// <summary>The order a token names; null for a forged, damaged, foreign or expired token.</summary>
    public Guid? OrderOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        try
        {
            var bytes = _protector.Unprotect(FromBase64Url(token));
            if (bytes.Length != 24)
            {
                return null;
            }

            var expires = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16));
            return clock.GetUtcNow().ToUnixTimeSeconds() < expires ? new Guid(bytes.AsSpan(0, 16)) : null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>How long one read of an order's payment is shared by the joins that follow it.</summary>
    public static readonly TimeSpan SharedFor = TimeSpan.FromSeconds(2);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (long ReadAt, Task<PaymentUpdate?> Read)> _recent = new();

    /// <summary>
    /// The order's payment as read at most <see cref="SharedFor"/> ago: joins of one order (a buyer's
    /// page reconnecting, or a script looping the join) cost one database read per order per period.
    /// A change after the read is pushed to the order's group, which the caller has joined already.
    /// </summary>
    public async Task<PaymentUpdate?> ReadRecentAsync(Guid orderId, CancellationToken ct)
    {
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!_recent.TryGetValue(orderId, out var entry) || System.Diagnostics.Stopwatch.GetElapsedTime(entry.ReadAt, now) >= SharedFor
            || entry.Read.IsFaulted || entry.Read.IsCanceled)
        {
            if (_recent.Count > 10_000)
            {
                _recent.Clear();
            }

            entry = (now, ReadAsync(orderId, CancellationToken.None));
            _recent[orderId] = entry;
        }

        return await entry.Read.WaitAsync(ct);
    }

    /// <summary>The order's payment as it is now (one row by primary key); null when the order is gone.</summary>
    public async Task<PaymentUpdate?> ReadAsync(Guid orderId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT number, session_id, producer_id, payment_status, paid_vnd, total_vnd FROM orders WHERE id = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = orderId });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new PaymentUpdate(orderId, r.GetInt64(0), r.GetGuid(1), r.GetGuid(2), Enum.Parse<PaymentStatus>(r.GetString(3)), r.GetInt64(4),
                r.GetInt64(5))
            : null;
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
