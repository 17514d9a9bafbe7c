using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;
using OcopLive.Orders;

namespace OcopLive.Payments;

/// <summary>
/// Lets the buyer who placed an order, and nobody else, follow its payment. The 201 carries a
/// watch token: the order id and an expiry signed with a key every node shares (HMAC-SHA-256 with
/// a secret kept in PostgreSQL, <see cref="AppSecrets"/>), so every node reads every token. Without
/// the token the order's group on the hub cannot be joined; the token names one order and holds
/// no customer data, and an update tells the status and amounts only. The expiry
/// (<see cref="PaymentOptions.WatchTokenLifetime"/> after it was given out) is under the signature:
/// a token copied from a log or a shared screen stops working. Outside the hub it travels in the
/// <see cref="TokenHeader"/> header, never in a URL.
/// <para>
/// One token per order placed, so it must be cheap: one HMAC. The tokens given out before
/// (sealed with Data Protection, purpose <c>…Watch.v2</c>: an authenticated encryption with a key
/// derivation per token, 3–5 % of the app's CPU samples at 1,000 orders/s) still open until they expire, and are still given
/// out when the shared key cannot be read (the database down at the very start).
/// </para>
/// </summary>
public sealed class PaymentWatch(IDataProtectionProvider protection, AppSecrets secrets, NpgsqlDataSource dataSource,
    IOptionsMonitor<PaymentOptions> options, TimeProvider clock)
{
    /// <summary>The header <c>GET /api/payments/watch</c> and <c>…/watch/qr</c> read the token from.</summary>
    public const string TokenHeader = "Ocop-Watch-Token";

    /// <summary>The name of the shared key in <c>app_secrets</c>.</summary>
    public const string KeyName = "payment-watch";

    // v3: version byte, order id (16 bytes), expiry in Unix seconds (8 bytes, big-endian), then the
    // first 16 bytes of HMAC-SHA-256 over those 25 bytes: 41 bytes, 55 characters of base64url.
    private const byte Version3 = 3;
    private const int SignedLength = 25, TagLength = 16, TokenLength = SignedLength + TagLength;

    // v2 (Data Protection): order id (16 bytes) then the expiry. v1 tokens, which never expired, no longer open.
    private readonly IDataProtector _protector = protection.CreateProtector("OcopLive.Payments.Watch.v2");

    public string TokenFor(Guid orderId)
    {
        var expires = clock.GetUtcNow().Add(options.CurrentValue.WatchTokenLifetime).ToUnixTimeSeconds();
        if (Key() is not { } key)
        {
            var sealedPayload = new byte[24];
            orderId.TryWriteBytes(sealedPayload);
            BinaryPrimitives.WriteInt64BigEndian(sealedPayload.AsSpan(16), expires);
            return Base64Url.EncodeToString(_protector.Protect(sealedPayload));
        }

        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Version3;
        orderId.TryWriteBytes(token[1..]);
        BinaryPrimitives.WriteInt64BigEndian(token[17..], expires);
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, token[..SignedLength], tag);
        tag[..TagLength].CopyTo(token[SignedLength..]);
        return Base64Url.EncodeToString(token);
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
            var bytes = Base64Url.DecodeFromChars(token);
            if (bytes.Length == TokenLength && bytes[0] == Version3)
            {
                return Key() is { } key && Signed(key, bytes) ? OrderIfUnexpired(bytes.AsSpan(1)) : null;
            }

            var opened = _protector.Unprotect(bytes);
            return opened.Length == 24 ? OrderIfUnexpired(opened) : null;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Reads the shared key once at start, so the first order does not wait for it.</summary>
    public Task LoadKeyAsync(CancellationToken ct) => secrets.GetAsync(KeyName, ct);

    private Guid? OrderIfUnexpired(ReadOnlySpan<byte> idThenExpiry) =>
        clock.GetUtcNow().ToUnixTimeSeconds() < BinaryPrimitives.ReadInt64BigEndian(idThenExpiry[16..])
            ? new Guid(idThenExpiry[..16])
            : null;

    private static bool Signed(byte[] key, ReadOnlySpan<byte> token)
    {
        Span<byte> tag = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, token[..SignedLength], tag);
        return CryptographicOperations.FixedTimeEquals(tag[..TagLength], token[SignedLength..]);
    }

    /// <summary>The shared key; null while it cannot be read (a token then falls back to Data Protection).</summary>
    private byte[]? Key()
    {
        if (_key is { } known)
        {
            return known;
        }

        try
        {
            var load = secrets.GetAsync(KeyName, CancellationToken.None);
            if (load.Wait(KeyWait))
            {
                return _key = load.Result;
            }
        }
        catch (AggregateException)
        {
            // The database is not there: the next token tries again.
        }

        return null;
    }

    private static readonly TimeSpan KeyWait = TimeSpan.FromSeconds(2);
    private byte[]? _key;

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
}

/// <summary>
/// Starts reading the watch tokens' shared key as the node starts, so the first order placed does
/// not wait for it. Not awaited: a node whose database is late still starts (its first tokens wait
/// for the key, or fall back to Data Protection).
/// </summary>
internal sealed class PaymentWatchKeyLoader(PaymentWatch watch) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = watch.LoadKeyAsync(CancellationToken.None).ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
