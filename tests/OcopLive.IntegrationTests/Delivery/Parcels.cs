using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Delivery;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Delivery;

/// <summary>Parcels arranged straight in the database, as the carrier code leaves them after creating and following one.</summary>
public static class Parcels
{
    /// <summary>A parcel for the order (its 201 body) with the carrier's code, in the given status; returns the code.</summary>
    public static async Task<string> ShipAsync(OcopApp app, JsonElement order, Guid producerId, Carrier carrier,
        ShipmentStatus status = ShipmentStatus.Delivered, string? trackingCode = null)
    {
        var code = trackingCode ?? CodeFor(carrier);
        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async db =>
        {
            db.Shipments.Add(new Shipment
            {
                Id = Guid.CreateVersion7(),
                OrderId = order.GetProperty("id").GetGuid(),
                ProducerId = producerId,
                SessionId = order.GetProperty("sessionId").GetGuid(),
                Carrier = carrier,
                ClientOrderCode = order.GetProperty("number").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
                TrackingCode = code,
                Status = status,
                CodVnd = order.GetProperty("totalVnd").GetInt64(),
                WeightGrams = 500,
                CreatedAt = now,
                UpdatedAt = now,
            });
            return await db.SaveChangesAsync();
        });
        return code;
    }

    /// <summary>Moves the parcel to a status as a carrier callback does (one UPDATE of the row).</summary>
    public static Task MoveAsync(OcopApp app, string trackingCode, ShipmentStatus status) =>
        app.WithDbAsync(db => db.Shipments.Where(s => s.TrackingCode == trackingCode)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status).SetProperty(s => s.UpdatedAt, DateTimeOffset.UtcNow)));

    /// <summary>A code shaped like the carrier's own: GHN 8 letters and digits, GHTK a dotted label, Viettel Post 13 digits.</summary>
    public static string CodeFor(Carrier carrier)
    {
        var n = Random.Shared.NextInt64(100_000_000, 999_999_999);
        return carrier switch
        {
            Carrier.GHN => "G" + Convert.ToString(n, 16).ToUpperInvariant()[..7],
            Carrier.GHTK => $"S22563.BO.HN12.A1.{n}",
            _ => "18" + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + "01",
        };
    }
}
