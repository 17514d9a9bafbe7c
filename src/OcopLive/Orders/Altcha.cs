using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace OcopLive.Orders;

/// <summary>The challenge a viewer's page solves (<c>GET /api/orders/challenge</c>), in the ALTCHA format.</summary>
public sealed record ChallengeResponse(string Algorithm, string Challenge, string Salt, long Maxnumber, string Signature);

/// <summary>A solution that passed every check but the single-use one: its challenge and when it expires.</summary>
internal readonly record struct SolvedChallenge(string Challenge, DateTimeOffset ExpiresAt);

/// <summary>
/// The ALTCHA proof of work (the widget's v1 challenge format, which widget 3.x still solves),
/// pure: <c>challenge = hex SHA-256(salt + number)</c> for a secret number in [0, maxnumber],
/// <c>signature = hex HMAC-SHA256(key, challenge)</c>. The page finds the number by trying them
/// all; the server checks one hash and one HMAC and stores nothing until the order arrives.
/// <para>The salt is <c>&lt;24 hex&gt;?expires=&lt;unix seconds&gt;&amp;</c>: the expiry is part of
/// the hashed text, so the signature covers it. The trailing <c>&amp;</c> and the strict shape stop
/// the known splice (moving the number's first digits into the salt's <c>expires</c> gives the same
/// hash with a later expiry).</para>
/// </summary>
public static class Altcha
{
    public const string Algorithm = "SHA-256";

    /// <summary>A base64 payload larger than this is not one the widget makes.</summary>
    public const int MaxHeaderLength = 1024;

    private const int SaltRandomBytes = 12;
    private const string ExpiresPrefix = "?expires=";

    public static ChallengeResponse Create(ReadOnlySpan<byte> key, long maxNumber, DateTimeOffset expiresAt)
    {
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltRandomBytes))
            + ExpiresPrefix + expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "&";
        var number = RandomNumberGenerator.GetInt32(0, checked((int)maxNumber) + 1);
        var challenge = Hash(salt, number);
        return new ChallengeResponse(Algorithm, challenge, salt, maxNumber, Sign(key, challenge));
    }

    /// <summary>
    /// The checks that need no database: shape, expiry (not past, not further ahead than a
    /// challenge this server issues), the work, the signature. Null when any fails.
    /// </summary>
    internal static SolvedChallenge? Verify(string? header, ReadOnlySpan<byte> key, long maxNumber, DateTimeOffset now, TimeSpan lifetime)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        Span<byte> json = stackalloc byte[MaxHeaderLength];
        if (!Convert.TryFromBase64String(header, json, out var length))
        {
            return null;
        }

        string? algorithm = null, challenge = null, salt = null, signature = null;
        long number = -1;
        try
        {
            var reader = new Utf8JsonReader(json[..length]);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return null;
                }

                switch (name)
                {
                    case "algorithm" when reader.TokenType == JsonTokenType.String: algorithm = reader.GetString(); break;
                    case "challenge" when reader.TokenType == JsonTokenType.String: challenge = reader.GetString(); break;
                    case "salt" when reader.TokenType == JsonTokenType.String: salt = reader.GetString(); break;
                    case "signature" when reader.TokenType == JsonTokenType.String: signature = reader.GetString(); break;
                    case "number" when reader.TokenType == JsonTokenType.Number:
                        if (!reader.TryGetInt64(out number))
                        {
                            return null;
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        if (algorithm != Algorithm || challenge is not { Length: 64 } || signature is not { Length: 64 } || salt is null
            || number < 0 || number > maxNumber || ExpiresOf(salt) is not { } expiresAt)
        {
            return null;
        }

        if (expiresAt <= now || expiresAt > now + lifetime + TimeSpan.FromMinutes(1))
        {
            return null;
        }

        if (!HexEquals(Hash(salt, number), challenge) || !HexEquals(Sign(key, challenge.ToLowerInvariant()), signature))
        {
            return null;
        }

        return new SolvedChallenge(challenge.ToLowerInvariant(), expiresAt);
    }

    /// <summary>The expiry of a salt of exactly this server's shape, or null.</summary>
    internal static DateTimeOffset? ExpiresOf(string salt)
    {
        var hexLength = SaltRandomBytes * 2;
        if (salt.Length < hexLength + ExpiresPrefix.Length + 2 || salt.Length > hexLength + ExpiresPrefix.Length + 12 || salt[^1] != '&'
            || !salt.AsSpan(hexLength).StartsWith(ExpiresPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var c in salt.AsSpan(0, hexLength))
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return null;
            }
        }

        var digits = salt.AsSpan(hexLength + ExpiresPrefix.Length, salt.Length - hexLength - ExpiresPrefix.Length - 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return digits[0] != '0' && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            && unix < 100_000_000_000
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;
    }

    /// <summary>
    /// What the viewer's page does (the widget, in a worker): try the numbers in turn until the hash
    /// matches, and answer with the payload for the <c>Ocop-Challenge</c> header. Here for the tests,
    /// the bench (a bot's cost) and the rehearsal's simulated viewers.
    /// </summary>
    public static string Solve(ChallengeResponse c)
    {
        var target = Convert.FromHexString(c.Challenge);
        Span<byte> text = stackalloc byte[128];
        var n = Encoding.ASCII.GetBytes(c.Salt, text);
        Span<byte> hash = stackalloc byte[32];
        for (long number = 0; number <= c.Maxnumber; number++)
        {
            number.TryFormat(text[n..], out var written, provider: CultureInfo.InvariantCulture);
            SHA256.HashData(text[..(n + written)], hash);
            if (hash.SequenceEqual(target))
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(new { algorithm = c.Algorithm, challenge = c.Challenge, number, salt = c.Salt, signature = c.Signature, took = 0 });
                return Convert.ToBase64String(payload);
            }
        }

        throw new InvalidOperationException("No number up to maxnumber solves this challenge.");
    }

    public static string Hash(string salt, long number)
    {
        Span<byte> text = stackalloc byte[128];
        var n = Encoding.ASCII.GetBytes(salt, text);
        number.TryFormat(text[n..], out var written, provider: CultureInfo.InvariantCulture);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(text[..(n + written)], hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string Sign(ReadOnlySpan<byte> key, string challenge)
    {
        Span<byte> text = stackalloc byte[64];
        var n = Encoding.ASCII.GetBytes(challenge, text);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, text[..n], mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Case-insensitive and in constant time for equal lengths (the signature is a secret's output).</summary>
    private static bool HexEquals(string expectedLower, string given)
    {
        if (given.Length != expectedLower.Length)
        {
            return false;
        }

        var diff = 0;
        for (var i = 0; i < given.Length; i++)
        {
            diff |= expectedLower[i] ^ char.ToLowerInvariant(given[i]);
        }

        return diff == 0;
    }
}
