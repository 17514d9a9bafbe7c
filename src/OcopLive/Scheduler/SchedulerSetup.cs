using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Lineups;

namespace OcopLive.Scheduler;

/// <summary>
/// Hangfire on the app's PostgreSQL (schema <c>hangfire</c>), a server inside the app, and the
/// dashboard at <c>/hangfire</c> behind the Staff policy. Tuned for a live show: due jobs are picked
/// up within about a second.
/// </summary>
public static class SchedulerSetup
{
    public const string Schema = "hangfire";
    public const string ProgrammesJobId = "programmes-upcoming-sessions";

    public static WebApplicationBuilder AddScheduler(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SchedulerOptions>()
            .Bind(builder.Configuration.GetSection(SchedulerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The connection string is read inside the callback, when the host is built: test hosts
        // override it with UseSetting (a known Hangfire trap: its storage is chosen before the test host can change settings).
        services.AddHangfire((sp, cfg) =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            var connectionString = HangfireConnectionString(sp.GetRequiredService<IConfiguration>(), options);
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), StorageOptions(options));
        });
        services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            server.WorkerCount = options.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds);
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
        });

        services.AddScoped<SessionClock>();
        services.AddScoped<SessionJobs>();
        services.AddScoped<ProgrammeJobs>();
        services.AddScoped<LineupService>();
        return builder;
    }

    public static PostgreSqlStorageOptions StorageOptions(SchedulerOptions options) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds),
        // A worker keeps its job invisible while it runs; a crashed node's job comes back in minutes.
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = TimeSpan.FromMinutes(5),
        DistributedLockTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The app's connection string with Hangfire's own small pool (a different Application Name).</summary>
    public static string HangfireConnectionString(IConfiguration configuration, SchedulerOptions options)
    {
        var configured = configuration.GetConnectionString(DataSetup.ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings__OcopLive is not set.");
        return new NpgsqlConnectionStringBuilder(configured)
        {
            ApplicationName = "ocoplive-hangfire",
            MaxPoolSize = options.MaxPoolSize,
            Timeout = 5,
        }.ConnectionString;
    }

    /// <summary>The dashboard (Admin, Director) and the one place recurring jobs are registered.</summary>
    public static WebApplication MapScheduler(this WebApplication app)
    {
        // Endpoint authorization decides (cookie login → /login, wrong role → 403), so the
        // dashboard's own filters (local requests only by default) are emptied.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], DashboardTitle = "OcopLive · Hangfire" })
            .RequireAuthorization(Policies.Staff)
            .ExcludeFromDescription();

        var options = app.Services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<ProgrammeJobs>(
            ProgrammesJobId,
            jobs => jobs.CreateUpcomingSessionsAsync(CancellationToken.None),
            options.ProgrammesCron,
            new RecurringJobOptions { TimeZone = VnFormat.Zone });
        var delivery = app.Services.GetRequiredService<IOptions<Delivery.DeliveryOptions>>().Value;
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Delivery.ShipmentJobs>(
            Delivery.ShipmentJobs.StaleJobId,
            jobs => jobs.AskAboutStaleAsync(CancellationToken.None),
            delivery.StaleCron,
            new RecurringJobOptions { TimeZone = VnFormat.Zone });
        return app;
    }
}
