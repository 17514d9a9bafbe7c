using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Delivery;

/// <summary>
/// A parcel as the API, the pages and the hubs show it. <c>GET /api/orders/{id}</c> carries the
/// contract's four fields (<c>carrier</c>, <c>trackingCode</c>, <c>status</c>, <c>updatedAt</c>);
/// the rest are ours.
/// </summary>
public sealed record ShipmentView(
    Guid OrderId, Carrier Carrier, string? TrackingCode, ShipmentStatus Status, string StatusText, long? FeeVnd, long CodVnd,
    int WeightGrams, DateTimeOffset UpdatedAt, string? LastError)
{
    /// <summary>Our route that opens (or serves) the carrier's own label.</summary>
    public string? LabelUrl => TrackingCode is null ? null : $"/api/orders/{OrderId}/shipment/label";
}

/// <summary>The contract's <c>shipment</c> of an order (<c>GET /api/orders/{id}</c>, the viewer's look-up).</summary>
public sealed record OrderShipment(Carrier Carrier, string? TrackingCode, ShipmentStatus Status, DateTimeOffset UpdatedAt, long? FeeVnd, long CodVnd)
{
    public string StatusText => DeliveryRules.Words(Status);
}

/// <summary>One row of a producer's parcels for a session (the portal's table).</summary>
public sealed record ParcelRow(Guid OrderId, long Number, string CustomerName, string Commune, string Province, long TotalVnd, OrderStatus OrderStatus,
    ShipmentView? Shipment);

/// <summary>How far a producer's parcels of a session are: the portal's progress bar.</summary>
public sealed record ParcelProgress(Guid ProducerId, Guid SessionId, int Orders, int WithParcel, int Failed, int Delivered, int Returned)
{
    /// <summary>Pay-first orders still unpaid and without a parcel: the bulk run skips them until their money arrives.</summary>
    public int AwaitingPayment { get; init; }
}

/// <summary>An update for the pages following a parcel: no customer data.</summary>
public sealed record ShipmentUpdate(Guid OrderId, Guid SessionId, Guid ProducerId, ShipmentView Shipment);

/// <summary>
/// One producer's parcels of one session, for the post-session report: parcels made (not
/// cancelled), delivered and returned; the cash delivered parcels collected at the door
/// (<see cref="CodCollectedVnd"/>, what the carrier owes) against what the imported settlement
/// sheets say the carrier paid back (<see cref="CodSettledVnd"/>) and the fees it kept.
/// </summary>
public sealed record SessionParcelFigures(int Created, int Delivered, int Returned, long CodCollectedVnd, long CodSettledVnd, long CodFeesVnd)
{
    public static readonly SessionParcelFigures None = new(0, 0, 0, 0, 0, 0);

    /// <summary>Collected at the door and not yet settled (negative when a sheet paid more).</summary>
    public long CodOutstandingVnd => CodCollectedVnd - CodSettledVnd;
}

public static class DeliveryQueries
{
    /// <summary>Per producer of the session (one producer when <paramref name="producerId"/> is given): its parcel figures.</summary>
    public static async Task<Dictionary<Guid, SessionParcelFigures>> SessionFiguresAsync(OcopDbContext db, Guid sessionId, Guid? producerId,
        CancellationToken ct)
    {
        var shipments = db.Shipments.AsNoTracking().Where(s => s.SessionId == sessionId && (producerId == null || s.ProducerId == producerId));
        var parcels = await shipments.GroupBy(s => s.ProducerId).Select(g => new
        {
            ProducerId = g.Key,
            Created = g.Count(s => s.TrackingCode != null && s.Status != ShipmentStatus.Cancelled),
            Delivered = g.Count(s => s.Status == ShipmentStatus.Delivered),
            Returned = g.Count(s => s.Status == ShipmentStatus.Returned),
            Collected = g.Where(s => s.Status == ShipmentStatus.Delivered).Sum(s => s.CodVnd),
        }).ToListAsync(ct);
        var settled = await (from l in db.Set<CodMoney.CodSettlement>().AsNoTracking()
                             join s in shipments on l.ShipmentId equals s.Id
                             group l by s.ProducerId into g
                             select new { ProducerId = g.Key, Settled = g.Sum(l => l.CollectedVnd), Fees = g.Sum(l => l.FeeVnd) }).ToListAsync(ct);
        var figures = parcels.ToDictionary(p => p.ProducerId, p => new SessionParcelFigures(p.Created, p.Delivered, p.Returned, p.Collected, 0, 0));
        foreach (var m in settled)
        {
            figures[m.ProducerId] = figures.GetValueOrDefault(m.ProducerId, SessionParcelFigures.None) with { CodSettledVnd = m.Settled, CodFeesVnd = m.Fees };
        }

        return figures;
    }

    public static ShipmentView View(Shipment s) =>
        new(s.OrderId, s.Carrier, s.TrackingCode, s.Status, DeliveryRules.Words(s.Status), s.FeeVnd, s.CodVnd, s.WeightGrams, s.UpdatedAt, s.LastError);

