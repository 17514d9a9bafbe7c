using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Live;

namespace OcopLive.Orders;

/// <summary>
/// After an order is placed: its producer (or a Director, an Admin) moves it forward or cancels
/// it. One method per use case, called by <see cref="OrdersApi"/> (the producer page uses that API).
/// </summary>
public sealed class Fulfilment(OcopDbContext db, ILiveNotifier notifier, TimeProvider clock)
{
    /// <summary>Cancels an order and returns its units to stock and the live totals, in one transaction.</summary>
    public async Task<Outcome<OrderDetails>> CancelAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (order, refusal) = await LockOwnOrderAsync(id, user, ct);
        if (order is null)
        {
            return refusal!;
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            return Refusal.Conflict("already-cancelled", "Đơn đã huỷ (the order is already cancelled)");
        }

        if (order.Status is OrderStatus.Shipped or OrderStatus.Delivered)
        {
            return Refusal.Conflict("already-shipped", "Đơn đã gửi đi, không huỷ được (a shipped order cannot be cancelled)");
        }

        await CancelLockedAsync(order, ct);
        await tx.CommitAsync(ct);
        notifier.SalesChanged(order.SessionId);
        return await OrdersApi.Details(db.Orders.Where(o => o.Id == id), db).FirstAsync(ct);
    }

    /// <summary>
    /// A carrier brought the order's parcel back: while the session still sells (Live or Ended),
    /// the order is cancelled and its units go back on stock by the same rule as a cancel. Once per
    /// parcel (<c>shipments.restocked_at</c>); false when nothing was done.
    /// </summary>
    public async Task<bool> CancelReturnedAsync(Guid orderId, Guid shipmentId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = await db.Orders.FromSql($"SELECT * FROM orders WHERE id = {orderId} FOR UPDATE").FirstOrDefaultAsync(ct);
        var selling = order is not null && await db.Sessions.AnyAsync(
            s => s.Id == order.SessionId && (s.Status == Sessions.SessionStatus.Live || s.Status == Sessions.SessionStatus.Ended), ct);
        if (order is null || order.Status == OrderStatus.Cancelled || !selling)
        {
            return false;
        }

        var claimed = await db.Database.ExecuteSqlAsync(
            $"UPDATE shipments SET restocked_at = {clock.GetUtcNow()} WHERE id = {shipmentId} AND order_id = {orderId} AND restocked_at IS NULL", ct);
        if (claimed == 0)
        {
            return false;
        }

        await CancelLockedAsync(order, ct);
        await tx.CommitAsync(ct);
        notifier.SalesChanged(order.SessionId);
        return true;
    }

    /// <summary>The one cancel rule, on an order row already locked: status, stock back, live totals down.</summary>
    private async Task CancelLockedAsync(Order order, CancellationToken ct)
    {
        order.Status = OrderStatus.Cancelled;
        order.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlAsync($"UPDATE products SET stock = stock + {order.Quantity} WHERE id = {order.ProductId}", ct);
        await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE product_sales SET orders = orders - 1, units = units - {order.Quantity}, revenue_vnd = revenue_vnd - {order.TotalVnd}
             WHERE session_id = {order.SessionId} AND product_id = {order.ProductId}
            """, ct);
    }

    /// <summary>Forward only: Placed → Confirmed → Shipped → Delivered; the same status again changes nothing.</summary>
    public async Task<Outcome<OrderDetails>> ChangeStatusAsync(Guid id, StatusRequest request, ClaimsPrincipal user, CancellationToken ct)
    {
        if (request.Status is not (OrderStatus.Confirmed or OrderStatus.Shipped or OrderStatus.Delivered))
        {
            return Refusal.Invalid("status", "Confirmed, Shipped hoặc Delivered (one of these).");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (order, refusal) = await LockOwnOrderAsync(id, user, ct);
        if (order is null)
        {
            return refusal!;
        }

        if (order.Status != request.Status)
        {
            if (!OrderRules.CanMove(order.Status, request.Status.Value))
            {
                return Refusal.Conflict("invalid-status-transition",
                    $"Không chuyển được từ {order.Status} sang {request.Status} (orders move forward: Placed → Confirmed → Shipped → Delivered)");
            }

            order.Status = request.Status.Value;
            order.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await OrdersApi.Details(db.Orders.Where(o => o.Id == id), db).FirstAsync(ct);
    }

    /// <summary>Locks the order row for a change by its producer or staff; refuses unknown or others' orders.</summary>
    private async Task<(Order? Order, Refusal? Refusal)> LockOwnOrderAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await db.Orders.FromSql($"SELECT * FROM orders WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(ct);
        if (order is null)
        {
            return (null, Refusal.NotFound(Problems.OrderNotFoundTitle));
        }

        return user.MaySeeProducer(order.ProducerId)
            ? (order, null)
            : (null, Refusal.Forbidden("Không phải đơn của bạn (not your order)"));
    }
}
