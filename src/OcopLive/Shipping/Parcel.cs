using Microsoft.EntityFrameworkCore;
using OcopLive.Data;
using OcopLive.Orders;
using OcopLive.Payments;

namespace OcopLive.Shipping;

/// <summary>One order to pack and hand to a carrier: what a label, a packing slip and the carrier's file need.</summary>
public sealed record Parcel(
    Guid OrderId, long Number, string ReceiverName, string ReceiverPhone, string Province, string Commune, string? Street,
    string ProductName, string Unit, int Quantity, long TotalVnd, long PaidVnd, PaymentStatus PaymentStatus, OrderStatus Status,
    DateTimeOffset CreatedAt)
{
    /// <summary>What the carrier collects: nothing once paid, otherwise what is still owed.</summary>
    public long CodVnd => PaymentStatus == PaymentStatus.Paid ? 0 : Math.Max(0, TotalVnd - PaidVnd);

    /// <summary>The phone as Vietnamese carriers' forms want it: 0 + 9 digits.</summary>
    public string LocalPhone => ReceiverPhone.StartsWith("+84", StringComparison.Ordinal) ? "0" + ReceiverPhone[3..] : ReceiverPhone;

    /// <summary>The carrier's parcel code and the carrier, once the parcel is made (printed on the label).</summary>
    public string? TrackingCode { get; init; }

    public string? CarrierName { get; init; }

    public string FullAddress => string.Join(", ", new[] { Street, Commune, Province }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>The orders of one producer in one session still to ship (not cancelled), oldest first.</summary>
    public static Task<List<Parcel>> ForAsync(OcopDbContext db, Guid producerId, Guid sessionId, CancellationToken ct) =>
        (from o in db.Orders.AsNoTracking()
         join p in db.Products on o.ProductId equals p.Id
         where o.ProducerId == producerId && o.SessionId == sessionId && o.Status != OrderStatus.Cancelled
         orderby o.Number
         select new Parcel(o.Id, o.Number, o.CustomerName, o.CustomerPhone, o.Province, o.Commune, o.Street, p.Name, p.Unit, o.Quantity,
             o.TotalVnd, o.PaidVnd, o.PaymentStatus, o.Status, o.CreatedAt)
         {
             TrackingCode = db.Shipments.Where(s => s.OrderId == o.Id).Select(s => s.TrackingCode).FirstOrDefault(),
             CarrierName = db.Shipments.Where(s => s.OrderId == o.Id && s.TrackingCode != null).Select(s => s.Carrier.ToString()).FirstOrDefault(),
         })
        .ToListAsync(ct);
}
