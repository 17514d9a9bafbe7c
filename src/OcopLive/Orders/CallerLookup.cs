using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Orders;

public sealed record CallerLookupRequest(string? Phone);

/// <summary>A returning caller's last delivery details, to fill the hotline form.</summary>
public sealed record CallerDetails(string Phone, string Name, string Province, string Commune, string? Street, DateTimeOffset LastOrderAt,
    string? ProvinceCode = null, string? CommuneCode = null);

/// <summary>
/// The hotline's look-up of a returning caller: the name and address of the last order placed with
/// this phone number (any session); 404 when none. Written to the audit log (<see cref="AccessAudit"/>),
/// found or not, before the answer leaves.
/// </summary>
public sealed class CallerLookup(OcopDbContext db, TimeProvider clock)
{
    public const string PhoneMessage = "Số di động Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese mobile number).";

    public async Task<Outcome<CallerDetails>> LookupAsync(CallerLookupRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var normalized = Phone.Normalize(request.Phone);
        if (normalized is null)
        {
            return Refusal.Invalid("phone", PhoneMessage);
        }

        var last = await db.Orders.AsNoTracking()
            .Where(o => o.CustomerPhone == normalized)
            .OrderByDescending(o => o.CreatedAt)
            .Select(o => new CallerDetails(o.CustomerPhone, o.CustomerName, o.Province, o.Commune, o.Street, o.CreatedAt, o.ProvinceCode, o.CommuneCode))
            .FirstOrDefaultAsync(ct);
        await AccessAudits.RecordAsync(db, user, clock, AccessAudit.CustomerLookup, normalized, last is null ? 0 : 1, ct);
        return last is null ? Refusal.NotFound("Khách gọi lần đầu (no earlier order for this number)") : last;
    }
}
