using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Orders;

/// <summary>
/// After an order is placed: its producer (or a Director, an Admin) moves it forward
/// (cancelling is <see cref="CancelOrder"/>). Called by <see cref="OrdersApi"/> (the producer page uses that API).
/// </summary>
public sealed class Fulfilment(OcopDbContext db, TimeProvider clock)
{
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
        return await OrderQueries.Details(db.Orders.Where(o => o.Id == id), db).FirstAsync(ct);
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
