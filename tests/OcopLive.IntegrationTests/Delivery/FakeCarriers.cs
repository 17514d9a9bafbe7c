using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>One parcel a fake carrier holds.</summary>
public sealed record FakeParcel(string Carrier, string TrackingCode, string ClientCode, JsonObject Request)
{
    public string Status { get; set; } = "";
}

/// <summary>
/// GHN, GHTK and Viettel Post on one loopback Kestrel server, each under its own root
/// (<c>/ghn/shiip/public-api</c>, <c>/ghtk</c>, <c>/vtp</c>), speaking each carrier's paths, auth
/// headers, fields, envelopes and errors as their documentation and public clients show them:
/// GHN <c>{code, message, data}</c> with <c>code_message</c> on errors; GHTK <c>{success, message, order}</c>
/// and <c>error.code = ORDER_ID_EXIST</c> for a second order with the same id; Viettel Post
/// <c>{status, error, message, data}</c> and its refusal of a second <c>ORDER_NUMBER</c> under
/// <c>CHECK_UNIQUE</c>. Parcels are kept by client code, so a test can count them.
/// </summary>
public sealed class FakeCarriers : IAsyncDisposable
{
    public const string Token = "fake-carrier-token-7d1e";

    private readonly WebApplication _app;
    private int _sequence = 100;

    public ConcurrentDictionary<string, FakeParcel> Parcels { get; } = new();

    public ConcurrentQueue<(string Path, string? Token, string? Shop, string Body)> Requests { get; } = new();

    /// <summary>How long the next create waits after storing the parcel before answering (a timeout whose parcel exists).</summary>
    public TimeSpan CreateDelayOnce { get; set; }

    /// <summary>How many look-ups by client code answer 502 before the real answer.</summary>
    public int FailLookupsOnce { get; set; }

