using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Delivery;

/// <summary>
/// Cancels an order's parcel with its carrier (only while the carrier still allows it: before
/// pickup), and the label link. The order itself stays; cancel it through the order's cancel.
/// </summary>
public sealed class CancelShipment(OcopDbContext db, CarrierConnectors connectors, IDataProtectionProvider protection, ShipmentNotifier notifier,
    TimeProvider clock)
{
    public async Task<Outcome<ShipmentView>> CancelAsync(Guid orderId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (shipment, account, refusal) = await FindAsync(orderId, user, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (shipment!.Status == ShipmentStatus.Cancelled)
        {
            return DeliveryQueries.View(shipment);
        }

        if (shipment.Status != ShipmentStatus.Created)
        {
            return Refusal.Conflict("shipment-picked-up", $"Hàng đã được lấy ({DeliveryRules.Words(shipment.Status)}), không hủy được vận đơn");
        }

        try
        {
            await connectors.For(shipment.Carrier).CancelAsync(CarrierAccounts.Credentials(protection, account!), shipment.TrackingCode!, ct);
        }
        catch (CarrierException ex)
        {
            return ex.Transient
                ? new Refusal(StatusCodes.Status503ServiceUnavailable, "carrier-unavailable", "Hãng vận chuyển chưa trả lời: " + ex.Message)
                : new Refusal(StatusCodes.Status502BadGateway, "carrier-refused", "Hãng vận chuyển từ chối: " + ex.Message);
        }

        var now = clock.GetUtcNow();
        var tracked = await db.Shipments.FirstAsync(s => s.Id == shipment.Id, ct);
        if (!DeliveryRules.IsFinal(tracked.Status))
        {
            tracked.Status = ShipmentStatus.Cancelled;
            tracked.CancelledAt = now;
            tracked.StatusAt = now;
            tracked.UpdatedAt = now;
            db.ShipmentEvents.Add(new ShipmentEvent
            {
                Carrier = tracked.Carrier,
                TrackingCode = tracked.TrackingCode!,
                ShipmentId = tracked.Id,
                DedupeKey = "cancelled|" + tracked.TrackingCode,
                CarrierStatus = "",
                Status = ShipmentStatus.Cancelled,
                At = now,
                ReceivedAt = now,
                Outcome = ShipmentEventOutcome.Applied,
            });
            await db.SaveChangesAsync(ct);
        }

        var view = DeliveryQueries.View(tracked);
        notifier.Changed(view, tracked.SessionId, tracked.ProducerId);
        return view;
    }

    public async Task<Outcome<CarrierLabel>> LabelAsync(Guid orderId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (shipment, account, refusal) = await FindAsync(orderId, user, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        try
        {
            return await connectors.For(shipment!.Carrier).LabelAsync(CarrierAccounts.Credentials(protection, account!), shipment.TrackingCode!, ct);
        }
        catch (CarrierException ex)
        {
            return new Refusal(ex.Transient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                ex.Transient ? "carrier-unavailable" : "carrier-refused", ex.Message);
        }
    }

    private async Task<(Shipment?, CarrierAccount?, Refusal?)> FindAsync(Guid orderId, ClaimsPrincipal user, CancellationToken ct)
    {
        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, ct);
        if (shipment is null || shipment.TrackingCode is null)
        {
            return (null, null, Refusal.NotFound("Đơn chưa có vận đơn (no parcel for this order)"));
        }

        if (!user.MaySeeProducer(shipment.ProducerId))
        {
            return (null, null, Refusal.Forbidden("Không phải đơn của bạn (not your order)"));
        }

        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ProducerId == shipment.ProducerId && a.Carrier == shipment.Carrier, ct);
        return account is null
            ? (null, null, Refusal.Conflict("carrier-account-missing", "Tài khoản hãng vận chuyển đã bị xóa"))
            : (shipment, account, null);
    }
}
