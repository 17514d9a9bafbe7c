namespace OcopLive.Delivery.Reliability;

/// <summary>
/// What counts for a buyer's reliability, said once (the trigger in <see cref="ReliabilitySql"/>
/// applies the same words to the <c>shipments</c> statuses):
/// <list type="bullet">
/// <item><b>delivered</b>: parcels that reached <c>Delivered</c>;</item>
/// <item><b>returned</b>: parcels that reached <c>Returned</c> (whatever the reason);</item>
/// <item><b>refused</b>: parcels that started back (<c>Returning</c> or <c>Returned</c>) after the
/// carrier tried to hand them over (<c>Delivering</c> or <c>DeliveryFailed</c> came first). Every
/// carrier code that means "the buyer did not take it" maps there: GHN <c>delivery_fail</c> then
/// <c>return</c>/<c>returned</c>; GHTK <c>9</c> (delivery failed) or <c>49</c> then <c>20</c>/<c>21</c>;
/// Viettel Post <c>505</c> (failed, return requested; reason codes 20–27 and 30–32 are the buyer's
/// refusals) then <c>502</c>/<c>504</c>. A parcel the shop called back from the warehouse, before any
/// attempt, is returned but not refused. Counted once per parcel, when it starts back: a failed
/// attempt that ends delivered on the next try is no refusal.</item>
/// </list>
/// </summary>
public static class ReliabilityRules
{
    /// <summary>The default of <c>OcopLive__Orders__PrepayAfterRefusals</c>.</summary>
    public const int DefaultPrepayAfterRefusals = 2;

    /// <summary>True when a buyer with <paramref name="refused"/> refused parcels must pay first (0 switches the rule off).</summary>
    public static bool MustPrepay(int refused, int prepayAfterRefusals) => prepayAfterRefusals > 0 && refused >= prepayAfterRefusals;

    /// <summary>The viewer's sentence (Vietnamese) saying why this order is paid by transfer first.</summary>
    public static string PrepayReason(int refused) =>
        $"Số điện thoại này đã có {refused} đơn từ chối nhận hàng, nên đơn mới cần chuyển khoản trước. "
        + "Đơn sẽ được gửi đi khi nhà sản xuất nhận được tiền.";
}
