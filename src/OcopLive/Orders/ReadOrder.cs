using System.Security.Claims;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Orders;

/// <summary>
/// One order with its customer's name, phone and address, for whoever passes the hotline policy
/// (Operator, Director, Admin) or the owning producer (403 otherwise, 404 an unknown order):
/// like the caller look-up, written to the access audit before it leaves.
/// </summary>
public sealed class ReadOrder(OcopDbContext db, TimeProvider clock)
{
    public async Task<Outcome<OrderDetails>> ReadAsync(Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await OrderQueries.DetailsAsync(db, id, ct);
        if (order is null)
        {
            return Refusal.NotFound(Problems.OrderNotFoundTitle);
        }

        if (!user.Passes(Policies.Hotline) && user.ProducerId() != order.ProducerId)
        {
            return Refusal.Forbidden("Không phải đơn của bạn (not your order)");
        }

        await AccessAudits.RecordAsync(db, user, clock, AccessAudit.OrderRead, order.Customer.Phone, 1, ct);
        return order;
    }
}
