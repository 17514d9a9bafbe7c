using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>
/// A JSON answer made once from data that changes only with a release: its bytes, a strong ETag
/// (the bytes' hash) and a day's public max-age; <c>If-None-Match</c> gets a 304. An answer larger
/// than a packet is also kept compressed (Brotli or gzip, best ratio, made on first use): the whole
/// map is ~116 KB of JSON and ~20 KB in Brotli, the largest thing a viewer's phone loads.
/// </summary>
public sealed class StaticJson<T> : IResult, IEndpointMetadataProvider
{
    public const string CacheControl = "public, max-age=86400";

    private static readonly JsonSerializerOptions Options = Wire();

    public StaticJson(T value)
    {
        Value = value;
        Json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Json).AsSpan(0, 12)) + "\"";
    }

    public T Value { get; }

    public byte[] Json { get; }

    public string ETag { get; }

    /// <summary>Answers below this many bytes go as they are: compressing them saves no round trip.</summary>
    public const int CompressFrom = 1_400;

    private byte[]? _brotli;
    private byte[]? _gzip;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var encoding = Json.Length >= CompressFrom ? CompressedStaticFiles.Encoding(httpContext.Request.Headers.AcceptEncoding) : null;
        // Each representation has its own strong ETag: a cache never answers a gzip request with Brotli.
        var etag = encoding is null ? ETag : ETag[..^1] + "-" + encoding + "\"";
        response.Headers.ETag = etag;
        response.Headers.CacheControl = CacheControl;
        if (Json.Length >= CompressFrom)
        {
            response.Headers.Vary = HeaderNames.AcceptEncoding;
        }

        if (Live.CachedJson<object>.Matches(httpContext.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var body = encoding switch
        {
            "br" => _brotli ??= Common.Delivery.Compress(Json, encoding),
            "gzip" => _gzip ??= Common.Delivery.Compress(Json, encoding),
            _ => Json,
        };
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        if (encoding is not null)
        {
            response.Headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "IEndpointMetadataProvider's member is static by definition")]
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));

    private static JsonSerializerOptions Wire()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        WireJson.Configure(options);
        return options;
    }
}
