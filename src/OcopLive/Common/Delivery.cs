using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OcopLive.Common;

/// <summary>
/// How public bytes leave the node (docs/benchmarks.md, "First load"):
/// <list type="bullet">
/// <item>static files compressed once (Brotli or gzip, kept in memory) and, when the URL carries
/// the file's fingerprint (<c>asp-append-version</c>'s <c>?v=</c>), cacheable for a year as
/// immutable; without it, revalidated by ETag;</item>
/// <item>the viewer page and the live figures (public, nothing personal, nothing secret in them:
/// no BREACH exposure) compressed on the way out; every other response as before;</item>
/// <item>the viewer page <c>/s/{id}</c> rendered at most once a second per session (output
/// cache): a wave of viewers from a QR on air costs one render and one database read a second,
/// not one per load.</item>
/// </list>
/// </summary>
public static class Delivery
{
    /// <summary>What a fingerprinted static file carries: it never changes under that URL.</summary>
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    /// <summary>The viewer page: a proxy or CDN may serve it for a second, like the live figures.</summary>
    public const string ViewerPageCacheControl = "public, max-age=1";

    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            // Only the responses UseDelivery routes here (public, no secrets): safe over HTTPS too.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "application/json"];
        });
        // Per response: the fastest levels (the viewer page is compressed once per render, below).
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.AddOutputCache(o => o.AddPolicy(ViewerPagePolicy.Name, new ViewerPagePolicy()));
        builder.Services.AddSingleton<CompressedStaticFiles>();
        return builder;
    }

    /// <summary>Before <c>UseStaticFiles</c>: the compressed copies of static files.</summary>
    public static IApplicationBuilder UseCompressedStaticFiles(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<CompressedStaticFiles>();
        return app.Use((context, next) => files.TryServeAsync(context, next));
    }

    /// <summary>
    /// After authorization, before the database gate: a cached viewer page is answered here and
    /// takes no gate slot. Compression sits inside the cache, so a page is compressed once per
    /// render and stored compressed (the cache varies by <c>Accept-Encoding</c>).
    /// </summary>
    public static IApplicationBuilder UseDelivery(this IApplicationBuilder app)
    {
        app.UseOutputCache();
        return app.UseWhen(context => IsPublicDocument(context.Request), branch => branch.UseResponseCompression());
    }

    /// <summary>Static file responses (any path that is not the app's own), once <c>UseStaticFiles</c> answered.</summary>
    internal static void OnPrepareStaticFile(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        headers.CacheControl = context.Context.Request.Query.ContainsKey("v") ? ImmutableCacheControl : "no-cache";
    }

    internal static bool IsPublicDocument(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path.StartsWithSegments("/s") || DatabaseGate.IsLiveRead(request));

    /// <summary>Bytes compressed once, at the best ratio (<c>br</c> or <c>gzip</c>), to be served many times.</summary>
    public static byte[] Compress(byte[] bytes, string encoding)
    {
        using var input = new MemoryStream(bytes, writable: false);
        return Compress(input, encoding);
    }

    internal static byte[] Compress(Stream input, string encoding)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding == "br"
                   ? new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true)
                   : new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            input.CopyTo(compressor);
        }

        return output.ToArray();
    }

    /// <summary>Evicts a session's cached viewer page (its state changed: go-live, next, end).</summary>
    public static ValueTask ForgetViewerPageAsync(this IOutputCacheStore store, Guid sessionId, CancellationToken ct) =>
        store.EvictByTagAsync(ViewerPagePolicy.Tag(sessionId), ct);
}

