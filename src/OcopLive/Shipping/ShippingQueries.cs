using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Shipping;

/// <summary>What the labels, packing slips and carrier file are made from: the producer as sender, and its parcels of a session.</summary>
public sealed record ShippingBatch(Sender Sender, List<Parcel> Parcels);

/// <summary>The shipping documents' read, and who may make them (the owning producer or staff).</summary>
public static class ShippingQueries
{
    /// <summary>403 another producer's, 404 an unknown producer or session.</summary>
    public static async Task<Outcome<ShippingBatch>> BatchAsync(OcopDbContext db, Guid producerId, Guid sessionId, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!user.MaySeeProducer(producerId))
        {
            return Refusal.Forbidden("Không phải chủ thể của bạn (not your producer)");
        }

        var producer = await db.Producers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == producerId, ct);
        if (producer is null)
        {
            return Refusal.NotFound(Problems.ProducerNotFoundTitle);
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, ct))
        {
            return Refusal.NotFound(Problems.SessionNotFoundTitle);
        }

        var sender = new Sender(producer.Name, producer.Phone.StartsWith("+84", StringComparison.Ordinal) ? "0" + producer.Phone[3..] : producer.Phone,
            $"{producer.Commune}, {producer.Province}");
        return new ShippingBatch(sender, await Parcel.ForAsync(db, producerId, sessionId, ct));
    }
}
