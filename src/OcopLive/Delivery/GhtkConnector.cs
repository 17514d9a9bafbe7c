using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OcopLive.Delivery;

/// <summary>
/// GHTK (Giao Hàng Tiết Kiệm): headers <c>Token</c> and <c>X-Client-Source</c> (the partner code,
/// our <c>shopId</c>), answers <c>{success, message, …}</c>. Product weight in kilograms on create,
/// grams on the fee; addresses by name. A create for an order id GHTK already holds answers
/// <c>error.code = "ORDER_ID_EXIST"</c> with the existing <c>ghtk_label</c>.
/// </summary>
public sealed class GhtkConnector(IHttpClientFactory clients) : ICarrierConnector
{
    public Carrier Carrier => Carrier.GHTK;

    public async Task<long> QuoteAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var query = string.Join("&", new (string Key, string Value)[]
        {
            ("pick_province", parcel.From.Province), ("pick_ward", parcel.From.Commune), ("pick_address", parcel.From.Street),
            ("province", parcel.To.Province), ("ward", parcel.To.Commune), ("address", parcel.To.Street),
            ("weight", parcel.WeightGrams.ToString(CultureInfo.InvariantCulture)), ("value", parcel.ValueVnd.ToString(CultureInfo.InvariantCulture)),
            ("transport", "road"), ("deliver_option", "none"),
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value ?? "")));
        var answer = await CallAsync(account, HttpMethod.Get, "services/shipment/fee?" + query, null, ct);
        return CarrierHttp.Long(CarrierHttp.Prop(answer, "fee"), "fee") ?? throw new CarrierException(Carrier, "GHTK: không có phí (no fee)", false);
    }

    public async Task<CarrierParcel> CreateAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["products"] = new JsonArray(new JsonObject
            {
                ["name"] = parcel.ProductName,
                ["weight"] = Math.Round(parcel.WeightGrams / 1000.0, 3),
                ["quantity"] = parcel.Quantity,
            }),
            ["order"] = new JsonObject
            {
                ["id"] = parcel.ClientOrderCode,
                ["pick_name"] = parcel.From.Name,
                ["pick_money"] = parcel.CodVnd,
                ["pick_address"] = parcel.From.Street,
                ["pick_province"] = parcel.From.Province,
                ["pick_ward"] = parcel.From.Commune,
                ["pick_tel"] = parcel.From.Phone,
                ["name"] = parcel.To.Name,
                ["tel"] = parcel.To.Phone,
                ["address"] = parcel.To.Street,
                ["province"] = parcel.To.Province,
                ["ward"] = parcel.To.Commune,
                ["hamlet"] = "Khác",
                ["is_freeship"] = "1",
                ["value"] = parcel.ValueVnd,
                ["transport"] = "road",
                ["deliver_option"] = "none",
                ["note"] = "Cho xem hàng, không cho thử",
            },
        };
        using var request = Request(account, HttpMethod.Post, "services/shipment/order?ver=1.5", body);
        var (status, answer) = await CarrierHttp.SendAsync(Client(), Carrier, request, ct);
        if (IsSuccess(answer) && CarrierHttp.Str(CarrierHttp.Prop(answer, "order"), "label") is { } label)
        {
            var order = CarrierHttp.Prop(answer, "order");
            return new CarrierParcel(label, CarrierHttp.Long(order, "fee"), CarrierHttp.Str(order, "status_id") ?? "1");
        }

        var error = CarrierHttp.Prop(answer, "error");
        if (CarrierHttp.Str(error, "code") == "ORDER_ID_EXIST" && CarrierHttp.Str(error, "ghtk_label") is { } existing)
        {
            return new CarrierParcel(existing, null, CarrierHttp.Str(error, "status"));
        }

        throw Refusal(status, answer);
    }

    public async Task<CarrierParcel?> FindAsync(CarrierCredentials account, string clientOrderCode, CancellationToken ct)
    {
        var order = await StatusAsync(account, "partner_id:" + clientOrderCode, ct);
        return order is { } o && CarrierHttp.Str(o, "label_id") is { } label
            ? new CarrierParcel(label, CarrierHttp.Long(o, "ship_money"), CarrierHttp.Str(o, "status"))
            : null;
    }

    public async Task<(string Code, DateTimeOffset? At)?> TrackAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        var order = await StatusAsync(account, trackingCode, ct);
        return order is { } o && CarrierHttp.Str(o, "status") is { } status
            ? (status, CarrierHttp.Time(CarrierHttp.Str(o, "modified")))
            : null;
    }

    public async Task CancelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct) =>
        await CallAsync(account, HttpMethod.Post, "services/shipment/cancel/" + Uri.EscapeDataString(trackingCode), null, ct);

    /// <summary>GHTK serves the A6 label as a PDF behind the token: passed on, not linked.</summary>
    public async Task<CarrierLabel> LabelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        using var request = Request(account, HttpMethod.Get, $"services/label/{Uri.EscapeDataString(trackingCode)}?original=portrait&paper_size=A6", null);
        return new CarrierLabel(null, await CarrierHttp.ReadFileAsync(Client(), Carrier, request, ct));
    }

    private async Task<JsonElement?> StatusAsync(CarrierCredentials account, string key, CancellationToken ct)
    {
        using var request = Request(account, HttpMethod.Get, "services/shipment/v2/" + Uri.EscapeDataString(key).Replace("%3A", ":", StringComparison.Ordinal), null);
        var (status, answer) = await CarrierHttp.SendAsync(Client(), Carrier, request, ct);
        if ((int)status >= 500)
        {
            throw Refusal(status, answer);
        }

        return IsSuccess(answer) ? CarrierHttp.Prop(answer, "order") : null;
    }

    private async Task<JsonElement> CallAsync(CarrierCredentials account, HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = Request(account, method, path, body);
        var (status, answer) = await CarrierHttp.SendAsync(Client(), Carrier, request, ct);
        return IsSuccess(answer) && (int)status < 300 ? answer : throw Refusal(status, answer);
    }

    private static bool IsSuccess(JsonElement answer) => CarrierHttp.Str(answer, "success") == "true";

    private CarrierException Refusal(System.Net.HttpStatusCode status, JsonElement answer) =>
        new(Carrier, "GHTK: " + (CarrierHttp.Str(answer, "message") ?? $"HTTP {(int)status}"), (int)status >= 500 || (int)status == 429);

    private static HttpRequestMessage Request(CarrierCredentials account, HttpMethod method, string path, JsonObject? body)
    {
        var request = CarrierHttp.Json(method, path, body);
        CarrierHttp.Header(request, "Token", account.Token);
        CarrierHttp.Header(request, "X-Client-Source", account.ShopId);
        return request;
    }

    private HttpClient Client() => clients.CreateClient(CarrierHttp.Name(Carrier));
}
