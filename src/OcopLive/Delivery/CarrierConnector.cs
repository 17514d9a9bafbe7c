using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcopLive.Delivery;

/// <summary>A producer's credentials with one carrier, decrypted for one call.</summary>
public sealed record CarrierCredentials(string Token, string? ShopId);

/// <summary>One end of a parcel, in the words a carrier's form wants (phone as 0 + 9 digits; names, no district).</summary>
public sealed record ParcelPlace(string Name, string Phone, string Street, string Commune, string Province)
{
    public string FullAddress => string.Join(", ", new[] { Street, Commune, Province }.Where(s => !string.IsNullOrWhiteSpace(s)));
}

/// <summary>What we ask a carrier to carry: one order, known to the carrier by <see cref="ClientOrderCode"/>.</summary>
public sealed record ParcelOrder(
    string ClientOrderCode, ParcelPlace From, ParcelPlace To, string ProductName, int Quantity, long ValueVnd, long CodVnd, int WeightGrams);

/// <summary>A parcel as the carrier knows it.</summary>
public sealed record CarrierParcel(string TrackingCode, long? FeeVnd, string? CarrierStatus);

/// <summary>The carrier's label: a link to open, or a PDF to pass on.</summary>
public sealed record CarrierLabel(string? Url, byte[]? Pdf);

/// <summary>
/// A carrier said no, or could not be reached. <see cref="Transient"/>: a timeout, a network error
/// or a 5xx — the parcel may or may not exist; ask by client code before trying again.
/// </summary>
public sealed class CarrierException(Carrier carrier, string message, bool transient) : Exception(message)
{
    public Carrier Carrier { get; } = carrier;

    public bool Transient { get; } = transient;
}

/// <summary>
/// The one small interface in front of GHN, GHTK and Viettel Post. Each connector speaks its
/// carrier's own paths, headers, fields and envelopes over HTTP (<see cref="CarrierHttp"/>).
/// </summary>
public interface ICarrierConnector
{
    Carrier Carrier { get; }

    /// <summary>The fee the carrier would charge, in VND.</summary>
    Task<long> QuoteAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct);

    Task<CarrierParcel> CreateAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct);

    /// <summary>The parcel the carrier holds under our client order code; null when it has none (or cannot be asked).</summary>
    Task<CarrierParcel?> FindAsync(CarrierCredentials account, string clientOrderCode, CancellationToken ct);

    /// <summary>The parcel's current status code and its time; null when the carrier offers no status look-up.</summary>
    Task<(string Code, DateTimeOffset? At)?> TrackAsync(CarrierCredentials account, string trackingCode, CancellationToken ct);

    Task CancelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct);

    Task<CarrierLabel> LabelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct);
}

/// <summary>The connectors by carrier.</summary>
public sealed class CarrierConnectors(IEnumerable<ICarrierConnector> connectors)
{
    private readonly Dictionary<Carrier, ICarrierConnector> _byCarrier = connectors.ToDictionary(c => c.Carrier);

    public ICarrierConnector For(Carrier carrier) => _byCarrier[carrier];
}

/// <summary>The HTTP plumbing the three connectors share: one named client each, JSON in and out, errors sorted.</summary>
public static class CarrierHttp
{
    public static string Name(Carrier carrier) => "carrier-" + carrier;

    public static HttpRequestMessage Json(HttpMethod method, string path, JsonNode? body)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Sends and reads a JSON answer (any status); a timeout, a network error or a 5xx without JSON throws a transient <see cref="CarrierException"/>.</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(
        HttpClient http, Carrier carrier, HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CarrierException(carrier, $"{carrier}: không trả lời kịp (timeout)", transient: true);
        }
        catch (HttpRequestException ex)
        {
            throw new CarrierException(carrier, $"{carrier}: không kết nối được ({ex.Message})", transient: true);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            try
            {
                using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "null" : text);
                return (response.StatusCode, doc.RootElement.Clone());
            }
            catch (JsonException)
            {
                var status = (int)response.StatusCode;
                throw new CarrierException(carrier, $"{carrier}: trả lời không đọc được (HTTP {status})", transient: status >= 500 || status == 429);
            }
        }
    }

    /// <summary>Sends and returns the bytes of a file answer (a PDF label); a JSON answer is the carrier's refusal.</summary>
    public static async Task<byte[]> ReadFileAsync(HttpClient http, Carrier carrier, HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new CarrierException(carrier, $"{carrier}: không tải được nhãn", transient: true);
        }

        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/pdf")
            {
                return bytes;
            }

            var message = TryMessage(bytes) ?? $"HTTP {(int)response.StatusCode}";
            throw new CarrierException(carrier, $"{carrier}: {message}", transient: (int)response.StatusCode >= 500);
        }
    }

    public static void Header(HttpRequestMessage request, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
    }

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    public static long? Long(JsonElement e, string name) =>
        Str(e, name) is { } s && decimal.TryParse(s, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d)
            ? (long)Math.Round(d)
            : null;

    public static JsonElement Prop(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : null;

    private static string? TryMessage(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return Str(doc.RootElement, "message");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static MediaTypeHeaderValue PdfType { get; } = new("application/pdf");
}
