using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Delivery.Reliability;

/// <summary>The contract's answer: a buyer's parcels over every producer and session, counts only.</summary>
public sealed record ReliabilityView(int Delivered, int Returned, int Refused);

/// <summary>
/// <c>GET /api/customers/reliability?phone=</c>: the counts for one phone, written to the access
/// audit (<see cref="AccessAudit"/>, action <see cref="AuditAction"/>) before the answer leaves,
/// found or not, like the hotline's caller look-up. A phone with no parcel answers zeros.
/// </summary>
public sealed class BuyerReliabilityLookup(OcopDbContext db, TimeProvider clock)
{
    public const string AuditAction = "customer-reliability";

    public async Task<Outcome<ReliabilityView>> LookupAsync(string? phone, ClaimsPrincipal user, CancellationToken ct)
    {
        var normalized = Phone.Normalize(phone);
        if (normalized is null)
        {
            return Refusal.Invalid("phone", "Số di động Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese mobile number).");
        }

        var view = await CountsAsync(normalized, ct);
        await AccessAudits.RecordAsync(db, user, clock, AuditAction, normalized, view.Delivered + view.Returned + view.Refused > 0 ? 1 : 0, ct);
        return view;
    }

    /// <summary>The counts without an audit line: for callers that already audit their own look-up.</summary>
    public async Task<ReliabilityView> CountsAsync(string normalizedPhone, CancellationToken ct) =>
        await db.Set<BuyerReliability>().AsNoTracking().Where(r => r.Phone == normalizedPhone)
            .Select(r => new ReliabilityView(r.Delivered, r.Returned, r.Refused)).FirstOrDefaultAsync(ct)
        ?? new ReliabilityView(0, 0, 0);

    /// <summary>Counts for many phones at once (the producer's order list), one query; phones with none are left out.</summary>
    public async Task<Dictionary<string, ReliabilityView>> CountsAsync(IReadOnlyCollection<string> phones, CancellationToken ct) =>
        await db.Set<BuyerReliability>().AsNoTracking().Where(r => phones.Contains(r.Phone))
            .ToDictionaryAsync(r => r.Phone, r => new ReliabilityView(r.Delivered, r.Returned, r.Refused), ct);
}
