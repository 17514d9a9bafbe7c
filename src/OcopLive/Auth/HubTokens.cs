using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Auth;

/// <summary>A hub token and how many seconds it lives.</summary>
public sealed record HubTokenResponse(string AccessToken, long ExpiresIn);

/// <summary>
/// Short-lived tokens for the SignalR hubs, for pages logged in with the cookie. A page asks
/// <c>POST /api/auth/hub-token</c> from SignalR's <c>accessTokenFactory</c> at every connect and
/// reconnect. The token is a bearer ticket of a scheme of its own: its Data Protection purpose
/// differs from the login tokens', so it is worth nothing outside <c>/hubs</c> even if the query
/// string that carries it leaks into a proxy's log. It is issued from the user as stored now
/// (current roles and producer; refused once the security stamp changed, e.g. after a password
/// reset), and the producer hub closes a connection when its token expires, so a connection is
/// re-authorised at least every <see cref="OcopLiveOptions.HubTokenLifetime"/>.
/// </summary>
public static class HubTokens
{
    public const string Scheme = "HubToken";

    /// <summary>Tells hub tokens from login tokens before any decryption, to pick the scheme.</summary>
    public const string Prefix = "hub.";

    public static bool IsHubToken(ReadOnlySpan<char> token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    public static AuthenticationBuilder AddHubTokens(this AuthenticationBuilder builder) =>
        builder.AddBearerToken(Scheme, o => o.Events.OnMessageReceived = ctx =>
        {
            // Only on the hubs: the negotiate request carries the header, WebSockets and SSE the query.
            if (!ctx.Request.Path.StartsWithSegments("/hubs"))
            {
                ctx.NoResult();
                return Task.CompletedTask;
            }

            var header = ctx.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? header["Bearer ".Length..].Trim()
                : ctx.Request.Query["access_token"].ToString();
            if (IsHubToken(token))
            {
                ctx.Token = token[Prefix.Length..];
            }
            else
            {
                ctx.NoResult();
            }

            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder MapHubToken(this RouteGroupBuilder auth) =>
        auth.MapPost("/hub-token", IssueAsync)
            .RequireAuthorization(Policies.AnyUser)
            .WithSummary("A short-lived token for the SignalR hubs (access_token), for a logged-in page or client");

    /// <summary>Issues a hub token for the logged-in user (cookie or bearer), read afresh from the user store.</summary>
    public static async Task<Results<Ok<HubTokenResponse>, ProblemHttpResult>> IssueAsync(
        ClaimsPrincipal principal,
        SignInManager<AppUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer,
        IOptions<OcopLiveOptions> options,
        TimeProvider clock)
    {
        if (await signIn.ValidateSecurityStampAsync(principal) is not { } user)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Phiên đăng nhập không còn hiệu lực, hãy đăng nhập lại (login no longer valid)",
                type: Problems.TypeBase + "unauthorized");
        }

        var lifetime = options.Value.HubTokenLifetime;
        var now = clock.GetUtcNow();
        var ticket = new AuthenticationTicket(await signIn.CreateUserPrincipalAsync(user),
            new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + lifetime }, Scheme);
        var token = Prefix + bearer.Get(Scheme).BearerTokenProtector.Protect(ticket);
        return TypedResults.Ok(new HubTokenResponse(token, (long)lifetime.TotalSeconds));
    }
}
