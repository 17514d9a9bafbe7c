using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.WebEncoders;
using Scalar.AspNetCore;

namespace OcopLive.Common;

public static class ApiSetup
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OcopLiveOptions>()
            .Bind(builder.Configuration.GetSection(OcopLiveOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(o => WireJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            if (ctx.ProblemDetails.Type is not null && !ctx.ProblemDetails.Type.StartsWith("https://tools.ietf.org", StringComparison.Ordinal))
            {
                return;
            }

            ctx.ProblemDetails.Type = Problems.TypeBase + ctx.ProblemDetails.Status switch
            {
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not-found",
                405 => "method-not-allowed",
                413 => "too-large",
                414 => "uri-too-long",
                415 => "unsupported-media-type",
                429 => "rate-limited",
                503 => "unavailable",
                >= 500 => "server-error",
                _ => "bad-request",
            };
        });
        builder.Services.AddOpenApi();
        // Long request targets reach the app, which answers them with a problem body (InputGuard).
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestLineSize = InputGuard.MaxRequestLineBytes);
        builder.Services.AddRazorPages();
        // Vietnamese text goes out as UTF-8 characters, not as &#x...; escapes (a third of the viewer page's bytes).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return builder;
    }

    /// <summary>
    /// Every 4xx/5xx becomes problem+json (the status-code pages give one to the framework's own
    /// 400/404/405/414/415); API bodies are limited to 64 KB; hostile paths, queries and forms stop at the door.
    /// </summary>
    /// <summary>The log category of requests refused by the framework (bodies too large, unreadable forms).</summary>
    public const string RefusalsCategory = "OcopLive.Refusals";

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest, // a form the framework's reader refuses
                OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
            // A body too large, a form the reader refuses, a client gone: a request refused correctly,
            // not a failure. One information line, not an "unhandled exception" error.
            SuppressDiagnosticsCallback = c =>
            {
                if (c.Exception is not (BadHttpRequestException { StatusCode: < 500 } or InvalidDataException or OperationCanceledException))
                {
                    return false;
                }

                c.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(RefusalsCategory).LogInformation(
                    "Refused {Method} {Route}: {Reason}", c.HttpContext.Request.Method,
                    (c.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)", c.Exception.Message);
                return true;
            },
        });
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.Use((ctx, next) =>
        {
            if (ctx.Request.Path.StartsWithSegments("/api")
                && ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                // A route that takes uploads declares its own limit (RequestSizeLimitAttribute metadata,
                // e.g. bank statements); every other API route stays at 64 KB. An upload announced
                // larger is refused here, before the form reader buffers any of it.
                // Only for a request carrying credentials (a token or a cookie): authentication runs later,
                // and an anonymous caller must not make the form reader buffer megabytes before its 401.
                var credentials = ctx.Request.Headers.Authorization.Count > 0 || ctx.Request.Cookies.Count > 0;
                var own = credentials ? ctx.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize : null;
                limit.MaxRequestBodySize = own ?? JsonBody.MaxApiBodyBytes;
                if (own is { } max && ctx.Request.ContentLength > max)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, type: Problems.TypeBase + "too-large",
                        title: $"Tệp quá lớn: tối đa {max / (1024 * 1024)} MB (the upload is over {max / (1024 * 1024)} MB)").ExecuteAsync(ctx);
                }
            }

            return next(ctx);
        });
        app.UseInputGuard();
        return app;
    }

    public static WebApplication MapDocsAndHealth(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar", o => o.WithTitle("OcopLive API"));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }
}
