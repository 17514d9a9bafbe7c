using System.Collections.Concurrent;
using Npgsql;

namespace OcopLive.Comments;

/// <summary>
/// One line of the overlay's buyers ticker: "Chị H*** · Hương Sơn vừa đặt 2 kg". Never a phone
/// number, nor the order's id (which opens the order to staff routes): <see cref="Id"/> is an opaque
/// digest of it, stable across nodes so the overlay can tell lines apart.
/// </summary>
public sealed record BuyerLine(string Id, string Text, DateTimeOffset At);

public sealed record BuyersView(Guid SessionId, IReadOnlyList<BuyerLine> Buyers);

/// <summary>
/// The overlay's optional buyers ticker's read (<c>/overlay/{id}?show=buyers</c>), from every channel's
/// recent orders. Anonymous and shown on air, so it says little: a title guessed from the middle
/// name, the given name's first letter, the commune, the quantity. It is read from the database at
/// most once every <see cref="FreshFor"/> per session, however many overlays ask.
/// </summary>
public static class BuyersQueries
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(2);
    public const int Recent = 10;

    private static readonly ConcurrentDictionary<Guid, (long ReadAt, Task<BuyersView?> View)> Cache = new();

    /// <summary>The session's recent buyers, or null when there is no such session; read from the database at most once every <see cref="FreshFor"/> per session.</summary>
    public static Task<BuyersView?> RecentAsync(NpgsqlDataSource dataSource, TimeProvider clock, Guid id, CancellationToken ct)
    {
        var now = clock.GetTimestamp();
        if (!Cache.TryGetValue(id, out var entry) || clock.GetElapsedTime(entry.ReadAt, now) >= FreshFor || entry.View.IsFaulted)
        {
            if (Cache.Count > 10_000)
            {
                Cache.Clear();
            }

            entry = (now, ReadAsync(dataSource, id));
            Cache[id] = entry;
        }

        return entry.View.WaitAsync(ct);
    }

    private static async Task<BuyersView?> ReadAsync(NpgsqlDataSource dataSource, Guid sessionId)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT o.id, o.customer_name, o.commune_code, o.quantity, p.unit, o.created_at, s.id IS NOT NULL
              FROM (SELECT id FROM sessions WHERE id = $1) s
              LEFT JOIN LATERAL (SELECT * FROM orders WHERE session_id = s.id AND status <> 'Cancelled' ORDER BY created_at DESC LIMIT $2) o ON true
              LEFT JOIN products p ON p.id = o.product_id
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = sessionId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = Recent });
        var lines = new List<BuyerLine>();
        var exists = false;
        await using var r = await cmd.ExecuteReaderAsync(CancellationToken.None);
        while (await r.ReadAsync(CancellationToken.None))
        {
            exists = true;
            if (!r.IsDBNull(0))
            {
                lines.Add(new BuyerLine(OpaqueId(r.GetGuid(0)), Line(r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), r.GetString(4)),
                    r.GetFieldValue<DateTimeOffset>(5)));
            }
        }

        return exists ? new BuyersView(sessionId, lines) : null;
    }

    /// <summary>A digest of the order id that cannot be turned back into it (order ids are random).</summary>
    public static string OpaqueId(Guid orderId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes("buyers-ticker:" + orderId.ToString("N"))))[..24];

    /// <summary>
    /// "Nguyễn Thị Hoa", "18133" (Xã Hương Sơn), 2, "kg" → "Chị H*** · Hương Sơn vừa đặt 2 kg". The
    /// place is the official name of the order's commune code, never the text the buyer typed; an
    /// old order without a code shows no place.
    /// </summary>
    public static string Line(string name, string? communeCode, int quantity, string unit)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var given = words.Length > 0 ? words[^1] : "?";
        var title = words.Any(w => w.Equals("Thị", StringComparison.OrdinalIgnoreCase)) ? "Chị"
            : words.Any(w => w.Equals("Văn", StringComparison.OrdinalIgnoreCase)) ? "Anh"
            : "Khách";
        var initial = char.IsSurrogate(given[0]) ? "?" : given[..1].ToUpperInvariant();
        var place = OcopLive.Addresses.AddressBook.Official.CommuneByCode(communeCode)?.Name;
        if (place is null)
        {
            return $"{title} {initial}*** vừa đặt {quantity} {unit}";
        }

        foreach (var prefix in new[] { "Xã ", "Phường ", "Đặc khu ", "Thị trấn " })
        {
            if (place.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                place = place[prefix.Length..];
                break;
            }
        }

        return $"{title} {initial}*** · {place} vừa đặt {quantity} {unit}";
    }
}
