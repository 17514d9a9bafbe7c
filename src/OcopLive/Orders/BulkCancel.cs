using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using NpgsqlTypes;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>
/// One pattern of suspicious orders in a session: one client address (an IP address, or the
/// <c>clientKey</c> a preview shows), a run of phone numbers (a prefix), or one street. Optionally
/// one product.
/// </summary>
public sealed record BulkCancelFilter(string? Address, string? PhonePrefix, string? Street, Guid? ProductId);

public sealed record BulkOrder(Guid Id, long Number, Guid ProductId, string ProductName, int Quantity, long TotalVnd, string CustomerName,
    string CustomerPhone, string Province, string Commune, string? Street, string? ClientKey, OrderStatus Status, DateTimeOffset CreatedAt);

/// <summary>A group of orders that share an address, a phone prefix or a street: a place to start looking.</summary>
public sealed record OrderPattern(string Kind, string Value, int Orders, int Units);

/// <summary>
/// Bulk cancel of a flash deal's suspicious orders: the director (whole session) or a producer (own
/// products only) previews what a pattern matches, then cancels those orders in one transaction;
/// their units go back to stock and the live figures are corrected on air, by the one cancel rule
/// (<see cref="CancelOrder"/>). Only
/// orders not yet shipped (Placed, Confirmed) are touched, as with a single cancel.
/// </summary>
public static class BulkCancel
{
    public static IEndpointRouteBuilder MapBulkCancel(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sessions/{id:guid}/orders").WithTags("Orders").RequireAuthorization(Policies.ProducerPortal);
        group.MapGet("/patterns", Patterns).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/bulk-cancel/preview", Preview).Accepts<BulkCancelFilter>("application/json").ProducesBodyProblems();
        group.MapPost("/bulk-cancel", Cancel).Accepts<BulkCancelFilter>("application/json").ProducesBodyProblems();
        return app;
    }

    /// <summary>The biggest groups by address, phone prefix (the number less its last 3 digits) and street, 3 orders or more.</summary>
    /// An unknown session is 404, not an empty list.
    public static async Task<Results<Ok<List<OrderPattern>>, ProblemHttpResult>> Patterns(Guid id, ClaimsPrincipal user, NpgsqlDataSource db,
        CancellationToken ct)
    {
        await using (var exists = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM sessions WHERE id = $1)"))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = id });
            if (await exists.ExecuteScalarAsync(ct) is not true)
            {
                return Problems.SessionNotFound();
            }
        }

        const string sql = """
            WITH o AS (
              SELECT client_key, customer_phone, lower(btrim(street)) AS street, quantity FROM orders
               WHERE session_id = $1 AND status IN ('Placed', 'Confirmed') AND ($2::uuid IS NULL OR producer_id = $2)
            )
            (SELECT 'address', client_key, count(*)::int, sum(quantity)::int FROM o WHERE client_key IS NOT NULL
              GROUP BY client_key HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            UNION ALL
            (SELECT 'phonePrefix', '0' || substr(customer_phone, 4, length(customer_phone) - 6), count(*)::int, sum(quantity)::int FROM o
              GROUP BY 2 HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            UNION ALL
            (SELECT 'street', street, count(*)::int, sum(quantity)::int FROM o WHERE street IS NOT NULL AND street <> ''
              GROUP BY street HAVING count(*) >= 3 ORDER BY count(*) DESC LIMIT 10)
            """;
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = id });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)ProducerScope(user) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid });
        var patterns = new List<OrderPattern>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            patterns.Add(new OrderPattern(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3)));
        }

        return TypedResults.Ok(patterns);
    }

    public static async Task<Results<Ok<BulkCancelResult>, ProblemHttpResult>> Preview(
        Guid id, HttpRequest request, ClaimsPrincipal user, NpgsqlDataSource db, OrderChallenges challenges, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<BulkCancelFilter>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (where, refusal) = await MatchAsync(id, body.Value!, user, challenges, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand($"""
            SELECT o.id, o.number, o.product_id, p.name, o.quantity, o.total_vnd, o.customer_name, o.customer_phone, o.province,
                   o.commune, o.street, o.client_key, o.status, o.created_at
              FROM orders o JOIN products p ON p.id = o.product_id
             WHERE {OrderMatch.WhereSql} ORDER BY o.number
            """, conn);
        where!.AddTo(cmd);
        return TypedResults.Ok(await ReadResultAsync(cmd, ct));
    }

    public static async Task<Results<Ok<BulkCancelResult>, ProblemHttpResult>> Cancel(Guid id, HttpRequest request, ClaimsPrincipal user,
        OrderChallenges challenges, CancelOrder cancel, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<BulkCancelFilter>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (where, refusal) = await MatchAsync(id, body.Value!, user, challenges, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        return TypedResults.Ok(await cancel.CancelMatchingAsync(where!, ct));
    }

    /// <summary>A producer acts on their own products only; Director and Admin on the whole session.</summary>
    private static Guid? ProducerScope(ClaimsPrincipal user) => user.Passes(Policies.Staff) ? null : user.ProducerId() ?? Guid.Empty;

    /// <summary>The filter as the orders it selects, within the caller's scope; a refusal for a filter that is not exactly one valid pattern.</summary>
    private static async Task<Outcome<OrderMatch>> MatchAsync(
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
            phonePrefix = PhonePrefix(prefix);
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

        return new OrderMatch(id, ProducerScope(user), clientKey, phonePrefix, street, f.ProductId);
    }

    /// <summary>"0912" / "84912" / "+84912" → "+84912"; at least 4 digits after the country code, so one click never takes a whole network's numbers.</summary>
    internal static string? PhonePrefix(string prefix)
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

    private static async Task<BulkCancelResult> ReadResultAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var items = new List<BulkOrder>();
        int orders = 0, units = 0;
        long revenue = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            orders++;
            units += r.GetInt32(4);
            revenue += r.GetInt64(5);
            if (items.Count < CancelOrder.MaxItems)
            {
                items.Add(new BulkOrder(r.GetGuid(0), r.GetInt64(1), r.GetGuid(2), r.GetString(3), r.GetInt32(4), r.GetInt64(5), r.GetString(6),
                    r.GetString(7), r.GetString(8), r.GetString(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11),
                    Enum.Parse<OrderStatus>(r.GetString(12)), r.GetFieldValue<DateTimeOffset>(13)));
            }
        }

        return new BulkCancelResult(orders, units, revenue, items);
    }
}