/// <summary>
/// The viewer page's output cache: anonymous GET/HEAD, one entry per session (and per
/// <c>Accept-Encoding</c> and per feed: hub, or poll once the viewer budget is full), kept a second, tagged with the session so a state change evicts it.
/// Query strings are not part of the key: a crowd cannot bust the cache with <c>?x=1</c>.
/// One render at a time per entry (locking): a wave waits for the first render instead of
/// rendering a thousand times.
/// </summary>
public sealed class ViewerPagePolicy : IOutputCachePolicy
{
    public const string Name = "viewer-page";

    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    public static string Tag(Guid sessionId) => "viewer-page:" + sessionId.ToString("N");

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var attempt = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && request.Headers.Authorization.Count == 0;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
        // A page rendered to follow the hub must not be served once the node's viewer budget is
        // full (and the other way round): the feed the page will use is part of the key.
        var services = context.HttpContext.RequestServices;
        var budget = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OcopLiveOptions>>().Value.Live.MaxViewerConnections;
        context.CacheVaryByRules.VaryByValues["feed"] = services.GetRequiredService<Live.LiveWatchers>().ViewerBudgetReached(budget) ? "poll" : "hub";
        if (request.RouteValues.TryGetValue("sessionId", out var id) && Guid.TryParse(id?.ToString(), out var sessionId))
        {
            context.Tags.Add(Tag(sessionId));
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only the public page: never a refusal, never a response that sets a cookie.
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Static files, compressed once at the best ratio and kept in memory (the app's scripts, styles
/// and the browser libraries: a few hundred KB in all), served with their ETag and, under a
/// fingerprinted URL, as immutable. Anything it does not handle (no compression wanted, an
/// unknown file, a type not worth compressing) goes on to <c>UseStaticFiles</c>.
/// </summary>
public sealed class CompressedStaticFiles(IWebHostEnvironment environment)
{
    private static readonly FileExtensionContentTypeProvider Types = new();

    private static readonly HashSet<string> Compressible = new(StringComparer.OrdinalIgnoreCase) { ".js", ".css", ".svg", ".json", ".html", ".txt" };

    private readonly ConcurrentDictionary<(string Path, string Encoding), Lazy<Compressed?>> _cache = new();

    public Task TryServeAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || path is null
            || !Compressible.Contains(Path.GetExtension(path)) || Encoding(request.Headers.AcceptEncoding) is not { } encoding)
        {
            return next();
        }

        var file = _cache.GetOrAdd((path, encoding), key => new Lazy<Compressed?>(() => Load(key.Path, key.Encoding))).Value;
        if (file is null)
        {
            return next();
        }

        var response = context.Response;
        var headers = response.Headers;
        headers.ContentType = file.ContentType;
        headers.ContentEncoding = encoding;
        headers.Vary = HeaderNames.AcceptEncoding;
        headers.ETag = file.ETag;
        headers.LastModified = file.LastModified;
        headers.CacheControl = request.Query.ContainsKey("v") ? Delivery.ImmutableCacheControl : "no-cache";
        if (Live.CachedJson<object>.Matches(request.Headers.IfNoneMatch, file.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentLength = file.Bytes.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(file.Bytes, context.RequestAborted).AsTask();
    }

    /// <summary>Brotli when the browser takes it, else gzip, else null (a q=0 is a refusal).</summary>
    internal static string? Encoding(StringValues acceptEncoding)
    {
        if (!StringWithQualityHeaderValue.TryParseList(acceptEncoding, out var accepted))
        {
            return null;
        }

        bool Takes(string name) => accepted.Any(a => a.Value.Equals(name, StringComparison.OrdinalIgnoreCase) && (a.Quality ?? 1) > 0);
        return Takes("br") ? "br" : Takes("gzip") ? "gzip" : null;
    }

    private Compressed? Load(string path, string encoding)
    {
        var info = environment.WebRootFileProvider.GetFileInfo(path);
        if (!info.Exists || info.IsDirectory || !Types.TryGetContentType(path, out var contentType))
        {
            return null;
        }

        using var input = info.CreateReadStream();
        var bytes = Delivery.Compress(input, encoding);
        var modified = info.LastModified.ToUniversalTime();
        var etag = $"\"{encoding}-{modified.UtcTicks:x}-{info.Length:x}\"";
        return new Compressed(bytes, contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("javascript", StringComparison.Ordinal)
            ? contentType + "; charset=utf-8" : contentType, etag, modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record Compressed(byte[] Bytes, string ContentType, string ETag, string LastModified);
}