    /// <summary>Delay of every answer (the bench's 50 ms carrier).</summary>
    public TimeSpan Latency { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    public string GhnBase => BaseAddress + "ghn/shiip/public-api";

    public string GhtkBase => BaseAddress + "ghtk";

    public string ViettelPostBase => BaseAddress + "vtp";

    public int CountFor(string carrier) => Parcels.Values.Count(p => p.Carrier == carrier);

    private FakeCarriers()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<FakeCarriers> StartAsync()
    {
        var fake = new FakeCarriers();
        await fake._app.StartAsync();
        fake.BaseAddress = new Uri(fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        var token = http.Request.Headers["Token"].ToString();
        Requests.Enqueue((path + http.Request.QueryString, token, http.Request.Headers["ShopId"].ToString() + http.Request.Headers["X-Client-Source"], body));
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var json = string.IsNullOrWhiteSpace(body) ? new JsonObject() : JsonNode.Parse(body) as JsonObject ?? new JsonObject();
        var (status, answer) = path switch
        {
            _ when path.StartsWith("/ghn/", StringComparison.Ordinal) => token != Token
                ? (401, new JsonObject { ["code"] = 401, ["message"] = "Token is not valid!", ["data"] = null })
                : await GhnAsync(path["/ghn/shiip/public-api".Length..], json),
            _ when path.StartsWith("/ghtk/", StringComparison.Ordinal) => token != Token
                ? (200, new JsonObject { ["success"] = false, ["message"] = "Token không hợp lệ" })
                : await GhtkAsync(http, path["/ghtk".Length..], json),
            _ when path.StartsWith("/vtp/", StringComparison.Ordinal) => token != Token
                ? (200, new JsonObject { ["status"] = 202, ["error"] = true, ["message"] = "Token invalid", ["data"] = null })
                : await ViettelPostAsync(path["/vtp".Length..], json),
            _ => (404, new JsonObject { ["message"] = "not found" }),
        };
        if (answer is null)
        {
            return; // a file was written
        }

        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    private string Next() => Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);

    private async Task WaitOnceAsync()
    {
        var delay = CreateDelayOnce;
        CreateDelayOnce = TimeSpan.Zero;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }
    }

    private bool FailLookup()
    {
        if (FailLookupsOnce <= 0)
        {
            return false;
        }

        FailLookupsOnce--;
        return true;
    }

    private async Task<(int, JsonObject?)> GhnAsync(string path, JsonObject body)
    {
        static JsonObject Ok(JsonNode? data) => new() { ["code"] = 200, ["message"] = "Success", ["data"] = data };
        static JsonObject Error(string message, string codeMessage) =>
            new() { ["code"] = 400, ["message"] = message, ["data"] = null, ["code_message"] = codeMessage };
        switch (path)
        {
            case "/v2/shipping-order/create":
                {
                    var client = body["client_order_code"]?.GetValue<string>() ?? "";
                    if (body["to_name"] is null || body["to_phone"] is null || body["to_address"] is null || body["weight"] is null)
                    {
                        return (400, Error("Thiếu thông tin bắt buộc", "USER_ERR_COMMON"));
                    }

                    if (client.Length > 0 && Parcels.ContainsKey("GHN:" + client))
                    {
                        return (400, Error("Mã đơn hàng của khách hàng đã tồn tại (client_order_code)", "USER_ERR_COMMON"));
                    }

                    var parcel = new FakeParcel("GHN", "GHN" + Next(), client, body) { Status = "ready_to_pick" };
                    Parcels["GHN:" + client] = parcel;
                    await WaitOnceAsync();
                    return (200, Ok(new JsonObject
                    {
                        ["order_code"] = parcel.TrackingCode,
                        ["sort_code"] = "190-G-01-A1",
                        ["trans_type"] = "truck",
                        ["fee"] = new JsonObject { ["main_service"] = 22000, ["insurance"] = 0, ["cod_fee"] = 0 },
                        ["total_fee"] = 22000,
                        ["expected_delivery_time"] = "2026-12-10T16:59:59Z",
                    }));
                }
            case "/v2/shipping-order/detail-by-client-code":
                {
                    if (FailLookup())
                    {
                        return (502, new JsonObject { ["code"] = 502, ["message"] = "Bad gateway", ["data"] = null });
                    }

                    var client = body["client_order_code"]?.GetValue<string>() ?? "";
                    return Parcels.TryGetValue("GHN:" + client, out var p)
                        ? (200, Ok(new JsonObject { ["order_code"] = p.TrackingCode, ["client_order_code"] = client, ["status"] = p.Status, ["total_fee"] = 22000 }))
                        : (400, Error("Không tìm thấy đơn hàng", "ORDER_NOT_FOUND"));
                }
            case "/v2/shipping-order/detail":
                {
                    var code = body["order_code"]?.GetValue<string>();
                    var p = Parcels.Values.FirstOrDefault(x => x.Carrier == "GHN" && x.TrackingCode == code);
                    return p is null ? (400, Error("Không tìm thấy đơn hàng", "ORDER_NOT_FOUND"))
                        : (200, Ok(new JsonObject { ["order_code"] = p.TrackingCode, ["status"] = p.Status, ["updated_date"] = "2026-12-08T03:00:00Z" }));
                }
            case "/v2/shipping-order/fee":
                return body["to_ward_name"] is null ? (400, Error("to_ward_code is required", "USER_ERR_COMMON"))
                    : (200, Ok(new JsonObject { ["total"] = 36300, ["service_fee"] = 36300, ["insurance_fee"] = 0 }));
            case "/v2/switch-status/cancel":
                {
                    var code = body["order_codes"]?[0]?.GetValue<string>();
                    var p = Parcels.Values.FirstOrDefault(x => x.Carrier == "GHN" && x.TrackingCode == code);
                    var ok = p is not null && p.Status is "ready_to_pick" or "picking";
                    if (ok)
                    {
                        p!.Status = "cancel";
                    }

                    return (200, Ok(new JsonArray(new JsonObject { ["order_code"] = code, ["result"] = ok, ["message"] = ok ? "OK" : "Không thể hủy" })));
                }
            case "/v2/a5/gen-token":
                return (200, Ok(new JsonObject { ["token"] = "0b2d5a1c-print-token" }));
            default:
                return (404, Error("Not found", "NOT_FOUND"));
        }
    }

    private async Task<(int, JsonObject?)> GhtkAsync(HttpContext http, string path, JsonObject body)
    {
        if (path == "/services/shipment/order")
        {
            var order = body["order"] as JsonObject ?? new JsonObject();
            var id = order["id"]?.ToString() ?? "";
            if (Parcels.TryGetValue("GHTK:" + id, out var existing))
            {
                return (200, new JsonObject
                {
                    ["success"] = false,
                    ["message"] = $"Mã đơn hàng {id} đã tồn tại",
                    ["error"] = new JsonObject
                    {
                        ["code"] = "ORDER_ID_EXIST",
                        ["partner_id"] = id,
                        ["ghtk_label"] = existing.TrackingCode,
                        ["created"] = "2026-12-07 21:05:00",
                        ["status"] = 1,
                    },
                });
            }

            if (order["pick_money"] is null || order["tel"] is null || body["products"] is not JsonArray)
            {
                return (200, new JsonObject { ["success"] = false, ["message"] = "Thiếu thông tin đơn hàng" });
            }

            var parcel = new FakeParcel("GHTK", "S1.A1." + Next(), id, body) { Status = "1" };
            Parcels["GHTK:" + id] = parcel;
            await WaitOnceAsync();
            return (200, new JsonObject
            {
                ["success"] = true,
                ["message"] = "",
                ["order"] = new JsonObject
                {
                    ["partner_id"] = id,
                    ["label"] = parcel.TrackingCode,
                    ["area"] = "1",
                    ["fee"] = "30400",
                    ["insurance_fee"] = "0",
                    ["estimated_pick_time"] = "Sáng 2026-12-08",
                    ["estimated_deliver_time"] = "Chiều 2026-12-09",
                    ["products"] = new JsonArray(),
                    ["status_id"] = 1,
                    ["tracking_id"] = 7373,
                    ["sorting_code"] = "KN",
                },
                ["warning_message"] = "",
            });
        }

        if (path.StartsWith("/services/shipment/v2/", StringComparison.Ordinal))
        {
            if (FailLookup())
            {
                return (502, new JsonObject { ["success"] = false, ["message"] = "Bad gateway" });
            }

            var key = Uri.UnescapeDataString(path["/services/shipment/v2/".Length..]);
            var p = key.StartsWith("partner_id:", StringComparison.Ordinal)
                ? Parcels.GetValueOrDefault("GHTK:" + key["partner_id:".Length..])
                : Parcels.Values.FirstOrDefault(x => x.Carrier == "GHTK" && x.TrackingCode == key);
            return p is null
                ? (200, new JsonObject { ["success"] = false, ["message"] = "Không tìm thấy đơn hàng" })
                : (200, new JsonObject
                {
                    ["success"] = true,
                    ["message"] = "",
                    ["order"] = new JsonObject
                    {
                        ["label_id"] = p.TrackingCode,
                        ["partner_id"] = p.ClientCode,
                        ["status"] = p.Status,
                        ["status_text"] = "Chưa tiếp nhận",
                        ["created"] = "2026-12-07 21:05:00",
                        ["modified"] = "2026-12-08 09:00:00",
                        ["ship_money"] = 30400,
                    },
                });
        }

        if (path == "/services/shipment/fee")
        {
            return http.Request.Query["weight"].Count == 0 ? (200, new JsonObject { ["success"] = false, ["message"] = "Thiếu weight" })
                : (200, new JsonObject
                {
                    ["success"] = true,
                    ["message"] = "",
                    ["fee"] = new JsonObject { ["name"] = "area1", ["fee"] = 30400, ["insurance_fee"] = 0, ["delivery"] = true },
                });
        }

        if (path.StartsWith("/services/shipment/cancel/", StringComparison.Ordinal))
        {
            var label = path["/services/shipment/cancel/".Length..];
            var p = Parcels.Values.FirstOrDefault(x => x.Carrier == "GHTK" && x.TrackingCode == label);
            if (p is null || p.Status is not ("1" or "2" or "12"))
            {
                return (200, new JsonObject { ["success"] = false, ["message"] = "Đơn hàng không thể hủy", ["log_id"] = "l-1" });
            }

            p.Status = "-1";
            return (200, new JsonObject { ["success"] = true, ["message"] = "", ["log_id"] = "l-2" });
        }

        if (path.StartsWith("/services/label/", StringComparison.Ordinal))
        {
            http.Response.ContentType = "application/pdf";
            await http.Response.Body.WriteAsync("%PDF-1.4\n% fake GHTK label\n%%EOF\n"u8.ToArray());
            return (200, null);
        }

        return (404, new JsonObject { ["success"] = false, ["message"] = "Not found" });
    }

    private async Task<(int, JsonObject?)> ViettelPostAsync(string path, JsonObject body)
    {
        static JsonObject Ok(JsonNode? data, string message = "OK") => new() { ["status"] = 200, ["error"] = false, ["message"] = message, ["data"] = data };
        switch (path)
        {
            case "/v2/order/createOrderNlp":
                {
                    var number = body["ORDER_NUMBER"]?.GetValue<string>() ?? "";
                    if (body["CHECK_UNIQUE"]?.GetValue<bool>() == true && Parcels.ContainsKey("VTP:" + number))
                    {
                        return (200, new JsonObject { ["status"] = 204, ["error"] = true, ["message"] = "Mã đơn hàng đã tồn tại", ["data"] = null });
                    }

                    var parcel = new FakeParcel("VTP", "1663" + Next() + "1", number, body) { Status = "-100" };
                    Parcels["VTP:" + number] = parcel;
                    await WaitOnceAsync();
                    return (200, Ok(new JsonObject
                    {
                        ["ORDER_NUMBER"] = parcel.TrackingCode,
                        ["MONEY_COLLECTION"] = body["MONEY_COLLECTION"]?.DeepClone(),
                        ["EXCHANGE_WEIGHT"] = 500,
                        ["MONEY_TOTAL"] = 33000,
                        ["MONEY_TOTAL_FEE"] = 30000,
                        ["MONEY_FEE"] = 30000,
                        ["MONEY_COLLECTION_FEE"] = 0,
                        ["MONEY_OTHER_FEE"] = 0,
                        ["MONEY_VAS"] = 0,
                        ["MONEY_VAT"] = 3000,
                        ["KPI_HT"] = 48,
                    }));
                }
            case "/v2/order/getPriceNlp":
                return (200, Ok(new JsonObject { ["MONEY_TOTAL"] = 33000, ["MONEY_TOTAL_FEE"] = 30000, ["MONEY_FEE"] = 30000, ["MONEY_VAT"] = 3000 }));
            case "/v2/order/UpdateOrder":
                {
                    var code = body["ORDER_NUMBER"]?.GetValue<string>();
                    var p = Parcels.Values.FirstOrDefault(x => x.Carrier == "VTP" && x.TrackingCode == code);
                    if (p is null || body["TYPE"]?.GetValue<int>() != 4)
                    {
                        return (200, new JsonObject { ["status"] = 204, ["error"] = true, ["message"] = "Không tìm thấy vận đơn", ["data"] = null });
                    }

                    p.Status = "107";
                    return (200, Ok(null));
                }
            case "/v2/order/printing-code":
                return (200, new JsonObject { ["status"] = 200, ["error"] = false, ["message"] = "a1b2c3printcode", ["data"] = null });
            default:
                return (404, new JsonObject { ["status"] = 404, ["error"] = true, ["message"] = "Not found", ["data"] = null });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
