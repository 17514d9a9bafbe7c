using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcopLive.IntegrationTests.Api;

/// <summary>One operation of the served OpenAPI document: method, path template, parameters, body schema.</summary>
public sealed record ApiOperation(string Method, string Path, IReadOnlyList<ApiParameter> Parameters, JsonObject? BodySchema)
{
    public override string ToString() => $"{Method} {Path}";
}

public sealed record ApiParameter(string Name, string In, JsonObject Schema);

/// <summary>
/// Reads <c>/openapi/v1.json</c> from the running app and makes request bodies from its schemas: a
/// plausible baseline per operation, and hostile variants of it (what a fuzzer such as
/// Schemathesis would send). Values that must refer to real rows come from <see cref="Known"/>.
/// </summary>
public sealed class OpenApiOperations(JsonObject document, IReadOnlyDictionary<string, string> known)
{
    /// <summary>Raw JSON fragments put in place of a marker string after serialisation.</summary>
    private const string RawMarker = "__raw__";

    public IReadOnlyDictionary<string, string> Known { get; } = known;

    public static async Task<OpenApiOperations> ReadAsync(HttpClient client, IReadOnlyDictionary<string, string> known)
    {
        var text = await client.GetStringAsync("/openapi/v1.json");
        return new OpenApiOperations(JsonNode.Parse(text)!.AsObject(), known);
    }

    public IEnumerable<ApiOperation> Operations()
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                if (method == "parameters")
                {
                    continue;
                }

