using OcopLive.Common;

namespace OcopLive.Delivery;

/// <summary>
/// The parcel rules with one home each: what every carrier's status code means in our statuses,
/// and which report may move a parcel. The table is documented in <c>docs/delivery.md</c>.
/// </summary>
public static class DeliveryRules
{
    public const int DefaultWeightGrams = 500;
    public const int MaxWeightGrams = 50_000;

    /// <summary>The carrier a route value or a field names (case ignored); null for any other.</summary>
    public static Carrier? ParseCarrier(string? text) =>
        Enum.TryParse<Carrier>(text?.Trim(), ignoreCase: true, out var c) && Enum.IsDefined(c) && !int.TryParse(text, out _) ? c : null;

    /// <summary>GHN's <c>Status</c> strings.</summary>
    private static readonly Dictionary<string, ShipmentStatus?> Ghn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ready_to_pick"] = ShipmentStatus.Created,
        ["picking"] = ShipmentStatus.Created,
        ["money_collect_picking"] = ShipmentStatus.Created,
        ["picked"] = ShipmentStatus.PickedUp,
        ["storing"] = ShipmentStatus.InTransit,
        ["transporting"] = ShipmentStatus.InTransit,
        ["sorting"] = ShipmentStatus.InTransit,
        ["delivering"] = ShipmentStatus.Delivering,
        ["money_collect_delivering"] = ShipmentStatus.Delivering,
        ["delivered"] = ShipmentStatus.Delivered,
        ["delivery_fail"] = ShipmentStatus.DeliveryFailed,
        ["waiting_to_return"] = ShipmentStatus.Returning,
        ["return"] = ShipmentStatus.Returning,
        ["return_transporting"] = ShipmentStatus.Returning,
        ["return_sorting"] = ShipmentStatus.Returning,
        ["returning"] = ShipmentStatus.Returning,
        ["return_fail"] = ShipmentStatus.Returning,
        ["returned"] = ShipmentStatus.Returned,
        ["cancel"] = ShipmentStatus.Cancelled,
        // Kept in the history for a person, but they say nothing about where the parcel is going.
        ["exception"] = null,
        ["damage"] = null,
        ["lost"] = null,
    };

    /// <summary>GHTK's <c>status_id</c> numbers (the 1xx/4xx shipper codes come only in callbacks).</summary>
    private static readonly Dictionary<int, ShipmentStatus?> Ghtk = new()
    {
        [-1] = ShipmentStatus.Cancelled,
        [1] = ShipmentStatus.Created,
        [2] = ShipmentStatus.Created,
        [12] = ShipmentStatus.Created,
        [7] = ShipmentStatus.Created,
        [8] = ShipmentStatus.Created,
        [127] = ShipmentStatus.Created,
        [128] = ShipmentStatus.Created,
        [123] = ShipmentStatus.PickedUp,
        [3] = ShipmentStatus.PickedUp,
        [4] = ShipmentStatus.Delivering,
        [5] = ShipmentStatus.Delivered,
        [6] = ShipmentStatus.Delivered,
        [45] = ShipmentStatus.Delivered,
        [9] = ShipmentStatus.DeliveryFailed,
        [10] = ShipmentStatus.DeliveryFailed,
        [49] = ShipmentStatus.DeliveryFailed,
        [410] = ShipmentStatus.DeliveryFailed,
        [20] = ShipmentStatus.Returning,
        [21] = ShipmentStatus.Returned,
        [11] = ShipmentStatus.Returned,
        [13] = null,
    };

    /// <summary>Viettel Post's <c>ORDER_STATUS</c> numbers (the 2025 list plus the older ones still sent).</summary>
    private static readonly Dictionary<int, ShipmentStatus?> ViettelPost = new()
    {
        [-100] = ShipmentStatus.Created,
        [-108] = ShipmentStatus.Created,
        [-109] = ShipmentStatus.Created,
        [-110] = ShipmentStatus.Created,
        [100] = ShipmentStatus.Created,
        [102] = ShipmentStatus.Created,
        [103] = ShipmentStatus.Created,
        [104] = ShipmentStatus.Created,
        [106] = ShipmentStatus.Created,
        [105] = ShipmentStatus.PickedUp,
        [200] = ShipmentStatus.PickedUp,
        [300] = ShipmentStatus.InTransit,
        [301] = ShipmentStatus.InTransit,
        [302] = ShipmentStatus.InTransit,
        [303] = ShipmentStatus.InTransit,
        [400] = ShipmentStatus.InTransit,
        [401] = ShipmentStatus.InTransit,
        [402] = ShipmentStatus.InTransit,
        [403] = ShipmentStatus.InTransit,
        [509] = ShipmentStatus.InTransit,
        [500] = ShipmentStatus.Delivering,
        [507] = ShipmentStatus.Delivering,
        [508] = ShipmentStatus.Delivering,
        [550] = ShipmentStatus.Delivering,
        [501] = ShipmentStatus.Delivered,
        [505] = ShipmentStatus.DeliveryFailed,
        [506] = ShipmentStatus.DeliveryFailed,
        [502] = ShipmentStatus.Returning,
        [515] = ShipmentStatus.Returning,
        [504] = ShipmentStatus.Returned,
        [101] = ShipmentStatus.Cancelled,
        [107] = ShipmentStatus.Cancelled,
        [201] = ShipmentStatus.Cancelled,
        [503] = ShipmentStatus.Cancelled,
        [202] = null,
    };

    /// <summary>
    /// Our status for a carrier's code: <c>(true, status)</c> when the code is known (status null
    /// when it changes nothing), <c>(false, null)</c> for a code no table names.
    /// </summary>
    public static (bool Known, ShipmentStatus? Status) Map(Carrier carrier, string code)
    {
        code = code.Trim();
        switch (carrier)
        {
            case Carrier.GHN:
                return Ghn.TryGetValue(code, out var g) ? (true, g) : (false, null);
            case Carrier.GHTK:
                return int.TryParse(code, out var t) && Ghtk.TryGetValue(t, out var k) ? (true, k) : (false, null);
            case Carrier.ViettelPost:
                return int.TryParse(code, out var v) && ViettelPost.TryGetValue(v, out var p) ? (true, p) : (false, null);
            default:
                return (false, null);
        }
    }

    /// <summary>Every code of a carrier's table with our status (for the documentation test).</summary>
    public static IEnumerable<(string Code, ShipmentStatus? Status)> Table(Carrier carrier) => carrier switch
    {
        Carrier.GHN => Ghn.Select(p => (p.Key, p.Value)),
        Carrier.GHTK => Ghtk.Select(p => (p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Value)),
        _ => ViettelPost.Select(p => (p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Value)),
    };

    /// <summary>
    /// How far along a parcel is. A report never moves a parcel to a lower step; on the same step
    /// (a failed attempt and the next attempt) the newer report wins.
    /// </summary>
    public static int Step(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Created => 0,
        ShipmentStatus.PickedUp => 1,
        ShipmentStatus.InTransit => 2,
        ShipmentStatus.Delivering or ShipmentStatus.DeliveryFailed => 3,
        ShipmentStatus.Returning => 4,
        _ => 5, // Delivered, Returned, Cancelled: the end.
    };

    public static bool IsFinal(ShipmentStatus status) => Step(status) == 5;

    /// <summary>
    /// Whether a report of <paramref name="next"/> at <paramref name="at"/> moves a parcel that
    /// shows <paramref name="current"/> since <paramref name="currentAt"/>: never out of an end
    /// state, never to a lower step, and on the same step only when it is newer.
    /// </summary>
    public static bool Moves(ShipmentStatus current, DateTimeOffset? currentAt, ShipmentStatus next, DateTimeOffset at)
    {
        if (next == current || IsFinal(current))
        {
            return false;
        }

        var (from, to) = (Step(current), Step(next));
        return to > from || (to == from && (currentAt is null || at > currentAt));
    }

    /// <summary>
    /// Cash to collect: the order's total while it is unpaid, nothing once paid. A part-paid order
    /// (transfers short of the total) collects what is still owed, as the A6 label says.
    /// </summary>
    public static long CodFor(long totalVnd, long paidVnd, bool paid) => paid ? 0 : Math.Max(0, totalVnd - paidVnd);

    /// <summary>
    /// A pay-first order (the buyer refused too many parcels, <c>prepay_required</c>) gets no parcel
    /// until its money has arrived: a parcel for it would collect nothing and travel on trust, the
    /// very loss the rule exists to stop. Null when the order may be shipped.
    /// </summary>
    public static Refusal? RefuseUnpaidPrepay(bool prepayRequired, Payments.PaymentStatus payment) =>
        prepayRequired && payment != Payments.PaymentStatus.Paid
            ? Refusal.Conflict("prepay-required",
                "Khách phải chuyển khoản trước và đơn chưa được thanh toán: chưa tạo vận đơn (a pay-first order is still unpaid)")
            : null;

    /// <summary>
    /// Statuses in which a parcel is no longer at the carrier's disposal: cancelled before pickup, or
    /// back at the producer. Any other parcel is still in the carrier's hands (or about to be).
    /// </summary>
    public static bool IsSettled(ShipmentStatus status) => status is ShipmentStatus.Cancelled or ShipmentStatus.Returned;

    /// <summary>Vietnamese words for the buyer and the producer.</summary>
    public static string Words(ShipmentStatus status) => status switch
    {
        ShipmentStatus.Created => "Đã tạo vận đơn",
        ShipmentStatus.PickedUp => "Đã lấy hàng",
        ShipmentStatus.InTransit => "Đang vận chuyển",
        ShipmentStatus.Delivering => "Đang giao",
        ShipmentStatus.Delivered => "Đã giao",
        ShipmentStatus.DeliveryFailed => "Giao không thành công",
        ShipmentStatus.Returning => "Đang hoàn hàng",
        ShipmentStatus.Returned => "Đã hoàn hàng",
        ShipmentStatus.Cancelled => "Đã hủy vận đơn",
        _ => status.ToString(),
    };
}
