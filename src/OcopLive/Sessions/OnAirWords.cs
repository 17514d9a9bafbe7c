namespace OcopLive.Sessions;

/// <summary>
/// What the screens say about the air, in one place: the overlay's card when no product is on air,
/// the staff pages' and the viewer page's "nothing on air", the viewer's note when the session takes
/// no orders. Pages render these words; the scripts get the same words from <c>_OnAirWords.cshtml</c>
/// (<c>Ocop.words</c> in ocop.js), so a page and its live updates never say two different things.
/// </summary>
public static class OnAirWords
{
    public const string OnAirBadge = "ĐANG LÊN SÓNG";
    public const string MarketBadge = "PHIÊN CHỢ OCOP";
    public const string NothingOnAir = "Chưa có sản phẩm lên sóng";

    /// <summary>The overlay's card with no product on air.</summary>
    public static string OffAir(SessionStatus status) => status switch
    {
        SessionStatus.Draft => "Sắp lên sóng",
        SessionStatus.Live => "Chuẩn bị sản phẩm tiếp theo",
        SessionStatus.Ended => "Phiên đã kết thúc · vẫn nhận đặt hàng",
        _ => "Phiên đã khép lại · hẹn gặp lại",
    };

    /// <summary>The viewer page's note in place of the order form, when the session takes no orders.</summary>
    public static string NoOrders(SessionStatus status) => status == SessionStatus.Draft
        ? "Phiên chưa bắt đầu — hãy quay lại khi chương trình lên sóng."
        : "Phiên đã đóng đơn.";

    /// <summary>The words as the scripts read them (keys are the statuses' names).</summary>
    public static object ForScripts { get; } = new
    {
        onAirBadge = OnAirBadge,
        marketBadge = MarketBadge,
        nothingOnAir = NothingOnAir,
        offAir = Enum.GetValues<SessionStatus>().ToDictionary(s => s.ToString(), OffAir),
        noOrders = Enum.GetValues<SessionStatus>().ToDictionary(s => s.ToString(), NoOrders),
        takingOrders = SessionStatuses.TakingOrders.Select(s => s.ToString()).ToArray(),
    };
}
