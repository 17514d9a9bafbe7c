using Microsoft.AspNetCore.SignalR;
using OcopLive.Live;
using OcopLive.Payments;

namespace OcopLive.Delivery;

/// <summary>
/// Pushes a changed parcel the way payments are pushed: <c>shipment</c> to the one buyer following
/// the order on <c>/hubs/live</c> (the order's group, joined with the watch token) and to its
/// producer on <c>/hubs/producer</c>; <c>parcels</c> (the progress of a session's parcels) to the
/// producer while the bulk job runs. Through the hubs' contexts, so with Redis every node hears it.
/// </summary>
public sealed class ShipmentNotifier(
    IHubContext<LiveHub, ILiveClient> live, IHubContext<ProducerHub, IProducerClient> producers, ILogger<ShipmentNotifier> logger)
{
    public void Changed(ShipmentView shipment, Guid sessionId, Guid producerId) =>
        _ = SendAsync(new ShipmentUpdate(shipment.OrderId, sessionId, producerId, shipment with { LastError = null }));

    public async Task ProgressAsync(ParcelProgress progress)
    {
        try
        {
            await producers.Clients.Group(ProducerHub.Group(progress.ProducerId)).parcels(progress);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Parcel progress push failed");
        }
    }

    private async Task SendAsync(ShipmentUpdate update)
    {
        try
        {
            await live.Clients.Group(PaymentNotifier.OrderGroup(update.OrderId)).shipment(update);
            await producers.Clients.Group(ProducerHub.Group(update.ProducerId)).shipment(update);
        }
        catch (Exception ex)
        {
            // The state is committed; a page that missed the push reads it on its next join or load.
            logger.LogWarning(ex, "Shipment push for order {OrderId} failed", update.OrderId);
        }
    }
}
