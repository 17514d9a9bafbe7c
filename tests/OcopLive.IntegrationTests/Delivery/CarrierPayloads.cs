using System.Globalization;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>
/// Callback bodies in each carrier's recorded shape (field names and formats as the carriers'
/// webhook documents show them), with the parts a test varies filled in.
/// </summary>
public static class CarrierPayloads
{
    /// <summary>GHN's JSON callback (<c>Type</c> <c>switch_status</c>, PascalCase fields, <c>Time</c> ISO-8601 UTC).</summary>
    public static string Ghn(string orderCode, string clientOrderCode, string status, DateTimeOffset time, string type = "switch_status") => $$"""
        {"CODAmount":185000,"CODTransferDate":null,"ClientOrderCode":"{{clientOrderCode}}","ConvertedWeight":500,"Description":"Cập nhật trạng thái",
         "Fee":{"CODFailedFee":0,"CODFee":0,"Coupon":0,"DeliverRemoteAreasFee":0,"DocumentReturn":0,"DoubleCheck":0,"Insurance":0,"MainService":22000,
         "PickRemoteAreasFee":0,"R2S":0,"Return":0,"StationDO":0,"StationPU":0,"Total":22000},"Height":10,"IsPartialReturn":false,"Length":20,
         "OrderCode":"{{orderCode}}","PartialReturnCode":"","PaymentType":1,"Reason":"","ReasonCode":"","ShopID":885,"Status":"{{status}}",
         "Time":"{{time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}}","TotalFee":22000,"Type":"{{type}}",
         "Warehouse":"Bưu cục Hà Tĩnh","Weight":500,"Width":15}
        """;

    /// <summary>GHTK's form-urlencoded callback fields.</summary>
    public static Dictionary<string, string> Ghtk(string label, string partnerId, int statusId, DateTimeOffset time) => new()
    {
        ["label_id"] = label,
        ["partner_id"] = partnerId,
        ["status_id"] = statusId.ToString(CultureInfo.InvariantCulture),
        ["action_time"] = time.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        ["reason_code"] = "",
        ["reason"] = "",
        ["weight"] = "0.5",
        ["fee"] = "30400",
        ["return_part_package"] = "0",
    };

    /// <summary>Viettel Post's <c>{ DATA, TOKEN }</c> (<c>ORDER_STATUSDATE</c> "dd/MM/yyyy HH:mm:ss", Vietnam's time).</summary>
    public static string ViettelPost(string orderNumber, string reference, int status, DateTimeOffset time) => $$"""
        {"DATA":{"ORDER_NUMBER":"{{orderNumber}}","ORDER_REFERENCE":"{{reference}}",
          "ORDER_STATUSDATE":"{{time.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture)}}",
          "ORDER_STATUS":{{status}},"STATUS_NAME":"Trạng thái {{status}}","LOCALION_CURRENTLY":"Bưu cục Hà Tĩnh","LOCATION_CURRENTLY":"Bưu cục Hà Tĩnh",
          "NOTE":"","MONEY_COLLECTION":185000,"MONEY_FEECOD":0,"MONEY_TOTALFEE":30000,"MONEY_TOTAL":33000,"MONEY_TOTALVAT":3000,
          "EXPECTED_DELIVERY":"2 ngày","PRODUCT_WEIGHT":500,"ORDER_SERVICE":"VCN","ORDER_SERVICE_ADD":"","ORDER_PAYMENT":3,
          "EXPECTED_DELIVERY_DATE":"10/12/2026 17:00:00","DETAIL":[],"VOUCHER_VALUE":0,"MONEY_COLLECTION_ORIGIN":185000,
          "EMPLOYEE_NAME":"Nguyễn Văn Bưu","EMPLOYEE_PHONE":"0987000111","IS_RETURNING":false,"POD":{"IMAGES":[]},"REASON_CODE":"",
          "RECEIVER_FULLNAME":"Nguyễn Thị Hoa","ORDER_NOTE":"Cho xem hàng, không cho thử","GROUPADDRESS_ID":0},
         "TOKEN":"vtp-partner-secret"}
        """;
}