    public static async Task<ShipmentView?> ViewAsync(OcopDbContext db, Guid shipmentId, CancellationToken ct) =>
        await db.Shipments.AsNoTracking().Where(s => s.Id == shipmentId).Select(s => View(s)).FirstOrDefaultAsync(ct);

    /// <summary>An order's parcel for the producer's pages: 404 an unknown order or one without a parcel, 403 another producer's.</summary>
    public static async Task<Outcome<ShipmentView>> OrderParcelAsync(OcopDbContext db, Guid orderId, ClaimsPrincipal user, CancellationToken ct)
    {
        var producerId = await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => (Guid?)o.ProducerId).FirstOrDefaultAsync(ct);
        if (producerId is null)
        {
            return Refusal.NotFound(Problems.OrderNotFoundTitle);
        }

        if (!user.MaySeeProducer(producerId.Value))
        {
            return Refusal.Forbidden("Không phải đơn của bạn (not your order)");
        }

        return await ForOrderAsync(db, orderId, ct) is { } view ? view : Refusal.NotFound("Đơn chưa có vận đơn (no parcel for this order)");
    }

    /// <summary>The last 500 carrier reports that named a parcel or status we do not know, newest first.</summary>
    public static async Task<IReadOnlyList<UnknownReport>> UnknownReportsAsync(OcopDbContext db, CancellationToken ct) =>
        await db.ShipmentEvents.AsNoTracking()
            .Where(e => e.Outcome == ShipmentEventOutcome.Unknown).OrderByDescending(e => e.Id).Take(500)
            .Select(e => new UnknownReport(e.Id, e.Carrier, e.TrackingCode, e.CarrierStatus, e.At, e.ReceivedAt, e.Payload)).ToListAsync(ct);

    public static async Task<ShipmentView?> ForOrderAsync(OcopDbContext db, Guid orderId, CancellationToken ct) =>
        await db.Shipments.AsNoTracking().Where(s => s.OrderId == orderId).Select(s => View(s)).FirstOrDefaultAsync(ct);

    /// <summary>The parcels of many orders at once (a page of the portal's order list).</summary>
    public static async Task<Dictionary<Guid, ShipmentView>> ForOrdersAsync(OcopDbContext db, IReadOnlyCollection<Guid> orderIds, CancellationToken ct) =>
        (await db.Shipments.AsNoTracking().Where(s => orderIds.Contains(s.OrderId)).ToListAsync(ct)).ToDictionary(s => s.OrderId, View);

    /// <summary>The orders of a producer's session that may get a parcel (not cancelled), and theirs.</summary>
    public static async Task<List<ParcelRow>> ParcelsAsync(OcopDbContext db, Guid producerId, Guid sessionId, CancellationToken ct)
    {
        var rows = await (from o in db.Orders.AsNoTracking()
                          where o.ProducerId == producerId && o.SessionId == sessionId
                          join s in db.Shipments on o.Id equals s.OrderId into ss
                          from s in ss.DefaultIfEmpty()
                          where o.Status != OrderStatus.Cancelled || s != null
                          orderby o.Number
                          select new { o.Id, o.Number, o.CustomerName, o.Commune, o.Province, o.TotalVnd, o.Status, Shipment = s })
            .ToListAsync(ct);
        return rows.Select(r => new ParcelRow(r.Id, r.Number, r.CustomerName, r.Commune, r.Province, r.TotalVnd, r.Status,
            r.Shipment is null ? null : View(r.Shipment))).ToList();
    }

    public static async Task<ParcelProgress> ProgressAsync(OcopDbContext db, Guid producerId, Guid sessionId, CancellationToken ct)
    {
        var orders = await db.Orders.AsNoTracking()
            .CountAsync(o => o.ProducerId == producerId && o.SessionId == sessionId && o.Status != OrderStatus.Cancelled, ct);
        var parcels = await db.Shipments.AsNoTracking().Where(s => s.ProducerId == producerId && s.SessionId == sessionId)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                WithParcel = g.Count(s => s.TrackingCode != null),
                Failed = g.Count(s => s.TrackingCode == null && s.LastError != null),
                Delivered = g.Count(s => s.Status == ShipmentStatus.Delivered),
                Returned = g.Count(s => s.Status == ShipmentStatus.Returned),
            })
            .FirstOrDefaultAsync(ct);
        var awaiting = await db.Orders.AsNoTracking()
            .CountAsync(o => o.ProducerId == producerId && o.SessionId == sessionId && o.Status != OrderStatus.Cancelled
                             && o.PrepayRequired && o.PaymentStatus != Payments.PaymentStatus.Paid
                             && !db.Shipments.Any(s => s.OrderId == o.Id && s.TrackingCode != null), ct);
        return new ParcelProgress(producerId, sessionId, Math.Max(orders, parcels?.WithParcel ?? 0), parcels?.WithParcel ?? 0, parcels?.Failed ?? 0,
            parcels?.Delivered ?? 0, parcels?.Returned ?? 0)
        { AwaitingPayment = awaiting };
    }
}
