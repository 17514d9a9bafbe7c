using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using OcopLive.Common;

namespace OcopLive.Delivery;

/// <summary>
/// A carrier's status callback: the shared secret in the path (404 when it does not match or none
/// is set, compared in constant time), the body in the carrier's own wire format (GHN and Viettel
/// Post JSON; GHTK a form, or JSON with the same fields), read into a <see cref="CarrierReport"/>
/// (400 without a tracking code and status; 413 over 64 KB) and applied by <see cref="CarrierCallbacks"/>.
/// </summary>
public sealed class ReceiveCarrierCallback(CarrierCallbacks callbacks, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public async Task<Outcome<CallbackAnswer>> ReceiveAsync(Carrier carrier, string secret, HttpRequest request, CancellationToken ct)
    {
        if (!SecretMatches(options.Value.WebhookSecret, secret))
        {
            return Refusal.NotFound("Not found");
        }

        string raw;
        try
        {
            if (request.HasFormContentType)
            {
                // GHTK's form fields; the input guard has already read (and checked) the form.
                var form = await request.ReadFormAsync(ct);
                raw = string.Join("&", form.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value.ToString())));
            }
            else
            {
                var bytes = await JsonBody.ReadBoundedAsync(request, ct);
                if (bytes.Length > JsonBody.MaxApiBodyBytes)
                {
                    return TooLarge();
                }

                raw = Encoding.UTF8.GetString(bytes);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        CarrierReport? report;
        try
        {
            report = Read(carrier, raw, clock.GetUtcNow());
        }
        catch (System.Text.Json.JsonException)
        {
            report = null;
        }

        if (report is null)
        {
            return Refusal.Invalid("body", "Không đọc được mã vận đơn và trạng thái (no tracking code and status in the callback).");
        }

        var outcome = await callbacks.ApplyAsync(report, ct);
        return new CallbackAnswer(outcome.ToString());
    }

    /// <summary>The carrier's body read into a report, or null when it names no parcel and status.</summary>
    private static CarrierReport? Read(Carrier carrier, string raw, DateTimeOffset now) => carrier switch
    {
        Carrier.GHN => CarrierCallbacks.ReadGhn(raw, now),
        Carrier.GHTK => CarrierCallbacks.ReadGhtk(GhtkFields(raw), raw, now),
        Carrier.ViettelPost => CarrierCallbacks.ReadViettelPost(raw, now),
        _ => null,
    };

    /// <summary>GHTK posts a form; a JSON object with the same fields is read too.</summary>
    private static IReadOnlyDictionary<string, string?> GhtkFields(string raw)
    {
        if (raw.TrimStart().StartsWith('{'))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(raw);
            return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => CarrierHttp.Str(doc.RootElement, p.Name));
        }

        return QueryHelpers.ParseQuery(raw).ToDictionary(kv => kv.Key, kv => (string?)kv.Value.ToString());
    }

    private static Refusal TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "too-large", Problems.TooLargeTitle);

    private static bool SecretMatches(string? configured, string given) =>
        !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(configured)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
}
