using System.Text;
using System.Text.Unicode;

namespace OcopLive.Common;

/// <summary>
/// The door every request passes before routing: a request target longer than
/// <see cref="MaxTargetLength"/> is answered 414, and a path, query string or form field holding
/// invalid UTF-8, a control character (NUL included) or a lone surrogate is answered 400, with a
/// problem body either way. JSON bodies get the same check in <see cref="JsonBody"/>. Nothing a
/// person types needs these characters; PostgreSQL refuses NUL, and a replaced byte would be stored
/// as U+FFFD without anyone noticing.
/// </summary>
public static class InputGuard
{
    /// <summary>Longest path plus query string served; Kestrel's own request-line limit is set above it so the app answers.</summary>
    public const int MaxTargetLength = 4096;

    /// <summary>Kestrel's request-line limit: beyond it Kestrel answers a bare 414 before any middleware runs.</summary>
    public const int MaxRequestLineBytes = 32 * 1024;

    public static IApplicationBuilder UseInputGuard(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        var request = ctx.Request;
        var path = request.Path.Value ?? "";
        var query = request.QueryString.Value ?? "";
        if (path.Length + query.Length > MaxTargetLength)
        {
            await new Refusal(StatusCodes.Status414UriTooLong, "uri-too-long",
                $"Địa chỉ quá dài (the request target is longer than {MaxTargetLength} characters)").ToProblem().ExecuteAsync(ctx);
            return;
        }

        var field = Text.HasUnsafeCharacters(path) ? "path" : query.Length > 1 ? UnsafeQueryField(query.AsSpan(1)) : null;
        if (field is null && request.HasFormContentType && !HttpMethods.IsGet(request.Method))
        {
            try
            {
                var form = await request.ReadFormAsync(ctx.RequestAborted);
                field = form.FirstOrDefault(f => Text.HasUnsafeCharacters(f.Key) || f.Value.Any(v => v is not null && Text.HasUnsafeCharacters(v))).Key;
            }
            catch (InvalidDataException)
            {
                field = "form"; // the form reader itself refuses a NUL (it would be a 500 in model binding)
            }
        }

        if (field is not null)
        {
            await Refusal.Invalid(field, "Chứa ký tự điều khiển hoặc không phải UTF-8 (control characters or invalid UTF-8).")
                .ToProblem().ExecuteAsync(ctx);
            return;
        }

        await next(ctx);
    });

    /// <summary>
    /// The name of the first query parameter whose raw bytes (after percent-decoding) are not valid
    /// UTF-8 or hold an unsafe character; null when all are clean. Read raw, because the framework's
    /// decoder replaces invalid bytes with U+FFFD.
    /// </summary>
    public static string? UnsafeQueryField(ReadOnlySpan<char> query)
    {
        foreach (var part in query.Split('&'))
        {
            var pair = query[part];
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq];
            if (!IsClean(name) || (eq >= 0 && !IsClean(pair[(eq + 1)..])))
            {
                var decoded = Decode(name);
                return decoded is not null && Utf8.IsValid(decoded) && !Text.HasUnsafeCharacters(Encoding.UTF8.GetString(decoded))
                    ? Encoding.UTF8.GetString(decoded)
                    : "query";
            }
        }

        return null;
    }

    private static bool IsClean(ReadOnlySpan<char> raw)
    {
        var bytes = Decode(raw);
        return bytes is not null && Utf8.IsValid(bytes) && !Text.HasUnsafeCharacters(Encoding.UTF8.GetString(bytes));
    }

    /// <summary>Percent-decoding to bytes ('+' is a space); null for a character outside ASCII or a broken escape.</summary>
    private static byte[]? Decode(ReadOnlySpan<char> raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !byte.TryParse(raw.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b))
                {
                    bytes.Add((byte)'%'); // a lone '%' is taken literally, as the framework does
                    continue;
                }

                bytes.Add(b);
                i += 2;
            }
            else if (c > 0x7F)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
            else
            {
                bytes.Add(c == '+' ? (byte)' ' : (byte)c);
            }
        }

        return bytes.ToArray();
    }
}
