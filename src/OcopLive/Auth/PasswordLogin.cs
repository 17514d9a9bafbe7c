using Microsoft.AspNetCore.Identity;
using OcopLive.Common;

namespace OcopLive.Auth;

/// <summary>What a login attempt came to: the user (passed), a wait (throttled), or neither (refused).</summary>
public sealed record LoginCheck(AppUser? User, TimeSpan Wait)
{
    public int WaitSeconds => Math.Max(1, (int)Math.Ceiling(Wait.TotalSeconds));
}

/// <summary>
/// The one password check behind both logins (<c>POST /api/auth/login</c> and the <c>/login</c>
/// page). Every refusal looks the same: an unknown name, a wrong password and a disabled user get
/// the same answer, and an unknown name still costs a password hash, so neither the words nor the
/// time tell which names exist. Failures feed the <see cref="LoginThrottle"/>; Identity's own
/// lockout is not used (anyone could lock the director out by typing wrong passwords).
/// </summary>
public sealed class PasswordLogin(SignInManager<AppUser> signIn, LoginThrottle throttle)
{
    public const string RefusedTitle = "Sai tên đăng nhập hoặc mật khẩu (invalid user name or password)";

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public async Task<LoginCheck> CheckAsync(string userName, string password, HttpContext http)
    {
        var client = ClientAddress.PartitionKey(http.Connection.RemoteIpAddress);
        var wait = throttle.Wait(userName, client);
        if (wait > TimeSpan.Zero)
        {
            return new LoginCheck(null, wait);
        }

        var user = await signIn.UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash.Value, password);
        }
        else if ((await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: false)).Succeeded)
        {
            throttle.Succeeded(userName);
            return new LoginCheck(user, TimeSpan.Zero);
        }

        throttle.Failed(userName, client);
        return new LoginCheck(null, TimeSpan.Zero);
    }
}