                var parameters = (op!["parameters"]?.AsArray() ?? [])
                    .Select(p => new ApiParameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), Resolve(p["schema"]) ?? []))
                    .ToList();
                var body = Resolve(op["requestBody"]?["content"]?["application/json"]?["schema"]);
                yield return new ApiOperation(method.ToUpperInvariant(), path, parameters, body);
            }
        }
    }

    /// <summary>The path with each parameter filled: a known id by name, else a fresh GUID.</summary>
    public string Fill(ApiOperation op, Func<ApiParameter, string>? value = null) =>
        op.Parameters.Where(p => p.In == "path").Aggregate(op.Path, (path, p) =>
            path.Replace("{" + p.Name + "}", value?.Invoke(p) ?? KnownOr(p.Name, SampleOf(p)), StringComparison.Ordinal));

    /// <summary>A value the route's constraint accepts: a number for integer parameters, an id otherwise.</summary>
    private static string SampleOf(ApiParameter p) =>
        TypeOf(p.Schema) == "integer" ? "987654321" : Guid.NewGuid().ToString();

    public string KnownOr(string name, string fallback) => Known.TryGetValue(name, out var v) ? v : fallback;

    /// <summary>A body that satisfies the schema's shape (types, formats, enums), with known ids where the name says so.</summary>
    public JsonNode? Baseline(JsonObject? schema, string name = "body", int depth = 0)
    {
        schema = Resolve(schema);
        if (schema is null || depth > 5)
        {
            return null;
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var branch = oneOf.Select(b => Resolve(b)).FirstOrDefault(b => b is not null && TypeOf(b) != "null");
            return Baseline(branch, name, depth);
        }

        var format = schema["format"]?.GetValue<string>();
        switch (TypeOf(schema), format)
        {
            case ("object", _) or (null, _) when schema["properties"] is JsonObject properties:
                var obj = new JsonObject();
                foreach (var (prop, propSchema) in properties)
                {
                    obj[prop] = Baseline(propSchema?.AsObject(), prop, depth + 1);
                }

                return obj;
            case ("array", _):
                return new JsonArray(Baseline(schema["items"]?.AsObject(), name, depth + 1));
            case ("integer", _):
                return name.Contains("minutes", StringComparison.OrdinalIgnoreCase) ? 30 : name.Contains("Stars", StringComparison.Ordinal) ? 4 : 2;
            case ("number", _):
                return 1.5;
            case ("boolean", _):
                return false;
            case (_, "uuid"):
                return KnownOr(name, Guid.NewGuid().ToString());
            case (_, "date-time"):
                return DateTimeOffset.UtcNow.AddDays(2).ToString("O");
            case (_, "date"):
                return DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd");
            case (_, "time"):
                return "20:00:00";
            default:
                return name switch
                {
                    _ when name.Contains("phone", StringComparison.OrdinalIgnoreCase) => "0912345678",
                    "province" => "Hà Tĩnh",
                    "commune" => "Phường Thành Sen",
                    "provinceCode" => "42",
                    "communeCode" => "18073",
                    _ when name.Contains("Url", StringComparison.Ordinal) => "https://ocop.example/truy-xuat",
                    "password" => "Cam-gion-Thuong-Loc-26",
                    _ => "Thử nghiệm " + Guid.NewGuid().ToString("N")[..6],
                };
        }
    }

    /// <summary>
    /// Hostile variants of a baseline body, each with a label: every property replaced by a value
    /// of the wrong kind, a boundary, a control character, a lone surrogate, a far date, or left
    /// out; every key twice; invalid UTF-8; and whole bodies that are not the expected object.
    /// </summary>
    public static IEnumerable<(string Label, byte[] Body)> Variants(JsonNode? baseline)
    {
        string[] raws =
        [
            "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\u001b[31m\"", "1e400", "9223372036854775808", "-9223372036854775809", "1.5e-300",
        ];
        JsonNode?[] values =
        [
            null, -1, 0, 2147483648L, long.MaxValue, true, "", new string('ê', 5000), "12", 12345, new JsonObject(), new JsonArray(),
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01", "9999-12-31", "2026-13-45", Guid.NewGuid().ToString(), "not-a-guid",
            "+84 912 345 678", "  ", "\u202etxt",
        ];

        yield return ("baseline", Encode(baseline));
        foreach (var (path, _) in Leaves(baseline))
        {
            foreach (var value in values)
            {
                yield return ($"{path} = {value?.ToJsonString() ?? "null"}"[..Math.Min(60, $"{path} = {value?.ToJsonString() ?? "null"}".Length)],
                    Encode(With(baseline, path, value?.DeepClone())));
            }

            foreach (var raw in raws)
            {
                yield return ($"{path} = {raw}", Encode(With(baseline, path, RawMarker), raw));
            }

            yield return ($"{path} missing", Encode(Without(baseline, path)));
            yield return ($"{path} invalid UTF-8", Encode(With(baseline, path, RawMarker), "\"\u00ff\"", invalidUtf8: true));
            if (!path.Contains('.', StringComparison.Ordinal) && !path.Contains('[', StringComparison.Ordinal) && baseline is JsonObject)
            {
                var text = baseline.ToJsonString();
                yield return ($"{path} twice", Encoding.UTF8.GetBytes($"{{\"{path}\":{baseline[path]?.ToJsonString() ?? "null"}," + text[1..]));
            }
        }

        foreach (var whole in new[] { "", "null", "[]", "\"x\"", "42", "{", "{\"a\":}", "{}", "{\"unknown\":1}", new string('[', 200) + new string(']', 200) })
        {
            yield return ($"body {whole[..Math.Min(whole.Length, 12)]}", Encoding.UTF8.GetBytes(whole));
        }
    }

    private static byte[] Encode(JsonNode? node, string? raw = null, bool invalidUtf8 = false)
    {
        var text = node?.ToJsonString() ?? "null";
        if (raw is not null)
        {
            text = text.Replace($"\"{RawMarker}\"", raw, StringComparison.Ordinal);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (invalidUtf8)
        {
            // "ÿ" is C3 BF in UTF-8: make it a lone FF, which no UTF-8 text holds.
            for (var i = 0; i + 1 < bytes.Length; i++)
            {
                if (bytes[i] == 0xC3 && bytes[i + 1] == 0xBF)
                {
                    bytes[i] = 0xFF;
                    bytes[i + 1] = 0xFE;
                }
            }
        }

        return bytes;
    }

    /// <summary>Each property path of the body (objects and the first array item, recursively).</summary>
    private static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
                    yield return (path, value);
                    foreach (var inner in Leaves(value, path))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray { Count: > 0 } array:
                foreach (var inner in Leaves(array[0], $"{prefix}[0]"))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static JsonNode? With(JsonNode? baseline, string path, JsonNode? value)
    {
        var copy = baseline?.DeepClone();
        var (parent, key) = Locate(copy, path);
        if (parent is not null)
        {
            parent[key] = value;
        }

        return copy;
    }

    private static JsonNode? Without(JsonNode? baseline, string path)
    {
        var copy = baseline?.DeepClone();
        var (parent, key) = Locate(copy, path);
        parent?.Remove(key);
        return copy;
    }

    private static (JsonObject? Parent, string Key) Locate(JsonNode? root, string path)
    {
        var parts = path.Replace("[0]", ".#", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = parts[i] == "#" ? (node as JsonArray)?[0] : (node as JsonObject)?[parts[i]];
        }

        return (node as JsonObject, parts[^1]);
    }

    private JsonObject? Resolve(JsonNode? schema)
    {
        var obj = schema as JsonObject;
        for (var i = 0; i < 10 && obj?["$ref"] is JsonValue reference; i++)
        {
            var name = reference.GetValue<string>().Split('/')[^1];
            obj = document["components"]?["schemas"]?[name] as JsonObject;
        }

        return obj;
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => a.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        _ => null,
    };
}
