using System.Net;
using System.Security.Claims;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>
/// The orders of one session a bulk cancel selects: not yet shipped, optionally one producer's, and
/// one pattern (a client key, a phone prefix, a street), optionally one product.
/// </summary>
public sealed record OrderMatch(Guid SessionId, Guid? Producer, string? ClientKey, string? PhonePrefix, string? Street, Guid? ProductId)
{
    // $1 session, $2 producer scope, $3 client key, $4 phone prefix (+84…), $5 street, $6 product.
    internal const string WhereSql = """
        o.session_id = $1 AND o.status IN ('Placed', 'Confirmed')
          AND ($2::uuid IS NULL OR o.producer_id = $2)
          AND ($3::text IS NULL OR o.client_key = $3)
          AND ($4::text IS NULL OR starts_with(o.customer_phone, $4))
          AND ($5::text IS NULL OR lower(btrim(o.street)) = lower(btrim($5)))
          AND ($6::uuid IS NULL OR o.product_id = $6)
        """;

    internal void AddTo(NpgsqlCommand cmd)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = SessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)Producer ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)ClientKey ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)PhonePrefix ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)Street ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)ProductId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
    }

    /// <summary>A producer acts on their own products only; Director and Admin on the whole session.</summary>
    public static Guid? ScopeOf(ClaimsPrincipal user) => user.Passes(Policies.Staff) ? null : user.ProducerId() ?? Guid.Empty;

    /// <summary>The filter as the orders it selects, within the caller's scope; a refusal for a filter that is not exactly one valid pattern.</summary>
    public static async Task<Outcome<OrderMatch>> FromFilterAsync(
        Guid id, BulkCancelFilter f, ClaimsPrincipal user, OrderChallenges challenges, CancellationToken ct)
    {
        var given = (f.Address is not null ? 1 : 0) + (f.PhonePrefix is not null ? 1 : 0) + (f.Street is not null ? 1 : 0);
        if (given != 1)
        {
            return Refusal.Invalid("address", "Chọn đúng một mẫu: address, phonePrefix hoặc street (exactly one pattern).");
        }

        string? clientKey = null, phonePrefix = null, street = null;
        if (f.Address is { } address)
        {
            address = address.Trim();
            if (IPAddress.TryParse(address, out var ip))
            {
                clientKey = await challenges.AddressKeyAsync(ClientAddress.PartitionKey(ip), ct);
            }
            else if (address.Length == 32 && address.All(char.IsAsciiHexDigitLower))
            {
                clientKey = address;
            }
            else
            {
                return Refusal.Invalid("address", "Một địa chỉ IP hoặc mã địa chỉ (clientKey) từ bản xem trước (an IP address or a clientKey).");
            }
        }

        if (f.PhonePrefix is { } prefix)
        {
            phonePrefix = NormalizePhonePrefix(prefix);
            if (phonePrefix is null)
            {
                return Refusal.Invalid("phonePrefix", "Đầu số từ 5 chữ số trở lên, vd. 09120 hoặc +849120 (at least 5 digits).");
            }
        }

        if (f.Street is { } s)
        {
            street = s.Trim();
            if (street.Length is < 3 or > OrderRules.MaxStreetLength || street.Any(char.IsControl))
            {
                return Refusal.Invalid("street", $"Từ 3 đến {OrderRules.MaxStreetLength} ký tự (3 to {OrderRules.MaxStreetLength} characters).");
            }
        }

        return new OrderMatch(id, ScopeOf(user), clientKey, phonePrefix, street, f.ProductId);
    }

    /// <summary>"0912" / "84912" / "+84912" → "+84912"; at least 4 digits after the country code, so one click never takes a whole network's numbers.</summary>
    internal static string? NormalizePhonePrefix(string prefix)
    {
        var digits = new string([.. prefix.Where(c => !char.IsWhiteSpace(c) && c != '.' && c != '-')]);
        if (digits.StartsWith('+'))
        {
            digits = digits[1..];
        }

        if (!digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var national = digits.StartsWith('0') ? digits[1..] : digits.StartsWith("84", StringComparison.Ordinal) ? digits[2..] : null;
        return national is { Length: >= 4 and <= 9 } ? "+84" + national : null;
    }
}
