using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Data;
using OcopLive.Orders;

namespace OcopLive.Pages.Producer;

/// <summary>
/// What a label's QR code opens on the producer's phone: the order, and one button to mark it
/// handed to the carrier (<c>POST /api/orders/{id}/status</c> <c>Shipped</c>). Only the owning
/// producer or staff; anyone else gets 403, so a label found on a parcel tells a stranger nothing.
/// </summary>
[Authorize(Policy = Policies.ProducerPortal)]
public sealed class ShipModel(OcopDbContext db) : PageModel
{
    public OrderDetails? Order { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid orderId, CancellationToken ct)
    {
        Order = await OrderQueries.Details(db.Orders.AsNoTracking().Where(o => o.Id == orderId), db).FirstOrDefaultAsync(ct);
        if (Order is null)
        {
            return NotFound();
        }

        return User.MaySeeProducer(Order.ProducerId) ? Page() : Forbid();
    }
}
