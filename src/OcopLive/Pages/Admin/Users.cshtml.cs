using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Pages.Admin;

/// <summary>
/// Users and roles (Admin): list, create with a role (and a producer for Producer users), reset a
/// password, disable and enable a user; each through <see cref="UserAccounts"/>, as the API does.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(OcopDbContext db, UserAccounts accounts) : PageModel
{
    public List<UserResponse> Users { get; private set; } = [];

    public List<Catalog.Producer> Producers { get; private set; } = [];

    [BindProperty]
    public string? NewUserName { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? NewRole { get; set; }

    [BindProperty]
    public Guid? NewProducerId { get; set; }

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var (user, refusal) = await accounts.CreateAsync(new CreateUserRequest(NewUserName, NewPassword, NewRole, NewProducerId), ct);
        if (refusal is not null)
        {
            Errors = refusal.ForForm("userName");
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã tạo {user!.UserName} ({user.Role}).";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResetAsync(string id, string? password, CancellationToken ct)
    {
        var (userName, refusal) = await accounts.ResetPasswordAsync(id, password, ct);
        if (refusal is not null)
        {
            if (refusal.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            Errors = new Dictionary<string, string[]> { ["reset:" + id] = refusal.ForForm("password").SelectMany(e => e.Value).ToArray() };
            await LoadAsync(ct);
            return Page();
        }

        Message = $"Đã đặt lại mật khẩu cho {userName}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, [FromServices] UserManager<AppUser> users, CancellationToken ct)
    {
        var (userName, refusal) = await accounts.DisableAsync(id, users.GetUserId(User), ct);
        return Done(refusal, $"Đã khoá {userName}: mọi phiên đăng nhập của người này đã kết thúc.");
    }

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct)
    {
        var (userName, refusal) = await accounts.EnableAsync(id, ct);
        return Done(refusal, $"Đã mở khoá {userName}.");
    }

    private IActionResult Done(Refusal? refusal, string message)
    {
        if (refusal?.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        Message = refusal is null ? message : refusal.Title;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        Users = await accounts.ListAsync(ct);
    }
}
