using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using OcopLive.Auth;

namespace OcopLive.Live;

/// <summary>Events of <c>/hubs/producer</c>; the method name is the contract's event name.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Style", "IDE1006:Naming Styles", Justification = "Contract event names")]
public interface IProducerClient
{
    Task sales(ProducerSales sales);

    /// <summary>One of the producer's orders was paid (or part-paid).</summary>
    Task payment(Payments.PaymentUpdate update);

    /// <summary>One of the producer's parcels moved.</summary>
    Task shipment(Delivery.ShipmentUpdate update);

    /// <summary>How far the producer's parcels of a session are (while the bulk job runs).</summary>
    Task parcels(Delivery.ParcelProgress progress);
}

/// <summary>
/// A producer follows its own sales live; staff may follow any producer. A Producer asking for
/// another producer's id is refused and joins no group, so it never receives their figures.
/// </summary>
[Authorize(Policy = Policies.ProducerPortal)]
public sealed class ProducerHub(LiveFigures figures) : Hub<IProducerClient>
{
    public const string Path = "/hubs/producer";

    public static string Group(Guid producerId) => "producer:" + producerId.ToString("N");

    /// <summary>Joins the producer's group, then sends one <c>sales</c> per session still taking orders.</summary>
    public async Task JoinProducer(string producerId)
    {
        var ct = Context.ConnectionAborted;
        if (!Guid.TryParse(producerId, out var id) || Context.User is not { } user || !user.MaySeeProducer(id))
        {
            throw new HubException("Không được xem số liệu của chủ thể này (not your producer)");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Group(id), ct);
        foreach (var sessionId in await figures.ActiveSessionsOfProducerAsync(id, ct))
        {
            if (await figures.ReadAsync(sessionId, LiveFigures.By.Page, ct) is { } snapshot)
            {
                await Clients.Caller.sales(ProducerSales.Of(snapshot, id));
            }
        }
    }
}
