using System.Security.Cryptography;
using System.Text;
using OcopLive.Addresses;
using OcopLive.Common;

namespace OcopLive.Orders;

/// <summary>An order request that passed validation at the edge, cleaned and normalised.</summary>
public sealed record ValidOrder(
    Guid SessionId,
    Guid ProductId,
    int Quantity,
    string CustomerName,
    string CustomerPhone,
    string Province,
    string Commune,
    string? Street,
    OrderChannel Channel,
    string? IdempotencyKey,
    string? OperatorUserName,
    string? ClientKey = null)
{
    /// <summary>The codes of <see cref="Province"/> and <see cref="Commune"/> (official names).</summary>
    public string ProvinceCode { get; init; } = "";

    public string CommuneCode { get; init; } = "";

    /// <summary>
    /// The keyed hash of the client's address (<see cref="OrderChallenges.AddressKeyAsync"/>) for an
    /// anonymous Web order; null for hotline and staff orders. Not part of <see cref="Hash"/>: a retry
    /// from another network is the same order.
    /// </summary>
    public string? ClientKey { get; init; } = ClientKey;

    /// <summary>
    /// SHA-256 of the normalised request: two requests are "the same body" when they ask for the
    /// same order, whatever their whitespace, phone form or property order.
    /// </summary>
    public string Hash()
    {
        var canonical = string.Join('\u001f', SessionId.ToString("N"), ProductId.ToString("N"), Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CustomerName, CustomerPhone, Province, Commune, Street ?? "", Channel.ToString());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

public static class OrderRules
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const int MaxQuantity = 1_000;

    /// <summary>The longest buyer's name, commune and street an order keeps (the order form's maxlength too).</summary>
    public const int MaxNameLength = 100;
    public const int MaxCommuneLength = 100;
    public const int MaxStreetLength = 200;

    /// <summary>1–64 visible ASCII characters (0x21–0x7E).</summary>
    public static bool IsValidIdempotencyKey(string key)
    {
        if (key.Length is < 1 or > 64)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public static ValidOrder? Validate(Guid sessionId, PlaceOrderRequest r, string? idempotencyKey, string? operatorUserName, Errors errors)
    {
        if (r.ProductId is null || r.ProductId == Guid.Empty)
        {
            errors.Add("productId", "Không được để trống (required).");
        }

        if (r.Quantity is not (>= 1 and <= MaxQuantity))
        {
            errors.Add("quantity", "Số lượng từ 1 trở lên (at least 1, at most the product's limit per order).");
        }

        string? name = null, phone = null, province = null, commune = null, street = null;
        Place? place = null;
        if (r.Customer is null)
        {
            errors.Add("customer", "Cần tên và số điện thoại người mua (customer name and phone are required).");
        }
        else
        {
            name = Text.Required(errors, "customer.name", r.Customer.Name, MaxNameLength);
            phone = Phone.Normalize(r.Customer.Phone);
            if (phone is null)
            {
                errors.Add("customer.phone", "Số di động Việt Nam: 0xxxxxxxxx hoặc +84xxxxxxxxx (a Vietnamese mobile number).");
            }
        }

        if (r.Address is null)
        {
            errors.Add("address", "Cần tỉnh/thành phố và xã/phường (province and commune are required).");
        }
        else
        {
            place = Place.Check(errors, "address.province", "address.commune",
                r.Address.Province, r.Address.ProvinceCode, r.Address.Commune, r.Address.CommuneCode);
            province = place?.Province.Name;
            commune = place?.Commune.Name;
            street = Text.Optional(errors, "address.street", r.Address.Street, MaxStreetLength);
        }

        if (errors.Any)
        {
            return null;
        }

        return new ValidOrder(sessionId, r.ProductId!.Value, r.Quantity!.Value, name!, phone!, province!, commune!, street,
            r.Channel ?? OrderChannel.Web, idempotencyKey, operatorUserName)
        {
            ProvinceCode = place!.Province.Code,
            CommuneCode = place.Commune.Code,
        };
    }

    /// <summary>Forward-only fulfilment: Placed → Confirmed → Shipped → Delivered (steps may be skipped).</summary>
    public static bool CanMove(OrderStatus from, OrderStatus to) =>
        from != OrderStatus.Cancelled && to != OrderStatus.Cancelled && to != OrderStatus.Placed && to > from;

    /// <summary>
    /// Placed and Confirmed orders may be cancelled for any reason; a Shipped one only when its
    /// parcel came back (<see cref="CancelReason.ParcelReturned"/>); Delivered and Cancelled never.
    /// </summary>
    public static string[] Cancellable(CancelReason reason) =>
        reason == CancelReason.ParcelReturned ? ["Placed", "Confirmed", "Shipped"] : ["Placed", "Confirmed"];

    /// <summary>
    /// A cancellable order whose parcel is still at its carrier (it was created meanwhile, or is
    /// being created): the order stays, so no parcel travels for a cancelled order.
    /// </summary>
    public static Refusal RefuseCancelWithParcel() =>
        Refusal.Conflict("shipment-open", "Đơn đang có vận đơn với hãng vận chuyển: hủy vận đơn trước rồi hủy đơn (the order has a parcel at its carrier)");

    /// <summary>Why an order in <paramref name="status"/> may not be cancelled for <paramref name="reason"/>; null when it may.</summary>
    public static Refusal? RefuseCancel(OrderStatus status, CancelReason reason) => status switch
    {
        _ when Cancellable(reason).Contains(status.ToString()) => null,
        OrderStatus.Cancelled => Refusal.Conflict("already-cancelled", "Đơn đã huỷ (the order is already cancelled)"),
        _ => Refusal.Conflict("already-shipped", "Đơn đã gửi đi, không huỷ được (a shipped order cannot be cancelled)"),
    };
}
