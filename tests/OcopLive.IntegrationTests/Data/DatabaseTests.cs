using Microsoft.EntityFrameworkCore;
using Npgsql;
using OcopLive.Demo;
using OcopLive.IntegrationTests.Infrastructure;

namespace OcopLive.IntegrationTests.Data;

public class DatabaseTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task Migrations_ApplyToAnEmptyDatabase()
    {
        var empty = await TestDatabase.CreateEmptyAsync("empty");
        try
        {
            await using var db = TestDatabase.NewContext(empty);
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Products.CountAsync());
        }
        finally
        {
            await TestDatabase.DropAsync(empty);
        }
    }

    [Theory]
    [InlineData("stock", "-1", "ck_products_stock")]
    [InlineData("ocop_stars", "2", "ck_products_ocop_stars")]
    [InlineData("ocop_stars", "6", "ck_products_ocop_stars")]
    public async Task Constraints_RefuseBadProductRows_AtTheDatabase(string column, string value, string constraint)
    {
        var productId = await SeedProductAsync();
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"UPDATE products SET {column} = {value} WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("id", productId);

        var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, ex.SqlState);
        Assert.Equal(constraint, ex.ConstraintName);
    }

    [Fact]
    public async Task Constraints_StockDecrementBelowZero_IsRefused()
    {
        var productId = await SeedProductAsync(stock: 3);
        await using var conn = new NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("UPDATE products SET stock = stock - 4 WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("id", productId);
        await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal(3, await app.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Stock).SingleAsync()));
    }

    [Fact]
    public async Task DemoLoader_IsIdempotent_AndHasTheSeedProducts()
    {
        var first = await app.WithDbAsync(db => DemoData.LoadAsync(db, TimeProvider.System, default));
        var counts = await CountsAsync();
        var second = await app.WithDbAsync(db => DemoData.LoadAsync(db, TimeProvider.System, default));

        Assert.NotEqual("already loaded", first);
        Assert.Equal("already loaded", second);
        Assert.Equal(counts, await CountsAsync());
        Assert.True(counts.Products >= 24);
        var names = await app.WithDbAsync(db => db.Products.Select(p => p.Name).ToListAsync());
        Assert.Contains("Cam giòn Thượng Lộc", names);
        Assert.Contains("Nhung hươu Hương Sơn", names);
        Assert.Contains("Kẹo cu đơ Phong Nga", names);
        Assert.Contains("Nem chua Ý Bình", names);
        var session = await app.WithDbAsync(db => db.Sessions.Include(s => s.Entries).SingleAsync(s => s.Title == DemoData.DemoSessionTitle));
        Assert.Equal(DemoData.ProductCount, session.Entries.Count);
        Assert.True(Math.Abs((session.StartsAt - DateTimeOffset.UtcNow).TotalMinutes) < 5);
    }

    private Task<(int Producers, int Products, int Sessions, int Entries)> CountsAsync() =>
        app.WithDbAsync(async db => (await db.Producers.CountAsync(), await db.Products.CountAsync(),
            await db.Sessions.CountAsync(), await db.SessionEntries.CountAsync()));

    private async Task<Guid> SeedProductAsync(int stock = 10)
    {
        using var staff = await app.ClientAsAsync();
        var producerId = await Catalogue.CreateProducerAsync(staff);
        return await Catalogue.CreateProductAsync(staff, producerId, stock: stock);
    }
}
