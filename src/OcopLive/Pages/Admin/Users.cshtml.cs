using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Pages.Admin;

/// <summary>Users and roles (Admin): list, create with a role (and a producer for Producer users), reset a password.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(OcopDbContext db, UserManager<AppUser> users, IMemoryCache cache) : PageModel
{
    public sealed record Row(string Id, string UserName, string Role, string? ProducerName, bool LockedOut);

    public List<Row> Users { get; private set; } = [];

    public List<Catalog.Producer> Producers { get; private set; } = [];

    [BindProperty]
    public string? NewUserName { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? NewRole { get; set; }

    [BindProperty]
    public Guid? NewProducerId { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var userName = Text.Clean(NewUserName);
        if (string.IsNullOrEmpty(userName) || userName.Length > 64)
        {
            Errors["userName"] = "Tên đăng nhập 1–64 ký tự.";
        }

        var role = Roles.All.FirstOrDefault(r => r == NewRole);
        if (role is null)
        {
            Errors["role"] = "Chọn vai trò.";
        }

        if (role == Roles.Producer && (NewProducerId is not { } pid || !await db.Producers.AnyAsync(p => p.Id == pid, ct)))
        {
            Errors["producerId"] = "Tài khoản Producer cần chọn chủ thể.";
        }

        if (string.IsNullOrEmpty(NewPassword) || NewPassword.Length < 8)
        {
            Errors["password"] = "Mật khẩu ít nhất 8 ký tự.";
        }

        if (Errors.Count == 0 && await users.FindByNameAsync(userName!) is not null)
        {
            Errors["userName"] = "Tên đăng nhập đã có.";
        }

        if (Errors.Count == 0)
        {
            var user = new AppUser { UserName = userName, ProducerId = role == Roles.Producer ? NewProducerId : null };
            var created = await users.CreateAsync(user, NewPassword!);
            if (created.Succeeded)
            {
                await users.AddToRoleAsync(user, role!);
                Message = $"Đã tạo {userName} ({role}).";
                return RedirectToPage();
            }

            Errors["password"] = string.Join(" ", created.Errors.Select(e => e.Description));
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(string id, string? password, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        if (string.IsNullOrEmpty(password) || password.Length < 8)
        {
            Errors["reset:" + id] = "Mật khẩu mới ít nhất 8 ký tự.";
            await LoadAsync(ct);
            return Page();
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            Errors["reset:" + id] = string.Join(" ", result.Errors.Select(e => e.Description));
            await LoadAsync(ct);
            return Page();
        }

        // The reset changed the security stamp: the user's cookies and tokens end now on this node.
        SecurityStampCheck.Forget(cache, user.Id);

        // A reset also lifts a lockout, so a locked-out user can log in with the new password.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Message = $"Đã đặt lại mật khẩu cho {user.UserName}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Producers = await db.Producers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        var now = DateTimeOffset.UtcNow;
        Users = await (from u in db.Users.AsNoTracking()
                       join ur in db.UserRoles on u.Id equals ur.UserId into urs
                       from ur in urs.DefaultIfEmpty()
                       join r in db.Roles on ur.RoleId equals r.Id into rs
                       from r in rs.DefaultIfEmpty()
                       join p in db.Producers on u.ProducerId equals p.Id into ps
                       from p in ps.DefaultIfEmpty()
                       orderby u.UserName
                       select new Row(u.Id, u.UserName!, r != null ? r.Name! : "", p != null ? p.Name : null,
                           u.LockoutEnd != null && u.LockoutEnd > now))
            .ToListAsync(ct);
    }
}
