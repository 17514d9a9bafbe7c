using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Orders;

public sealed record OrderLookupRequest(string? Number, string? Phone);

/// <summary>What a viewer may see of their own order: no customer data beyond what they typed.</summary>
public sealed record OrderStatusView([property: System.Text.Json.Serialization.JsonIgnore] Guid Id, long Number, OrderStatus Status, Guid SessionId, string ProductName, int Quantity, long TotalVnd,
    DateTimeOffset CreatedAt)
{
    public OrderPayment? Payment { get; init; }

    /// <summary>Where the order goes: the official names and their codes (the buyer typed or picked them).</summary>
    public AddressOutput? Address { get; init; }

    /// <summary>The order's carrier parcel, so the buyer sees where it is; null until one is made.</summary>
    public Delivery.OrderShipment? Shipment { get; init; }
}

/// <summary>
/// A viewer's look-up of their own order: its status when both its number and the buyer's phone
/// match; 404 for any mismatch, so the answer never tells whether a number exists. The answer
/// carries the payment's watch token: number and phone match, so this is the buyer.
/// </summary>
public sealed class BuyerLookup(OcopDbContext db, PaymentWatch watch)
{
    public async Task<Outcome<OrderStatusView>> LookupAsync(OrderLookupRequest request, CancellationToken ct)
    {
        var (number, phone) = (request.Number, request.Phone);
        var errors = new Errors();
        if (!long.TryParse(number?.Trim().TrimStart('#'), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            errors.Add("number", "Mã đơn là một dãy số (the order number is digits).");
        }

        var normalized = Phone.Normalize(phone);
        if (normalized is null)
        {
            errors.Add("phone", CallerLookup.PhoneMessage);
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var order = await (from o in db.Orders.AsNoTracking()
                           join p in db.Products on o.ProductId equals p.Id
                           where o.Number == n && o.CustomerPhone == normalized
                           select new OrderStatusView(o.Id, o.Number, o.Status, o.SessionId, p.Name, o.Quantity, o.TotalVnd, o.CreatedAt)
                           {
                               Payment = OrderPayment.Of(o.Number, o.TotalVnd, o.PaymentStatus, o.PaymentMethod, o.PayBin, o.PayAccount, o.PaidVnd),
                               Address = new AddressOutput(o.Province, o.Commune, o.Street, o.ProvinceCode, o.CommuneCode),
                               Shipment = db.Shipments.Where(s => s.OrderId == o.Id)
                                   .Select(s => new Delivery.OrderShipment(s.Carrier, s.TrackingCode, s.Status, s.UpdatedAt, null, s.CodVnd))
                                   .FirstOrDefault(),
                           })
            .FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return Refusal.NotFound("Không tìm thấy đơn với mã và số điện thoại này (no order with this number and phone)");
        }

        // Number and phone match: this is the buyer, who may follow the payment and see its QR.
        return order with { Payment = order.Payment! with { WatchToken = watch.TokenFor(order.Id) } };
    }
}
