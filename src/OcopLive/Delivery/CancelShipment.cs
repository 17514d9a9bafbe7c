using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Delivery;

/// <summary>
/// Cancels an order's parcel with its carrier (only while the carrier still allows it: before
/// pickup), and the label link. The order itself stays; cancel it through the order's cancel,
/// which calls <see cref="ClearForOrderCancelAsync"/> first so a cancelled order never leaves a
/// parcel at the carrier.
/// </summary>
public sealed class CancelShipment(OcopDbContext db, CarrierConnectors connectors, IDataProtectionProvider protection, ShipmentNotifier notifier,
    CarrierCallbacks callbacks, IOptions<DeliveryOptions> options, TimeProvider clock)
{
    public async Task<Outcome<ShipmentView>> CancelAsync(Guid orderId, ClaimsPrincipal user, CancellationToken ct)
    {
        var (shipment, account, refusal) = await FindAsync(orderId, user, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        return await CancelAtCarrierAsync(shipment!, account!, ct);
    }

    /// <summary>
    /// The parcel step of cancelling an order, made before the order's transaction opens (no row is
    /// locked while the carrier answers). Null when the order has no parcel left at the carrier: none,
    /// cancelled, returned, a reservation that never reached the carrier (removed), or a parcel not yet
    /// picked up that the carrier has just cancelled. A refusal otherwise: the parcel is on its way
    /// (<c>shipment-picked-up</c>), is being created right now (<c>shipment-pending</c>), or the carrier
    /// did not cancel it (<c>carrier-refused</c>, <c>carrier-unavailable</c>). No caller's rights are
    /// checked here: the order's cancel checked them.
    /// </summary>
    public async Task<Refusal?> ClearForOrderCancelAsync(Guid orderId, CancellationToken ct)
    {
        var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, ct);
        if (shipment is null || DeliveryRules.IsSettled(shipment.Status))
        {
            return null;
        }

        if (shipment.Status != ShipmentStatus.Created)
        {
            return PickedUp(shipment.Status);
        }

        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.ProducerId == shipment.ProducerId && a.Carrier == shipment.Carrier, ct);
        if (account is null)
        {
            return Refusal.Conflict("carrier-account-missing", "Tài khoản hãng vận chuyển đã bị xóa: không hủy được vận đơn với hãng");
        }

        if (shipment.TrackingCode is null)
        {
            var (adopted, refusal) = await SettleReservationAsync(shipment, account, ct);
            if (refusal is not null || adopted is null)
            {
                return refusal;
            }

            shipment = adopted;
        }

        var (_, cancelRefusal) = await CancelAtCarrierAsync(shipment, account, ct);
        return cancelRefusal;
    }

    /// <summary>
    /// A reservation with no tracking code: while its lease runs, the request that made it may still
    /// be creating the parcel (refused, try again shortly). Once the lease is over, the carrier is
    /// asked by our client order code: a parcel it knows is adopted (and then cancelled by the
    /// caller); none, and the reservation is removed, unless another request took it over meanwhile.
    /// </summary>
    private async Task<(Shipment? Adopted, Refusal? Refusal)> SettleReservationAsync(Shipment shipment, CarrierAccount account, CancellationToken ct)
    {
        var pending = Refusal.Conflict("shipment-pending", "Vận đơn đang được tạo với hãng vận chuyển; vui lòng thử hủy lại sau ít phút");
        if (shipment.UpdatedAt > clock.GetUtcNow() - options.Value.ReservationLease)
        {
            return (null, pending);
        }

        CarrierParcel? found;
        try
        {
            found = await connectors.For(shipment.Carrier).FindAsync(CarrierAccounts.Credentials(protection, account), shipment.ClientOrderCode, ct);
        }
        catch (CarrierException ex)
        {
            return (null, CarrierRefusal(ex));
        }

        if (found is null)
        {
            var removed = await db.Shipments
                .Where(s => s.Id == shipment.Id && s.TrackingCode == null && s.UpdatedAt == shipment.UpdatedAt).ExecuteDeleteAsync(ct);
            return (null, removed == 1 ? null : pending);
        }

        await db.Shipments.Where(s => s.Id == shipment.Id && s.TrackingCode == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.TrackingCode, found.TrackingCode).SetProperty(s => s.LastError, (string?)null), ct);
        await callbacks.AdoptAsync(shipment.Carrier, found.TrackingCode, ct);
        var adopted = await db.Shipments.AsNoTracking().FirstAsync(s => s.Id == shipment.Id, ct);
        if (DeliveryRules.IsSettled(adopted.Status))
        {
            return (null, null);
        }

        return adopted.Status == ShipmentStatus.Created ? (adopted, null) : (null, PickedUp(adopted.Status));
    }

    private async Task<Outcome<ShipmentView>> CancelAtCarrierAsync(Shipment shipment, CarrierAccount account, CancellationToken ct)
    {
        if (shipment.Status == ShipmentStatus.Cancelled)
        {
            return DeliveryQueries.View(shipment);
        }

        if (shipment.Status != ShipmentStatus.Created)
        {
            return PickedUp(shipment.Status);
        }

        try
        {
            await connectors.For(shipment.Carrier).CancelAsync(CarrierAccounts.Credentials(protection, account), shipment.TrackingCode!, ct);
        }
        catch (CarrierException ex)
        {
            return CarrierRefusal(ex);
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

    private static Refusal PickedUp(ShipmentStatus status) =>
        Refusal.Conflict("shipment-picked-up", $"Hàng đã được lấy ({DeliveryRules.Words(status)}), không hủy được vận đơn");

    private static Refusal CarrierRefusal(CarrierException ex) => ex.Transient
        ? new Refusal(StatusCodes.Status503ServiceUnavailable, "carrier-unavailable", "Hãng vận chuyển chưa trả lời: " + ex.Message)
        : new Refusal(StatusCodes.Status502BadGateway, "carrier-refused", "Hãng vận chuyển từ chối: " + ex.Message);

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
            return CarrierRefusal(ex);
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
