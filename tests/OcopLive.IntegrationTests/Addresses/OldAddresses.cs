using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OcopLive.Addresses;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Addresses;

/// <summary>Rows as they were stored before addresses had codes, and the backfill that matches them (the API, page and browser tests share them).</summary>
public static class OldAddresses
{
    /// <summary>An order as it was stored before addresses had codes (names only), written straight to the table.</summary>
    public static async Task<Guid> OrderAsync(OcopApp app, Guid sessionId, Guid productId, string province, string commune)
    {
        var id = Guid.NewGuid();
        await app.WithDbAsync(async db =>
        {
            var producerId = await db.Products.Where(p => p.Id == productId).Select(p => p.ProducerId).SingleAsync();
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO orders (id, session_id, product_id, producer_id, quantity, unit_price_vnd, total_vnd, customer_name,
                                    customer_phone, province, commune, channel, status, created_at)
                VALUES ({id}, {sessionId}, {productId}, {producerId}, 1, 1000, 1000, 'Khách cũ', '+84912345678', {province}, {commune},
                        'Web', 'Placed', now())
                """);
            return 0;
        });
        return id;
    }

    /// <summary>Runs the address backfill once, as the app's job does.</summary>
    public static async Task<(int, int)> BackfillAsync(OcopApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AddressBackfill>().RunAsync(CancellationToken.None);
    }
}
