using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OcopLive.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the app or reaching a database.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<OcopDbContext>
{
    public OcopDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OcopDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__OcopLive") ?? "Host=127.0.0.1;Database=ocoplive",
                o => o.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);
}
