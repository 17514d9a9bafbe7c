using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace OcopLive.Auth;

/// <summary>
/// Ends every login of a user whose security stamp changed (a password reset by an admin, a
/// deleted user). Cookies and bearer tokens carry the stamp they were issued with; right after
/// authentication, a request whose stamp is no longer the user's goes on as anonymous, so pages
/// send it to the login and the API answers 401. The stored stamp is cached for
/// <see cref="CacheFor"/>; the node that resets a password forgets it at once (<see cref="Forget"/>),
/// other nodes within that time.
/// </summary>
public static class SecurityStampCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>Between <c>UseAuthentication</c> and <c>UseAuthorization</c>.</summary>
    public static IApplicationBuilder UseSecurityStampCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !await IsCurrentAsync(context))
        {
            // Authorization reuses the authentication result: it must say "nobody" too, so a
            // refusal is a challenge (login page, 401) rather than a 403.
            if (context.Features.Get<IAuthenticateResultFeature>() is { } result)
            {
                result.AuthenticateResult = AuthenticateResult.NoResult();
            }

            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        await next(context);
    });

    /// <summary>Called where this node changes a user's stamp, so its old logins end at once here.</summary>
    public static void Forget(IMemoryCache cache, string userId) => cache.Remove(Key(userId));

    private static async Task<bool> IsCurrentAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var claims = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        if (context.User.FindFirstValue(claims.UserIdClaimType) is not { } userId
            || context.User.FindFirstValue(claims.SecurityStampClaimType) is not { } stamp)
        {
            return true;
        }

        var current = await services.GetRequiredService<IMemoryCache>().GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            return (await services.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(userId))?.SecurityStamp ?? "";
        });
        return string.Equals(stamp, current, StringComparison.Ordinal);
    }

    private static (string, string) Key(string userId) => ("security-stamp", userId);
}
