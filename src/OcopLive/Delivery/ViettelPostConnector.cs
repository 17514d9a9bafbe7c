using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace OcopLive.Delivery;

/// <summary>
/// Viettel Post: header <c>Token</c> (the long-lived owner-connect token), the envelope
/// <c>{status, error, message, data}</c>. Orders go through the full-text address variants
/// (<c>createOrderNlp</c>, <c>getPriceNlp</c>) because the two-level address has no district id.
/// <c>CHECK_UNIQUE</c> makes Viettel Post refuse a second order with our <c>ORDER_NUMBER</c>; it
/// documents no look-up by our code, so a parcel whose creation timed out gets its waybill from
/// the first callback (which carries <c>ORDER_REFERENCE</c>) — see <see cref="CarrierCallbacks"/>.
/// </summary>
public sealed class ViettelPostConnector(IHttpClientFactory clients, IOptions<DeliveryOptions> options, TimeProvider clock) : ICarrierConnector
{
    public Carrier Carrier => Carrier.ViettelPost;

    public async Task<long> QuoteAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["SENDER_ADDRESS"] = parcel.From.FullAddress,
            ["RECEIVER_ADDRESS"] = parcel.To.FullAddress,
            ["PRODUCT_TYPE"] = "HH",
            ["PRODUCT_WEIGHT"] = parcel.WeightGrams,
            ["PRODUCT_PRICE"] = parcel.ValueVnd,
            ["MONEY_COLLECTION"] = parcel.CodVnd,
            ["ORDER_SERVICE"] = "VCN",
            ["ORDER_SERVICE_ADD"] = "",
            ["NATIONAL_TYPE"] = 1,
        };
        var data = await CallAsync(account, "v2/order/getPriceNlp", body, ct);
        return CarrierHttp.Long(data, "MONEY_TOTAL") ?? throw new CarrierException(Carrier, "Viettel Post: không có phí (no MONEY_TOTAL)", false);
    }

    public async Task<CarrierParcel> CreateAsync(CarrierCredentials account, ParcelOrder parcel, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["ORDER_NUMBER"] = parcel.ClientOrderCode,
            ["GROUPADDRESS_ID"] = 0,
            ["DELIVERY_DATE"] = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture),
            ["SENDER_FULLNAME"] = parcel.From.Name,
            ["SENDER_ADDRESS"] = parcel.From.FullAddress,
            ["SENDER_PHONE"] = parcel.From.Phone,
            ["RECEIVER_FULLNAME"] = parcel.To.Name,
            ["RECEIVER_ADDRESS"] = parcel.To.FullAddress,
            ["RECEIVER_PHONE"] = parcel.To.Phone,
            ["PRODUCT_NAME"] = parcel.ProductName,
            ["PRODUCT_QUANTITY"] = parcel.Quantity,
            ["PRODUCT_PRICE"] = parcel.ValueVnd,
            ["PRODUCT_WEIGHT"] = parcel.WeightGrams,
            ["PRODUCT_TYPE"] = "HH",
            // 3 = collect the goods' money only (the shop pays the freight); 1 = collect nothing.
            ["ORDER_PAYMENT"] = parcel.CodVnd > 0 ? 3 : 1,
            ["ORDER_SERVICE"] = "VCN",
            ["ORDER_SERVICE_ADD"] = "",
            ["ORDER_NOTE"] = "Cho xem hàng, không cho thử",
            ["MONEY_COLLECTION"] = parcel.CodVnd,
            ["CHECK_UNIQUE"] = true,
            ["PRODUCT_DETAIL"] = new JsonArray(new JsonObject
            {
                ["PRODUCT_NAME"] = parcel.ProductName,
                ["PRODUCT_QUANTITY"] = parcel.Quantity,
                ["PRODUCT_PRICE"] = parcel.Quantity == 0 ? 0 : parcel.ValueVnd / parcel.Quantity,
                ["PRODUCT_WEIGHT"] = parcel.WeightGrams,
            }),
        };
        var data = await CallAsync(account, "v2/order/createOrderNlp", body, ct);
        var code = CarrierHttp.Str(data, "ORDER_NUMBER") ?? throw new CarrierException(Carrier, "Viettel Post: không có mã vận đơn (no ORDER_NUMBER)", false);
        return new CarrierParcel(code, CarrierHttp.Long(data, "MONEY_TOTAL"), "102");
    }

    /// <summary>Viettel Post documents no look-up by the partner's code.</summary>
    public Task<CarrierParcel?> FindAsync(CarrierCredentials account, string clientOrderCode, CancellationToken ct) => Task.FromResult<CarrierParcel?>(null);

    /// <summary>Viettel Post documents no status look-up: its parcels follow the callbacks only.</summary>
    public Task<(string Code, DateTimeOffset? At)?> TrackAsync(CarrierCredentials account, string trackingCode, CancellationToken ct) =>
        Task.FromResult<(string, DateTimeOffset?)?>(null);

    public async Task CancelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct) =>
        await CallAsync(account, "v2/order/UpdateOrder", new JsonObject { ["TYPE"] = 4, ["ORDER_NUMBER"] = trackingCode, ["NOTE"] = "Người bán hủy đơn" }, ct);

    /// <summary>A print code (valid one day) and Viettel Post's print page for an A6 label.</summary>
    public async Task<CarrierLabel> LabelAsync(CarrierCredentials account, string trackingCode, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["EXPIRY_TIME"] = clock.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds(),
            ["ORDER_ARRAY"] = new JsonArray(trackingCode),
        };
        var (_, message) = await SendAsync(account, "v2/order/printing-code", body, ct);
        var print = options.Value.ViettelPost.PrintUrl ?? "https://digitalize.viettelpost.vn/DigitalizePrint/report.do";
        return new CarrierLabel($"{print}?type=2&bill={Uri.EscapeDataString(message)}&showPostage=1", null);
    }

    private async Task<JsonElement> CallAsync(CarrierCredentials account, string path, JsonObject body, CancellationToken ct) =>
        (await SendAsync(account, path, body, ct)).Data;

    private async Task<(JsonElement Data, string Message)> SendAsync(CarrierCredentials account, string path, JsonObject body, CancellationToken ct)
    {
        using var request = CarrierHttp.Json(HttpMethod.Post, path, body);
        CarrierHttp.Header(request, "Token", account.Token);
        var (status, answer) = await CarrierHttp.SendAsync(clients.CreateClient(CarrierHttp.Name(Carrier)), Carrier, request, ct);
        var code = CarrierHttp.Long(answer, "status") ?? (long)status;
        var message = CarrierHttp.Str(answer, "message") ?? $"HTTP {(int)status}";
        if (code == 200 && CarrierHttp.Str(answer, "error") != "true" && (int)status < 300)
        {
            return (CarrierHttp.Prop(answer, "data"), message);
        }

        throw new CarrierException(Carrier, "Viettel Post: " + message, (int)status >= 500 || code >= 500 || (int)status == 429);
    }
}
