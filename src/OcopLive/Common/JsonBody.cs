using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace OcopLive.Common;

/// <summary>
/// Reads a JSON request body with the app's options and turns every failure into a problem the
/// client can act on: the field that did not parse is named in <c>errors</c>.
/// </summary>
public static class JsonBody
{
    public const long MaxApiBodyBytes = 64 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct);
            if (value is null)
            {
                return (null, Problems.Validation(Single("body", "Cần một đối tượng JSON (a JSON object is required).")));
            }

            return (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Validation(Single(FieldOf(ex.Path), "Không đọc được giá trị (not valid JSON for this field).")));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Yêu cầu quá lớn (request body too large)", type: Problems.TypeBase + "too-large"));
        }
    }

    /// <summary>
    /// PATCH semantics: the given fields replace the current ones, then the whole is read back as
    /// a request so it goes through the same rules as a create.
    /// </summary>
    public static (T? Value, ValidationProblem? Problem) Merge<T>(T current, System.Text.Json.Nodes.JsonObject patch, JsonSerializerOptions options)
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
        catch (JsonException ex)
        {
            return (default, Problems.Validation(Single(FieldOf(ex.Path), "Không đọc được giá trị (not valid for this field).")));
        }
    }

    private static Dictionary<string, string[]> Single(string field, string message) => new() { [field] = [message] };

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
