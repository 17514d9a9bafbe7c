using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Auth;

/// <summary>
/// The API's login: checks the password (<see cref="PasswordLogin"/>: the back-off and the
/// per-address limit the login page shares) and makes <c>{ tokenType, accessToken, expiresIn }</c>,
/// a bearer ticket protected with the Data Protection keys kept in PostgreSQL, carrying the user's
/// security stamp (so logging out or disabling the user ends it). No refresh token: the bearer
/// handler's own sign-in would add one that no route accepts. A missing, empty or over-long name
/// or password and a wrong one are the same 401; while backing off, 429 with <c>Retry-After</c>.
/// </summary>
public sealed class BearerLogin(SignInManager<AppUser> signInManager, PasswordLogin passwords, IOptionsMonitor<BearerTokenOptions> bearer,
    TimeProvider clock)
{
    public async Task<Outcome<LoginResponse>> LogInAsync(LoginRequest request, HttpContext http)
    {
        var (userName, password) = (request.UserName, request.Password);
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password) || userName.Length > UserAccounts.MaxUserNameLength)
        {
            return Refused();
        }

        var check = await passwords.CheckAsync(userName, password, http);
        if (check.Wait > TimeSpan.Zero)
        {
            return new Refusal(StatusCodes.Status429TooManyRequests, "rate-limited",
                $"Quá nhiều lần đăng nhập sai, thử lại sau {check.WaitSeconds} giây (too many failed logins)")
            {
                RetryAfterSeconds = check.WaitSeconds,
            };
        }

        if (check.User is not { } user)
        {
            return Refused();
        }

        var options = bearer.Get(IdentityConstants.BearerScheme);
        var now = clock.GetUtcNow();
        var ticket = new AuthenticationTicket(await signInManager.CreateUserPrincipalAsync(user),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + options.BearerTokenExpiration }, IdentityConstants.BearerScheme);
        return new LoginResponse("Bearer", options.BearerTokenProtector.Protect(ticket), (long)options.BearerTokenExpiration.TotalSeconds);
    }

    private static Refusal Refused() => new(StatusCodes.Status401Unauthorized, "unauthorized", PasswordLogin.RefusedTitle);
}
