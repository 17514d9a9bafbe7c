using Microsoft.AspNetCore.SignalR;
using OcopLive.Live;

namespace OcopLive.Payments;

/// <summary>An order's payment as its buyer's page and its producer's dashboard see it change: no customer data.</summary>
public sealed record PaymentUpdate(Guid OrderId, long Number, Guid SessionId, Guid ProducerId, PaymentStatus Status, long PaidVnd, long TotalVnd);

/// <summary>
/// Pushes a changed payment to the one buyer following that order (<c>payment</c> on
/// <c>/hubs/live</c>, group of the order) and to its producer (<c>payment</c> on <c>/hubs/producer</c>).
/// Both go through the hubs' contexts, so with Redis they reach every node.
/// </summary>
public sealed class PaymentNotifier(
    IHubContext<LiveHub, ILiveClient> live, IHubContext<ProducerHub, IProducerClient> producers, ILogger<PaymentNotifier> logger)
{
    public static string OrderGroup(Guid orderId) => "order:" + orderId.ToString("N");

    public void PaymentChanged(MatchedOrder order)
    {
        var update = new PaymentUpdate(order.Id, order.Number, order.SessionId, order.ProducerId, order.Status, order.PaidVnd, order.TotalVnd);
        _ = SendAsync(update);
    }

    private async Task SendAsync(PaymentUpdate update)
    {
        try
        {
            await live.Clients.Group(OrderGroup(update.OrderId)).payment(update);
            await producers.Clients.Group(ProducerHub.Group(update.ProducerId)).payment(update);
        }
        catch (Exception ex)
        {
            // The state is committed; a page that missed the push reads it on its next poll or join.
            logger.LogWarning(ex, "Payment push for order {Number} failed", update.Number);
        }
    }
}
