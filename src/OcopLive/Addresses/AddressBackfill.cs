using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Addresses;

public sealed record UnmatchedAddressView(long Id, string Source, Guid RowId, string Province, string Commune, string Reason,
    DateTimeOffset NotedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy, string? CommuneCode);

/// <summary>What a person decided for an unmatched row: the commune it is in (by code).</summary>
public sealed record ResolveUnmatchedRequest(string? CommuneCode);

/// <summary>
/// Gives the rows written before addresses had codes (orders, producers) their province and commune
/// codes, matching their names with the same leniency as a new order (case, accents, prefixes).
/// A row that does not match — an old district's name, a commune of another province, a name two
/// units share — is listed in <c>unmatched_addresses</c> for a person, never guessed. Runs at start
/// after the migrations; safe to run again (it looks only at rows without codes and not yet listed).
/// </summary>
public sealed class AddressBackfill(OcopDbContext db, TimeProvider clock, ILogger<AddressBackfill> logger)
{
    private const int Chunk = 1_000;

    public async Task<(int Matched, int Unmatched)> RunAsync(CancellationToken ct)
    {
        var (om, ou) = await BackfillAsync(UnmatchedAddress.Orders, ct);
        var (pm, pu) = await BackfillAsync(UnmatchedAddress.Producers, ct);
        if (om + ou + pm + pu > 0)
        {
            logger.LogWarning("Addresses given codes: {Matched} rows matched by name, {Unmatched} listed for a person at /api/addresses/unmatched",
                om + pm, ou + pu);
        }

        return (om + pm, ou + pu);
    }

    public async Task<IReadOnlyList<UnmatchedAddressView>> ListAsync(CancellationToken ct) =>
        await db.Set<UnmatchedAddress>().AsNoTracking().OrderBy(u => u.ResolvedAt != null).ThenBy(u => u.Id)
            .Select(u => new UnmatchedAddressView(u.Id, u.Source, u.RowId, u.Province, u.Commune, u.Reason, u.NotedAt, u.ResolvedAt, u.ResolvedBy, u.CommuneCode))
            .ToListAsync(ct);

    /// <summary>A person's decision: the row gets the commune's codes and official names.</summary>
    public async Task<Outcome<UnmatchedAddressView>> ResolveAsync(long id, ResolveUnmatchedRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        var row = await db.Set<UnmatchedAddress>().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (row is null)
        {
            return Refusal.NotFound("Không có dòng chờ đối chiếu này (no such unmatched row)");
        }

        var errors = new Errors();
        var place = Place.Check(errors, "communeCode", "communeCode", null, null, null, request.CommuneCode);
        if (place is null)
        {
            return Refusal.Invalid(errors);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await SetCodesAsync(row.Source, [row.RowId], [place.Province.Code], [place.Commune.Code], [place.Province.Name], [place.Commune.Name], ct);
        row.ResolvedAt = clock.GetUtcNow();
        row.ResolvedBy = user.Identity?.Name;
        row.CommuneCode = place.Commune.Code;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new UnmatchedAddressView(row.Id, row.Source, row.RowId, row.Province, row.Commune, row.Reason, row.NotedAt, row.ResolvedAt, row.ResolvedBy, row.CommuneCode);
    }

    private async Task<(int Matched, int Unmatched)> BackfillAsync(string source, CancellationToken ct)
    {
        int matched = 0, unmatched = 0;
        while (true)
        {
            var rows = await PendingAsync(source, ct);
            if (rows.Count == 0)
            {
                return (matched, unmatched);
            }

            var found = new List<(Guid Id, Place Place)>();
            var now = clock.GetUtcNow();
            foreach (var (id, province, commune) in rows)
            {
                var errors = new Errors();
                var place = Place.Check(errors, "province", "commune", province, null, commune, null);
                if (place is not null)
                {
                    found.Add((id, place));
                    continue;
                }

                db.Set<UnmatchedAddress>().Add(new UnmatchedAddress
                {
                    Source = source,
                    RowId = id,
                    Province = Bound(province),
                    Commune = Bound(commune),
                    Reason = Bound(string.Join(" ", errors.ToDictionary().Values.SelectMany(m => m)), 300),
                    NotedAt = now,
                });
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await SetCodesAsync(source, [.. found.Select(f => f.Id)], [.. found.Select(f => f.Place.Province.Code)], [.. found.Select(f => f.Place.Commune.Code)],
                null, null, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            matched += found.Count;
            unmatched += rows.Count - found.Count;
        }
    }

    private async Task<List<(Guid Id, string Province, string Commune)>> PendingAsync(string source, CancellationToken ct)
    {
        var listed = db.Set<UnmatchedAddress>().Where(u => u.Source == source).Select(u => u.RowId);
        if (source == UnmatchedAddress.Orders)
        {
            return (await db.Orders.AsNoTracking().Where(o => o.CommuneCode == null && !listed.Contains(o.Id))
                .OrderBy(o => o.Id).Take(Chunk).Select(o => new { o.Id, o.Province, o.Commune }).ToListAsync(ct))
                .Select(o => (o.Id, o.Province, o.Commune)).ToList();
        }

        return (await db.Producers.AsNoTracking().Where(p => p.CommuneCode == null && !listed.Contains(p.Id))
            .OrderBy(p => p.Id).Take(Chunk).Select(p => new { p.Id, p.Province, p.Commune }).ToListAsync(ct))
            .Select(p => (p.Id, p.Province, p.Commune)).ToList();
    }

    /// <summary>Codes (and, for a person's decision, the official names) on many rows in one statement.</summary>
    private async Task SetCodesAsync(string source, Guid[] ids, string[] provinceCodes, string[] communeCodes,
        string[]? provinceNames, string[]? communeNames, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return;
        }

        var table = source == UnmatchedAddress.Orders ? "orders" : "producers";
        var names = provinceNames is null ? "" : ", province = u.pn, commune = u.cn";
        // The table name is one of two constants; the values travel as parameters.
#pragma warning disable EF1002
        await db.Database.ExecuteSqlRawAsync(
            $"""
            UPDATE {table} t SET province_code = u.pc, commune_code = u.cc{names}
              FROM unnest(@ids, @pcs, @ccs, @pns, @cns) AS u(id, pc, cc, pn, cn)
             WHERE t.id = u.id
            """,
            [
                new Npgsql.NpgsqlParameter("ids", ids),
                new Npgsql.NpgsqlParameter("pcs", provinceCodes),
                new Npgsql.NpgsqlParameter("ccs", communeCodes),
                new Npgsql.NpgsqlParameter("pns", provinceNames ?? provinceCodes),
                new Npgsql.NpgsqlParameter("cns", communeNames ?? communeCodes),
            ],
            ct);
#pragma warning restore EF1002
    }

    private static string Bound(string value, int max = 100) => value.Length <= max ? value : value[..max];
}
