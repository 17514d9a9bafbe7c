using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>What <see cref="JsonBody.ReadAsync{T}"/> read: the value, or the problem to answer with (400 or 413).</summary>
public readonly record struct Body<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;

/// <summary>
/// Reads a JSON request body with the app's options and turns every failure into a problem the
/// client can act on: the field that did not parse is named in <c>errors</c>. Before the body is
/// bound it must be at most 64 KB (413), valid UTF-8, free of duplicate keys and of control
/// characters or lone surrogates in any string (400): PostgreSQL refuses a NUL, a repeated key
/// would otherwise be decided by whichever parser reads it, and a replaced byte would be stored as
/// U+FFFD without anyone noticing.
/// </summary>
public static class JsonBody
{
    public const long MaxApiBodyBytes = 64 * 1024;

    private static readonly JsonReaderOptions ScanOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    public static async Task<Body<T>> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(request, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, Problems.TooLarge());
        }

        if (bytes.Length > MaxApiBodyBytes)
        {
            return new(null, Problems.TooLarge());
        }

        if (Check(bytes) is { } refusal)
        {
            return new(null, refusal.ToProblem());
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(bytes, options);
            return value is null
                ? new(null, Refusal.Invalid("body", "Cần một đối tượng JSON (a JSON object is required).").ToProblem())
                : new(value, null);
        }
        catch (JsonException ex)
        {
            return new(null, Refusal.Invalid(FieldOf(ex.Path), "Không đọc được giá trị (not valid JSON for this field).").ToProblem());
        }
    }

    /// <summary>
    /// A body over the limit is still read (and dropped) up to this size before the 413 goes out:
    /// a server that answers and closes while the client is still sending makes the client see a
    /// reset instead of the answer. Beyond it the connection is closed.
    /// </summary>
    public const long MaxDrainBytes = 1024 * 1024;

    /// <summary>The body, kept up to one byte past <see cref="MaxApiBodyBytes"/>; the rest of a larger one is drained.</summary>
    internal static async Task<byte[]> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxDrainBytes)
        {
            throw new BadHttpRequestException("Request body too large", StatusCodes.Status413PayloadTooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxDrainBytes;
        }

        int read;
        if (request.ContentLength is { } length and <= MaxApiBodyBytes)
        {
            // The usual case (an order is ~300 bytes): one array of the body's size, no copy. The
            // server ends the body at its Content-Length (and fails a shorter one).
            var exact = new byte[length];
            var filled = 0;
            while (filled < exact.Length && (read = await request.Body.ReadAsync(exact.AsMemory(filled), ct)) > 0)
            {
                filled += read;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        using var buffer = new MemoryStream(request.ContentLength is { } known ? (int)Math.Min(known, MaxApiBodyBytes + 1) : 1024);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length <= MaxApiBodyBytes)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Refuses what the binder would accept but the app must not: invalid UTF-8, a key twice in one
    /// object, a control character or a lone surrogate in a key or a string. Malformed JSON is left
    /// to the binder, which names the field.
    /// </summary>
    public static Refusal? Check(ReadOnlySpan<byte> json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return Refusal.Invalid("body", "Không phải UTF-8 hợp lệ (the body is not valid UTF-8).");
        }

        var reader = new Utf8JsonReader(json, ScanOptions);
        var keys = new Stack<HashSet<string>>();
        var path = new Stack<string>();
        var property = "body";
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        path.Push(property);
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        property = path.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        property = path.Peek() == "body" ? name : path.Peek() + "." + name;
                        if (Text.HasUnsafeCharacters(name))
                        {
                            return Refusal.Invalid("body", "Tên trường chứa ký tự điều khiển (a key holds a control character).");
                        }

                        if (!keys.Peek().Add(name))
                        {
                            return Refusal.Invalid(property, "Trường lặp lại (this key appears twice in one object).");
                        }

                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped
                        ? Text.HasUnsafeCharacters(reader.GetString()!)
                        : HasC1Control(reader.ValueSpan):
                        return Refusal.Invalid(property,
                            "Chứa ký tự điều khiển không hợp lệ (control characters such as NUL are not allowed).");
                }
            }
        }
        catch (JsonException)
        {
            return null; // malformed: the binder says where
        }
        catch (InvalidOperationException)
        {
            // GetString on an escaped lone surrogate (\ud800): not text PostgreSQL can store.
            return Refusal.Invalid(property, "Không phải chuỗi Unicode hợp lệ (not valid Unicode text).");
        }

        return null;
    }

    /// <summary>
    /// An unescaped JSON string in valid UTF-8 cannot hold a C0 control or a surrogate (the reader
    /// and <see cref="System.Text.Unicode.Utf8.IsValid"/> refuse them), only a C1 control (C2 80–C2 9F):
    /// checking the bytes spares the order path a string per value.
    /// </summary>
    private static bool HasC1Control(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i + 1 < utf8.Length; i++)
        {
            if (utf8[i] == 0xC2 && utf8[i + 1] is >= 0x80 and <= 0x9F)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// PATCH semantics: the given fields replace the current ones, then the whole is read back as
    /// a request so it goes through the same rules as a create.
    /// </summary>
    public static (T? Value, Refusal? Problem) Merge<T>(T current, System.Text.Json.Nodes.JsonObject patch, JsonSerializerOptions options)
    {
        var merged = JsonSerializer.SerializeToNode(current, options)!.AsObject();
        foreach (var (name, value) in patch)
        {
            merged[name] = value?.DeepClone();
        }

        try
        {
            return (merged.Deserialize<T>(options), null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            var field = ex is JsonException json ? FieldOf(json.Path) : "body";
            return (default, Refusal.Invalid(field, "Không đọc được giá trị (not valid for this field)."));
        }
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        if (bracket == 0)
        {
            return "body";
        }

        return field;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
        options.Converters.Add(new StrictDateTimeOffsetConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>
    /// Input times must carry an offset (ISO 8601); output is always UTC.
    /// </summary>
    private sealed class StrictDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var s = reader.GetString();
            if (s is null || s.Length < 20)
            {
                throw new JsonException("A time with an offset is required.");
            }

            var tail = s[^6..];
            var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || tail[0] is '+' or '-';
            if (!hasOffset || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                throw new JsonException("A time with an offset is required.");
            }

            return value.ToUniversalTime();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
