using Microsoft.EntityFrameworkCore;
using OcopLive.Data;
using OcopLive.Payments;

namespace OcopLive.Orders;

/// <summary>The reads of orders that several callers share: the API, the fulfilment handlers, the comment desk, the ship page, the producer's sales.</summary>
public static class OrderQueries
{
    /// <summary>Orders as the API shows them (with their product's name and payment), composable: filter and order <paramref name="orders"/> first.</summary>
    public static IQueryable<OrderDetails> Details(IQueryable<Order> orders, OcopDbContext db) =>
        from o in orders
        join p in db.Products on o.ProductId equals p.Id
        select new OrderDetails(o.Id, o.Number, o.Status, o.SessionId, o.ProductId, p.Name, o.ProducerId, o.Quantity, o.UnitPriceVnd,
            o.TotalVnd, o.Channel, new CustomerOutput(o.CustomerName, o.CustomerPhone), new AddressOutput(o.Province, o.Commune, o.Street, o.ProvinceCode, o.CommuneCode),
            o.CreatedAt, o.UpdatedAt)
        {
            Payment = OrderPayment.Of(o.Number, o.TotalVnd, o.PaymentStatus, o.PaymentMethod, o.PayBin, o.PayAccount, o.PaidVnd),
            Shipment = db.Shipments.Where(s => s.OrderId == o.Id)
                .Select(s => new Delivery.OrderShipment(s.Carrier, s.TrackingCode, s.Status, s.UpdatedAt, s.FeeVnd, s.CodVnd)).FirstOrDefault(),
        };

    /// <summary>One order's details, or null when there is no such order.</summary>
    public static Task<OrderDetails?> DetailsAsync(OcopDbContext db, Guid id, CancellationToken ct) =>
        Details(db.Orders.AsNoTracking().Where(o => o.Id == id), db).FirstOrDefaultAsync(ct);
}
