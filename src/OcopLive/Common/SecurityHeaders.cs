namespace OcopLive.Common;

/// <summary>
/// Headers that tell the browser what a page may do: no script but the app's own files, no
/// framing (the overlay excepted), HSTS once the app is reached over TLS.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from the app's own origin, never inline: an injected <c>&lt;script&gt;</c> or
    /// <c>onerror=</c> in a customer's name does not run even if an encoding slip let it through.
    /// Styles allow inline because the proof-of-work widget and a few style attributes use it;
    /// CSS cannot run script. <c>connect-src 'self'</c> covers the hubs' WebSockets on the same host.
    /// Workers may come from <c>blob:</c>: the proof-of-work widget solves in one.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; worker-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'self'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>The overlay is embedded by web-based vision mixers, so it may be framed by any origin.</summary>
    public const string OverlayContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

    public static WebApplicationBuilder AddSecurityHeaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // the channel's other sites are not ours to pin
        });
        return builder;
    }

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // HSTS is sent only on HTTPS requests (after forwarded headers, so behind a TLS proxy too),
        // never to localhost, and not in Development where a developer's browser would remember it.
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((ctx, next) =>
        {
            var path = ctx.Request.Path;
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            if (path.StartsWithSegments("/overlay"))
            {
                headers.ContentSecurityPolicy = OverlayContentSecurityPolicy;
            }
            else
            {
                headers.XFrameOptions = "DENY";
                // The Hangfire dashboard and the API reference are third-party pages with inline
                // scripts of their own; they are behind a staff login (Hangfire) or hold no data.
                if (!path.StartsWithSegments("/hangfire") && !path.StartsWithSegments("/scalar"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }
            }

            return next(ctx);
        });
        return app;
    }
}
