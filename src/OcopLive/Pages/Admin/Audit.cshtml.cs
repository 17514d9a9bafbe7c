using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Auth;
using OcopLive.Data;

namespace OcopLive.Pages.Admin;

/// <summary>The access audit (Admin): who looked up or exported customers' data, newest first, a page at a time.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AuditModel(OcopDbContext db) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    public List<AccessAuditEntry> Lines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Lines = await AccessAudits.ReadAsync(db, Before, Subject, PageSize, ct);
}
