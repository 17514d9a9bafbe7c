using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Lineups;
using OcopLive.Sessions;

namespace OcopLive.IntegrationTests.Infrastructure;

/// <summary>
/// A session already on air (segment 1) with one product per given stock, for the order tests:
/// catalogue, session and entries through the API, the line-up and the status straight in the
/// database (the planning and control endpoints are tested elsewhere).
/// </summary>
public sealed record OnAirSession(Guid SessionId, Guid ProducerId, IReadOnlyList<Guid> ProductIds)
{
    /// <summary>
    /// Creates a producer, products with the given stocks, a session with an entry per product, a
    /// line-up of one segment per product and puts the session on air (first segment).
    /// </summary>
    public static async Task<OnAirSession> ArrangeAsync(OcopApp app, int[] stocks, int? limitPerCustomer = null, int maxPerOrder = 10,
        SessionStatus status = SessionStatus.Live, long priceVnd = 100_000, long? dealPriceVnd = null)
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        var productIds = new List<Guid>();
        foreach (var stock in stocks)
        {
            productIds.Add(await Catalogue.CreateProductAsync(staff, producerId, stock: stock, priceVnd: priceVnd, maxPerOrder: maxPerOrder));
        }

        var sessionId = await Catalogue.IdOf(await staff.PostAsJsonAsync("/api/sessions", new
        {
            title = $"Phiên thử {Guid.NewGuid():N}"[..20],
            startsAt = DateTimeOffset.UtcNow,
            durationMinutes = 60,
        }));
        foreach (var productId in productIds)
        {
            await Catalogue.IdOf(await staff.PostAsJsonAsync($"/api/sessions/{sessionId}/entries",
                new { productId, minutes = 5, dealPriceVnd, limitPerCustomer }));
        }

        await app.WithDbAsync(async db =>
        {
            var session = await db.Sessions.SingleAsync(s => s.Id == sessionId);
            var position = 0;
            foreach (var productId in productIds)
            {
                position++;
                db.Segments.Add(new Segment
                {
                    SessionId = sessionId,
                    Position = position,
                    ProductId = productId,
                    ProducerId = producerId,
                    PlannedStart = session.StartsAt.AddMinutes(2 + (5 * (position - 1))),
                    Minutes = 5,
                    PriceVnd = dealPriceVnd ?? priceVnd,
                    Reason = "test",
                });
            }

            session.LineupState = LineupState.Locked;
            session.Status = status;
            session.CurrentPosition = status == SessionStatus.Live ? 1 : null;
            return await db.SaveChangesAsync();
        });
        return new OnAirSession(sessionId, producerId, productIds);
    }
}
