using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OcopLive.Data;

namespace OcopLive.Auth;

/// <summary>
/// The authorization policies. Each role policy is built from its role list here, and a check
/// inside a handler (a hotline order, who may read an order) asks the same policy through
/// <see cref="Passes"/>: one answer to "who is staff", not a role list per handler.
/// </summary>
public static class Policies
{
    public const string Staff = "Staff";          // Admin, Director
    public const string Admin = "Admin";
    public const string Hotline = "Hotline";      // Operator, Director, Admin
    public const string AnyUser = "AnyUser";      // any login: staff or producer
    public const string ProducerPortal = "ProducerPortal"; // Producer, Director, Admin
    public const string HostScreen = "HostScreen";  // Host, Director: the host's screen, acknowledging a cue
    public const string HostFeed = "HostFeed";      // Host, Director, Admin: the cues on the hub (JoinHost)

    /// <summary>The roles each role-based policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Staff] = [Roles.Admin, Roles.Director],
        [Admin] = [Roles.Admin],
        [Hotline] = [Roles.Operator, Roles.Director, Roles.Admin],
        [ProducerPortal] = [Roles.Producer, Roles.Director, Roles.Admin],
        [HostScreen] = [Roles.Host, Roles.Director],
        [HostFeed] = [Roles.Host, Roles.Director, Roles.Admin],
    };

    /// <summary>True when the user holds one of the roles the policy admits (a role policy; see <see cref="RolesOf"/>).</summary>
    public static bool Passes(this ClaimsPrincipal user, string policy) => RolesOf[policy].Any(user.IsInRole);
}

public static class AuthSetup
{
    public const string SmartScheme = "Smart";
    public const string ProducerIdClaim = "producer_id";
    public const string CookieName = "ocoplive.auth";

    /// <summary>Every password, the bootstrap admin's included (ASVS V6.2.1); see <see cref="CommonPasswordValidator"/> for the rest of the rule.</summary>
    public const int MinPasswordLength = 12;

    public static WebApplicationBuilder AddOcopAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // No lockout after failed logins (anyone could lock the director out): see LoginThrottle.
                // Identity's lockout only carries "disabled" (UserAccounts.DisableAsync).
                o.Lockout.MaxFailedAccessAttempts = int.MaxValue;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OcopDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<OcopClaimsPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Bearer or cookie", o => o.ForwardDefaultSelector = SelectScheme)
            // A login token is read from the Authorization header only, never from the query string:
            // SignalR's access_token query value must be a short-lived hub token (HubTokens), since
            // URLs end up in proxies' logs and a 12-hour login token there would be worth stealing.
            .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(12))
            .AddHubTokens()
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx =>
                {
                    if (IsApi(ctx.Request))
                    {
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                };
                // A login with the wrong role gets a plain 403, on pages and API alike.
                o.Events.OnRedirectToAccessDenied = ctx =>
                {
                    ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });

        services.AddMemoryCache();

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Staff, p => p.RequireRole(Policies.RolesOf[Policies.Staff]))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Policies.RolesOf[Policies.Admin]))
            .AddPolicy(Policies.Hotline, p => p.RequireRole(Policies.RolesOf[Policies.Hotline]))
            .AddPolicy(Policies.AnyUser, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.ProducerPortal, p => p.RequireRole(Policies.RolesOf[Policies.ProducerPortal]))
            .AddPolicy(Policies.HostScreen, p => p.RequireRole(Policies.RolesOf[Policies.HostScreen]))
            .AddPolicy(Policies.HostFeed, p => p.RequireRole(Policies.RolesOf[Policies.HostFeed]));
        return builder;
    }

    private static string SelectScheme(HttpContext ctx)
    {
        var hubs = ctx.Request.Path.StartsWithSegments("/hubs");
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return hubs && HubTokens.IsHubToken(authorization.AsSpan("Bearer ".Length).Trim())
                ? HubTokens.Scheme
                : IdentityConstants.BearerScheme;
        }

        if (hubs && ctx.Request.Query.TryGetValue("access_token", out var token))
        {
            // Anything but a hub token in the query goes to the bearer scheme, which does not read the query: anonymous.
            return HubTokens.IsHubToken(token.ToString()) ? HubTokens.Scheme : IdentityConstants.BearerScheme;
        }

        return IsApi(ctx.Request) && !ctx.Request.Cookies.ContainsKey(CookieName)
            ? IdentityConstants.BearerScheme
            : IdentityConstants.ApplicationScheme;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    /// <summary>The producer a Producer user is bound to; null for staff.</summary>
    public static Guid? ProducerId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ProducerIdClaim), out var id) ? id : null;

    /// <summary>True when the user may see this producer's sales, orders and customers.</summary>
    public static bool MaySeeProducer(this ClaimsPrincipal user, Guid producerId) =>
        user.Passes(Policies.Staff) || user.ProducerId() == producerId;
}

internal sealed class OcopClaimsPrincipalFactory(
    UserManager<AppUser> userManager, RoleManager<IdentityRole> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.ProducerId is { } producerId)
        {
            identity.AddClaim(new Claim(AuthSetup.ProducerIdClaim, producerId.ToString()));
        }

        return identity;
    }
}
