using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OcopLive.Auth;
using OcopLive.Common;

namespace OcopLive.Pages;

/// <summary>
/// Cookie login for the pages; the API uses bearer tokens from /api/auth/login. The same password
/// check (<see cref="PasswordLogin"/>), the same back-off and the same per-address limit as the API.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
public sealed class LoginModel(SignInManager<AppUser> signInManager, UserManager<AppUser> users, PasswordLogin passwords) : PageModel
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

        var check = await passwords.CheckAsync(UserName, Password, HttpContext);
        if (check.User is not { } user)
        {
            // One message for an unknown name, a wrong password and a disabled user: the page never tells which names exist.
            Error = check.Wait > TimeSpan.Zero
                ? $"Quá nhiều lần đăng nhập sai, thử lại sau {check.WaitSeconds} giây."
                : "Sai tên đăng nhập hoặc mật khẩu.";
            return Page();
        }

        signInManager.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        await signInManager.SignInAsync(user, isPersistent: true);

        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }

        var roles = await users.GetRolesAsync(user);
        return LocalRedirect(roles.Contains(Roles.Producer) ? "/producer"
            : roles.Contains(Roles.Host) ? "/host"
            : roles.Contains(Roles.Operator) && !roles.Contains(Roles.Director) && !roles.Contains(Roles.Admin) ? "/hotline"
            : "/sessions");
    }
}
