using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Addresses;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Pages.Unmatched;

/// <summary>
/// The rows whose old address the backfill could not match to the two-level map, for a person to
/// resolve with the order pages' commune picker (authorised as <c>GET /api/addresses/unmatched</c>:
/// staff). The form sends the picked commune's code, or the province and commune names when the
/// script did not run; either goes through <see cref="AddressBackfill.ResolveAsync"/>, as the API does.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(AddressBackfill backfill) : PageModel
{
    public IReadOnlyList<UnmatchedAddressView> Open { get; private set; } = [];

    public IReadOnlyList<UnmatchedAddressView> Resolved { get; private set; } = [];

    public IReadOnlyList<Province> Provinces => AddressBook.Official.ProvincesByName;

    /// <summary>The row a refused form was for, and why, shown beside that row.</summary>
    public long? ErrorFor { get; private set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostResolveAsync(long id, string? province, string? commune, string? communeCode, CancellationToken ct)
    {
        var errors = new Errors();
        var place = string.IsNullOrWhiteSpace(communeCode)
            ? Place.Check(errors, "province", "commune", province, null, commune, null)
            : Place.Check(errors, "communeCode", "communeCode", null, null, null, communeCode);
        var (row, refusal) = place is null
            ? new Outcome<UnmatchedAddressView>(null, Refusal.Invalid(errors))
            : await backfill.ResolveAsync(id, new ResolveUnmatchedRequest(place.Commune.Code), User, ct);
        if (refusal is not null)
        {
            if (refusal.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            ErrorFor = id;
            Error = string.Join(" ", refusal.ForForm("commune").Values.SelectMany(v => v));
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã gán {row!.Source} {row.RowId} vào mã xã/phường {row.CommuneCode}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await backfill.ListAsync(ct);
        Open = [.. all.Where(u => u.ResolvedAt is null)];
        Resolved = [.. all.Where(u => u.ResolvedAt is not null).OrderByDescending(u => u.ResolvedAt).Take(50)];
    }
}
