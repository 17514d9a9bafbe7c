using OcopLive.Payments.Statements;

namespace OcopLive.Delivery.CodMoney;

/// <summary>
/// How one carrier's COD settlement export ("bảng đối soát COD") names its columns. Each field
/// accepts a few header texts, compared folded (case, diacritics and runs of spaces ignored) like
/// the bank statements' layouts, so a portal that renames "Tiền thu hộ" to "Tiền thu hộ (COD)"
/// still maps. Several fee columns are added up (a carrier may split delivery, COD and return fees).
/// </summary>
public sealed record CodLayout(string Carrier, string[] Tracking, string[] Collected, string[][] Fees, string[] TransferDate)
{
    /// <summary>The header texts this layout knows, folded, for the header-row search.</summary>
    internal IEnumerable<string[]> Required => [Tracking, Collected];
}

/// <summary>
/// The three carriers' layouts. These are our own definitions of what each portal's export holds
/// (tracking code, COD collected, fees, transfer date), written with the headers the portals'
/// Vietnamese exports use; docs/delivery-money.md lists them. A file whose header row has none of a
/// field's names is refused with the names we look for, so a changed export is found at once.
/// </summary>
public static class CodLayouts
{
    public const string Ghn = "GHN";
    public const string Ghtk = "GHTK";
    public const string ViettelPost = "ViettelPost";

    /// <summary>GHN (khachhang.ghn.vn → Đối soát → Xuất Excel).</summary>
    public static readonly CodLayout GhnLayout = new(Ghn,
        Tracking: ["Mã đơn GHN", "Mã vận đơn", "Mã đơn hàng"],
        Collected: ["Tiền thu hộ (COD)", "Tiền thu hộ", "Thu hộ COD", "COD"],
        Fees: [["Tổng phí", "Tổng phí dịch vụ"], ["Phí hoàn hàng"]],
        TransferDate: ["Ngày chuyển COD", "Ngày chuyển tiền", "Ngày đối soát"]);

    /// <summary>GHTK (khachhang.giaohangtietkiem.vn → Đối soát → Tải file).</summary>
    public static readonly CodLayout GhtkLayout = new(Ghtk,
        Tracking: ["Mã đơn GHTK", "Mã đơn hàng", "Mã vận đơn"],
        Collected: ["Tiền thu hộ", "Tiền CoD", "Thu hộ"],
        Fees: [["Phí vận chuyển", "Phí dịch vụ"], ["Phí bảo hiểm"], ["Phí chuyển hoàn", "Phí hoàn"]],
        TransferDate: ["Ngày đối soát", "Ngày chuyển tiền"]);

    /// <summary>Viettel Post (viettelpost.vn → Quản lý tiền → Bảng kê thanh toán COD).</summary>
    public static readonly CodLayout ViettelPostLayout = new(ViettelPost,
        Tracking: ["Số hiệu đơn hàng", "Mã vận đơn", "Số vận đơn"],
        Collected: ["Tiền thu hộ (COD)", "Tiền thu hộ", "Tiền COD"],
        Fees: [["Tổng cước", "Tổng cước phí", "Cước phí"]],
        TransferDate: ["Ngày thanh toán", "Ngày trả tiền", "Ngày chuyển tiền"]);

    public static readonly IReadOnlyList<CodLayout> All = [GhnLayout, GhtkLayout, ViettelPostLayout];

    /// <summary>The carrier's layout by the contract's name (<c>GHN</c>, <c>GHTK</c>, <c>ViettelPost</c>; any case), or null.</summary>
    public static CodLayout? Find(string? carrier) =>
        All.FirstOrDefault(l => string.Equals(l.Carrier, carrier?.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static string Key(string header) => StatementSheet.Key(header);
}
