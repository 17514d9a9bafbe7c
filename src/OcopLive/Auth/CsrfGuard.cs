using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OcopLive.Common;

namespace OcopLive.Auth;

/// <summary>
/// Cross-site request forgery on the API. <c>/api</c> accepts the pages' login cookie, and a page
/// of another origin on the same site (another subdomain: SameSite=Strict does not stop it) could
/// make a browser send it with a plain form — a go-live or a cancel needs no body at all. So an
/// unsafe request (POST, PUT, PATCH, DELETE) to <c>/api</c> that would be authenticated by the
/// cookie must show it comes from the app's own script:
/// <list type="bullet">
/// <item>a JSON content type (<c>application/json</c>, <c>…+json</c>) or the header
/// <c>X-Requested-With: OcopLive</c> — neither can be sent by a form, and from another origin
/// both need a CORS preflight the app never grants;</item>
/// <item>and an <c>Origin</c> that is the app's own (the request's scheme and host, or
/// <c>OcopLive__PublicBaseUrl</c>). Browsers send it on every fetch POST.</item>
/// </list>
/// Otherwise 403 <c>csrf</c>, before anything runs. Bearer-token clients are not concerned (a
/// browser never adds an Authorization header by itself), nor anonymous calls without the cookie.
/// <para>
/// The hubs (<c>/hubs/…</c>) likewise: a request the cookie would authenticate (no bearer header,
/// no <c>access_token</c> hub token) whose <c>Origin</c> is another site's is refused with 403
/// <c>csrf</c> — negotiate, the WebSocket handshake and the other transports alike. A WebSocket is
/// not bound by CORS, so without this a page of another origin on the same site could open the
/// control room's hubs as the logged-in director. Browsers send <c>Origin</c> on every WebSocket
/// handshake and every cross-origin request; a request without one (a program, a same-origin GET)
/// is not cross-site and passes.
/// </para>
/// </summary>
public static class CsrfGuard
{
    public const string HeaderName = "X-Requested-With";
    public const string HeaderValue = "OcopLive";

    /// <summary>Before authentication: decides from the request alone, so nothing authenticated runs first.</summary>
    public static IApplicationBuilder UseCsrfGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsProof(context.Request) && !HasProof(context))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: Problems.TypeBase + "csrf",
                    title: "Yêu cầu không đến từ trang của OcopLive (a cookie-authenticated API call needs a JSON body or X-Requested-With, and this site's Origin)")
                .ExecuteAsync(context);
            return;
        }

        if (IsCrossSiteCookieHubRequest(context))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, type: Problems.TypeBase + "csrf",
                    title: "Kết nối không đến từ trang của OcopLive (a cookie-authenticated hub connection from another site's page)")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    /// <summary>A request to a hub that the login cookie would authenticate, carrying another origin's <c>Origin</c>.</summary>
    public static bool IsCrossSiteCookieHubRequest(HttpContext context)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/hubs") || !request.Cookies.ContainsKey(AuthSetup.CookieName)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || request.Query.ContainsKey("access_token"))
        {
            return false;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !IsOwnOrigin(context, origin);
    }

    /// <summary>An unsafe API request that the login cookie, not a bearer token, would authenticate.</summary>
    public static bool NeedsProof(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && !HttpMethods.IsTrace(request.Method)
        && request.Cookies.ContainsKey(AuthSetup.CookieName)
        && !request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static bool HasProof(HttpContext context)
    {
        var request = context.Request;
        var scriptOnly = string.Equals(request.Headers[HeaderName], HeaderValue, StringComparison.Ordinal)
            || (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                    || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)));
        return scriptOnly && IsOwnOrigin(context, request.Headers.Origin.ToString());
    }

    private static bool IsOwnOrigin(HttpContext context, string origin)
    {
        if (string.IsNullOrEmpty(origin) || !Uri.TryCreate(origin, UriKind.Absolute, out var given))
        {
            return false;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host.Value}";
        if (Uri.TryCreate(own, UriKind.Absolute, out var ownUri) && SameOrigin(given, ownUri))
        {
            return true;
        }

        var publicBase = context.RequestServices.GetRequiredService<IOptionsMonitor<OcopLiveOptions>>().CurrentValue.PublicBaseUrl;
        return Uri.TryCreate(publicBase, UriKind.Absolute, out var configured) && SameOrigin(given, configured);
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
