using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OcopLive.Auth;

namespace OcopLive.Pages;

/// <summary>
/// Logging out ends every login of the user (cookies on other devices, bearer and hub tokens), not
/// only this browser's cookie: a 12-hour token left valid after "log out" is a token someone can still use.
/// </summary>
public sealed class LogoutModel(UserManager<AppUser> users, UserAccounts accounts) : PageModel
{
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (users.GetUserId(User) is { } id)
        {
            await accounts.EndLoginsAsync(id, ct);
        }

        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return RedirectToPage("/Login");
    }
}
