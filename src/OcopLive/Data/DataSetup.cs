using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Demo;

namespace OcopLive.Data;

public static class DataSetup
{
    public const string ConnectionName = "OcopLive";

    /// <summary>
    /// The connection string is read lazily so test hosts can override it with UseSetting.
    /// A 5 s connect and command timeout keeps an unreachable database from hanging requests.
    /// </summary>
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => ConnectionString(sp).Build());
        // The group-commit writers' own pool: their connections run the same few statements in
        // short transactions and never leave session state behind (no SET, LISTEN, temporary table,
        // advisory lock), so a connection back in the pool is not reset. The reset (Npgsql's
        // DISCARD ALL less DEALLOCATE, sent before the next batch's first statement) was several
        // statements for PostgreSQL to run per batch — at the show's pace a batch holds a few orders.
        builder.Services.AddKeyedSingleton(WritersKey, (sp, _) =>
        {
            var writers = ConnectionString(sp);
            writers.ConnectionStringBuilder.NoResetOnClose = true;
            return writers.Build();
        });
        builder.Services.AddDbContext<OcopDbContext>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            // A failed save or statement is an exception the caller sees: handlers turn the expected
            // ones (a unique name taken, a race on an idempotency key) into a 409, and anything they
            // do not catch reaches the exception handler, which logs it as an error with its stack.
            // EF's own lines about it are Information, so a correct refusal is not an error in the log.
            .ConfigureWarnings(w => w.Log(
                (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Information),
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Information))));

        builder.Services.AddDataProtection()
            .SetApplicationName("OcopLive")
            .PersistKeysToDbContext<OcopDbContext>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

    /// <summary>The key of the group-commit writers' <see cref="NpgsqlDataSource"/> (order intake): a pool without the reset on return.</summary>
    public const string WritersKey = "writers";

    private static NpgsqlDataSourceBuilder ConnectionString(IServiceProvider sp)
    {
        var configured = sp.GetRequiredService<IConfiguration>().GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                "ConnectionStrings__OcopLive is not set. Start with ops/run.sh for a private PostgreSQL.");
        var csb = new NpgsqlConnectionStringBuilder(configured);
        if (!configured.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            csb.Timeout = 5;
        }

        if (!configured.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxPoolSize = 50;
        }

        // The order writer and EF run the same statements thousands of times: let Npgsql prepare them.
        if (!configured.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !configured.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            csb.MaxAutoPrepare = 64;
        }

        return new NpgsqlDataSourceBuilder(csb.ConnectionString);
    }

    /// <summary>Migrations, roles, the bootstrap admin and (when asked) the demo data, before serving.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        var options = app.Services.GetRequiredService<IOptions<OcopLiveOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OcopLive.Startup");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OcopDbContext>();
        if (options.MigrateOnStartup)
        {
            // On a fresh database EF first reads the history table and logs that failed read as an
            // Error; creating the (empty) table first keeps a first start free of false alarms.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
            await db.Database.MigrateAsync(ct);
            logger.LogInformation("Database migrated");
            await scope.ServiceProvider.GetRequiredService<OcopLive.Addresses.AddressBackfill>().RunAsync(ct);
        }

        await KeyProtection.SecureStoredKeysAsync(scope.ServiceProvider, db, logger, app.Environment.IsProduction(), ct);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (!string.IsNullOrEmpty(options.Bootstrap.AdminPassword))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync("admin") is null)
            {
                var admin = new AppUser { UserName = "admin" };
                var created = await users.CreateAsync(admin, options.Bootstrap.AdminPassword);
                if (!created.Succeeded)
                {
                    // The rule every password meets (12 characters, not a common one): the app does not start with a weak admin.
                    throw new InvalidOperationException("OcopLive__Bootstrap__AdminPassword is refused, the admin was not created: "
                        + string.Join("; ", created.Errors.Select(e => e.Description)));
                }

                await users.AddToRoleAsync(admin, Roles.Admin);
                logger.LogInformation("Created the bootstrap user admin");
            }
        }

        if (options.Demo.Seed)
        {
            var seeded = await DemoData.LoadAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), ct);
            logger.LogInformation("Demo data: {Result}", seeded);
            // The presenter of the demo session: the host's screen only.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(DemoData.HostUserName) is null)
            {
                var host = new AppUser { UserName = DemoData.HostUserName };
                var created = await users.CreateAsync(host, DemoData.HostPassword);
                if (created.Succeeded)
                {
                    await users.AddToRoleAsync(host, Roles.Host);
                    logger.LogInformation("Created the demo host user {UserName}", DemoData.HostUserName);
                }
            }
        }
    }
}

/// <summary>Ready when PostgreSQL answers and no migration is pending.</summary>
internal sealed class DatabaseReadyCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OcopDbContext>();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(4));
            var pending = await db.Database.GetPendingMigrationsAsync(timeout.Token);
            return pending.Any()
                ? HealthCheckResult.Unhealthy("Migrations pending: " + string.Join(", ", pending))
                : HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer", ex);
        }
    }
}
