using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Pages;

/// <summary>Cookie login for the pages; the API uses bearer tokens from /api/auth/login.</summary>
[AllowAnonymous]
public sealed class LoginModel(SignInManager<AppUser> signInManager, UserManager<AppUser> users) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(UserName) || string.IsNullOrEmpty(Password)
            || UserName.Length > UserAccounts.MaxUserNameLength || Text.HasUnsafeCharacters(UserName))
        {
            Error = "Nhập tên đăng nhập và mật khẩu.";
            return Page();
        }

        signInManager.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var result = await signInManager.PasswordSignInAsync(UserName, Password, isPersistent: true, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            Error = result.IsLockedOut ? "Tài khoản tạm khoá, thử lại sau ít phút." : "Sai tên đăng nhập hoặc mật khẩu.";
            return Page();
        }

        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        var user = await users.FindByNameAsync(UserName);
        var roles = user is null ? [] : await users.GetRolesAsync(user);
        return LocalRedirect(roles.Contains(Roles.Producer) ? "/producer"
            : roles.Contains(Roles.Operator) && !roles.Contains(Roles.Director) && !roles.Contains(Roles.Admin) ? "/hotline"
            : "/sessions");
    }
}
