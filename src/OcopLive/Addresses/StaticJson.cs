using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;
using OcopLive.Common;

namespace OcopLive.Addresses;

/// <summary>
/// A JSON answer made once from data that changes only with a release: its bytes, a strong ETag
/// (the bytes' hash) and a day's public max-age; <c>If-None-Match</c> gets a 304.
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

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = CacheControl;
        if (EntityTagHeaderValue.TryParseList(httpContext.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(EntityTagHeaderValue.Parse(ETag), useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Json.Length;
        return response.Body.WriteAsync(Json, httpContext.RequestAborted).AsTask();
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
