using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace OcopLive.Delivery;

/// <summary>
/// GHN (Giao Hàng Nhanh) API v2: headers <c>Token</c> and <c>ShopId</c>, JSON bodies, the envelope
/// <c>{code, message, data}</c> (<c>code</c> 200 = done). Addresses go by name (<c>to_ward_name</c>,
/// <c>to_province_name</c>), as GHN's newer create document allows; no district since 2025.
/// </summary>
public sealed class GhnConnector(IHttpClientFactory clients, IOptions<DeliveryOptions> options) : ICarrierConnector
{
    public Carrier Carrier => Carrier.GHN;

    public async Task<long> QuoteAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["service_type_id"] = 2,
            ["from_ward_name"] = parcel.From.Commune,
            ["from_province_name"] = parcel.From.Province,
            ["to_ward_name"] = parcel.To.Commune,
            ["to_province_name"] = parcel.To.Province,
            ["weight"] = parcel.WeightGrams,
            ["insurance_value"] = Math.Min(parcel.ValueVnd, 5_000_000),
            ["cod_value"] = parcel.CodVnd,
        };
        var data = await CallAsync(account, "v2/shipping-order/fee", body, ct);
        return CarrierHttp.Long(data, "total") ?? throw new CarrierException(Carrier, "GHN: không có phí (no total)", false);
    }

    public async Task<CarrierParcel> CreateAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["payment_type_id"] = 1,
            ["required_note"] = "CHOXEMHANGKHONGTHU",
            ["client_order_code"] = parcel.ClientOrderCode,
            ["from_name"] = parcel.From.Name,
            ["from_phone"] = parcel.From.Phone,
            ["from_address"] = parcel.From.FullAddress,
            ["from_ward_name"] = parcel.From.Commune,
            ["from_province_name"] = parcel.From.Province,
            ["to_name"] = parcel.To.Name,
            ["to_phone"] = parcel.To.Phone,
            ["to_address"] = parcel.To.FullAddress,
            ["to_ward_name"] = parcel.To.Commune,
            ["to_province_name"] = parcel.To.Province,
            ["cod_amount"] = parcel.CodVnd,
            ["insurance_value"] = Math.Min(parcel.ValueVnd, 5_000_000),
            ["weight"] = parcel.WeightGrams,
            ["service_type_id"] = 2,
            ["content"] = parcel.ProductName,
            ["items"] = new JsonArray(new JsonObject
            {
                ["name"] = parcel.ProductName,
                ["quantity"] = parcel.Quantity,
                ["price"] = parcel.Quantity == 0 ? 0 : parcel.ValueVnd / parcel.Quantity,
                ["weight"] = parcel.WeightGrams,
            }),
        };
        var data = await CallAsync(account, "v2/shipping-order/create", body, ct);
        var code = CarrierHttp.Str(data, "order_code") ?? throw new CarrierException(Carrier, "GHN: không có mã vận đơn (no order_code)", false);
        return new CarrierParcel(code, CarrierHttp.Long(data, "total_fee"), "ready_to_pick");
    }

    public async Task<CarrierParcel?> FindAsync(CarrierCredentials account, string clientOrderCode, CancellationToken ct)
    {
        var (ok, data) = await TryCallAsync(account, "v2/shipping-order/detail-by-client-code", new JsonObject { ["client_order_code"] = clientOrderCode }, ct);
        return ok && CarrierHttp.Str(data, "order_code") is { } code
            ? new CarrierParcel(code, CarrierHttp.Long(data, "total_fee"), CarrierHttp.Str(data, "status"))
            : null;
    }

    public async Task<(string Code, DateTimeOffset? At)?> TrackAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        var (ok, data) = await TryCallAsync(account, "v2/shipping-order/detail", new JsonObject { ["order_code"] = trackingCode }, ct);
        return ok && CarrierHttp.Str(data, "status") is { } status
            ? (status, CarrierHttp.Time(CarrierHttp.Str(data, "updated_date")))
            : null;
    }

    public async Task CancelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        var data = await CallAsync(account, "v2/switch-status/cancel", new JsonObject { ["order_codes"] = new JsonArray(trackingCode) }, ct);
        var row = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().FirstOrDefault() : default;
        if (CarrierHttp.Str(row, "result") != "true")
        {
            throw new CarrierException(Carrier, "GHN: " + (CarrierHttp.Str(row, "message") ?? "không hủy được"), false);
        }
    }

    /// <summary>A print token (valid 30 minutes) and GHN's A5 print page on the API's origin.</summary>
    public async Task<CarrierLabel> LabelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        var data = await CallAsync(account, "v2/a5/gen-token", new JsonObject { ["order_codes"] = new JsonArray(trackingCode) }, ct);
        var token = CarrierHttp.Str(data, "token") ?? throw new CarrierException(Carrier, "GHN: không có mã in (no token)", false);
        var root = options.Value.Ghn.BaseUrl.TrimEnd('/');
        const string api = "/shiip/public-api";
        if (root.EndsWith(api, StringComparison.OrdinalIgnoreCase))
        {
            root = root[..^api.Length];
        }

        return new CarrierLabel($"{root}/a5/public-api/printA5?token={Uri.EscapeDataString(token)}", null);
    }

    private async Task<JsonElement> CallAsync(CarrierCredentials account, string path, JsonObject body, CancellationToken ct)
    {
        var (ok, data, message, transient) = await SendAsync(account, path, body, ct);
        return ok ? data : throw new CarrierException(Carrier, "GHN: " + message, transient);
    }

    /// <summary>A look-up: a refusal (not found) is null, only a transient failure throws.</summary>
    private async Task<(bool Ok, JsonElement Data)> TryCallAsync(CarrierCredentials account, string path, JsonObject body, CancellationToken ct)
    {
        var (ok, data, message, transient) = await SendAsync(account, path, body, ct);
        return transient ? throw new CarrierException(Carrier, "GHN: " + message, true) : (ok, data);
    }

    private async Task<(bool Ok, JsonElement Data, string Message, bool Transient)> SendAsync(
        CarrierCredentials account, string path, JsonObject body, CancellationToken ct)
    {
        using var request = CarrierHttp.Json(HttpMethod.Post, path, body);
        CarrierHttp.Header(request, "Token", account.Token);
        CarrierHttp.Header(request, "ShopId", account.ShopId);
        var (status, answer) = await CarrierHttp.SendAsync(clients.CreateClient(CarrierHttp.Name(Carrier)), Carrier, request, ct);
        var code = CarrierHttp.Long(answer, "code") ?? (long)status;
        var message = CarrierHttp.Str(answer, "message") ?? $"HTTP {(int)status}";
        return code == 200 && (int)status < 300
            ? (true, CarrierHttp.Prop(answer, "data"), message, false)
            : (false, default, message, (int)status >= 500 || code >= 500 || (int)status == 429);
    }
}
