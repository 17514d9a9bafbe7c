using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OcopLive.Common;
using OcopLive.IntegrationTests.Infrastructure;
using OcopLive.Scheduler;

namespace OcopLive.IntegrationTests.Scheduler;

public class ClockJobTests(OcopApp app) : IClassFixture<OcopApp>
{
    [Fact]
    public async Task CloseAndReportJobs_RunTwice_HaveTheEffectOfOneRun()
    {
        using var staff = await app.ClientAsAsync();
        // Planned to end long ago, so the fallback close is due; the show was never ended explicitly.
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 2, startsAt: DateTimeOffset.UtcNow.AddHours(-3),
            orderGraceMinutes: 0);
        await PlanningSteps.PutLineupAsync(staff, sessionId, products);
        var live = await PlanningSteps.PostAsync(staff, $"/api/sessions/{sessionId}/go-live");
        // A late start moves the fallback close: duration after going live, plus the grace.
        var close = await app.WithDbAsync(db => db.SessionJobs.AsNoTracking().SingleAsync(j => j.SessionId == sessionId && j.Kind == SessionJobKind.CloseOrdering));
        Assert.Equal(live.GetProperty("wentLiveAt").GetDateTimeOffset().AddMinutes(60), close.RunAt);

        // As if it had gone live on time, three hours ago.
        await app.WithDbAsync(db => db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.WentLiveAt, s => s.StartsAt)));

        await RunJobAsync(j => j.CloseOrderingAsync(sessionId, CancellationToken.None));
        var first = await app.WithDbAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));
        await RunJobAsync(j => j.CloseOrderingAsync(sessionId, CancellationToken.None));
        var second = await app.WithDbAsync(db => db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId));

        Assert.Equal(OcopLive.Sessions.SessionStatus.Closed, second.Status);
        Assert.Equal(first.ClosedAt, second.ClosedAt);
        Assert.Equal(first.StartsAt.AddMinutes(first.DurationMinutes), second.EndedAt);
        Assert.Equal(1, await app.WithDbAsync(db => db.SessionEvents.CountAsync(e => e.SessionId == sessionId && e.Kind == "ordering-closed")));

        await RunJobAsync(j => j.WriteReportsAsync(sessionId, CancellationToken.None));
        await RunJobAsync(j => j.WriteReportsAsync(sessionId, CancellationToken.None));
        Assert.Equal(2, await app.WithDbAsync(db => db.ProducerReportLines.CountAsync(l => l.SessionId == sessionId)));
        Assert.Equal(1, await app.WithDbAsync(db => db.SessionEvents.CountAsync(e => e.SessionId == sessionId && e.Kind == "report-written")));
    }

    [Fact]
    public async Task ScheduledBuild_BuildsAnUntouchedLineup_ButLeavesAHandEditAlone()
    {
        using var staff = await app.ClientAsAsync();
        var (sessionId, products) = await PlanningSteps.SessionWithEntriesAsync(staff, producers: 3);

        await RunJobAsync(j => j.BuildLineupAsync(sessionId, true, CancellationToken.None));
        var built = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/lineup");
        Assert.Equal("Built", built.GetProperty("state").GetString());
        Assert.Equal(3, built.GetProperty("segments").GetArrayLength());

        await PlanningSteps.PutLineupAsync(staff, sessionId, [products[2], products[0]]);
        await RunJobAsync(j => j.BuildLineupAsync(sessionId, true, CancellationToken.None));
        await RunJobAsync(j => j.BuildLineupAsync(sessionId, false, CancellationToken.None));

        var kept = await staff.GetFromJsonAsync<JsonElement>($"/api/sessions/{sessionId}/lineup");
        Assert.Equal([products[2], products[0]], kept.GetProperty("segments").EnumerateArray().Select(s => s.GetProperty("productId").GetGuid()));
    }

    [Fact]
    public async Task Programme_CreatesItsUpcomingSessionsOnce()
    {
        using var staff = await app.ClientAsAsync();
        var created = await staff.PostAsJsonAsync("/api/programmes", new
        {
            title = "Phiên chợ OCOP cuối tuần",
            dayOfWeek = "Saturday",
            localTime = "20:00:00",
            durationMinutes = 90,
            weeksAhead = 2,
        });
        var programmeId = await Catalogue.IdOf(created);

        await PlanningSteps.WaitForAsync(staff, "/api/sessions",
            list => list.EnumerateArray().Count(s => s.GetProperty("programmeId").ValueKind == JsonValueKind.String) == 2);
        await RunAsync<ProgrammeJobs>(j => j.CreateUpcomingSessionsAsync(CancellationToken.None));

        var sessions = await app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.ProgrammeId == programmeId).OrderBy(s => s.StartsAt).ToListAsync());
        Assert.Equal(2, sessions.Count);
        var local = TimeZoneInfo.ConvertTime(sessions[0].StartsAt, VnFormat.Zone);
        Assert.Equal(DayOfWeek.Saturday, local.DayOfWeek);
        Assert.Equal(new TimeSpan(20, 0, 0), local.TimeOfDay);
        Assert.Equal(sessions[0].StartsAt.AddDays(7), sessions[1].StartsAt);
        Assert.All(sessions, s => Assert.Equal(OcopLive.Sessions.SessionStatus.Draft, s.Status));

        // Entries carry over from the programme's latest session to the sessions created after it.
        var productId = await Catalogue.CreateProductAsync(staff, await Catalogue.CreateProducerAsync(staff));
        Assert.Equal(System.Net.HttpStatusCode.Created,
            (await staff.PostAsJsonAsync($"/api/sessions/{sessions[0].Id}/entries", new { productId, minutes = 4, dealPriceVnd = 150_000 })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/sessions/{sessions[1].Id}")).StatusCode);
        await RunAsync<ProgrammeJobs>(j => j.CreateUpcomingSessionsAsync(CancellationToken.None));

        var recreated = await app.WithDbAsync(db => db.Sessions.AsNoTracking().Include(s => s.Entries)
            .SingleAsync(s => s.ProgrammeId == programmeId && s.StartsAt == sessions[1].StartsAt));
        var entry = Assert.Single(recreated.Entries);
        Assert.Equal((productId, 4, 150_000L), (entry.ProductId, entry.Minutes!.Value, entry.DealPriceVnd!.Value));
    }

    /// <summary>
    /// Two Hangfire servers on one PostgreSQL storage, as two app nodes would run: a scheduled job
    /// is performed by exactly one of them.
    /// </summary>
    [Fact]
    public async Task TwoServersOnOneStorage_RunAScheduledJobOnce()
    {
        var connectionString = await TestDatabase.CreateEmptyAsync("twoservers");
        try
        {
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("CREATE TABLE job_effects (key text NOT NULL, server text NOT NULL)", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            // Hangfire's log provider is static; the last test host may be gone (its static state outlives a test host).
            GlobalConfiguration.Configuration.UseLogProvider(new SilentLogProvider());
            var options = SchedulerSetup.StorageOptions(new SchedulerOptions());
            var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            BackgroundJobServer Node(string name) => new(new BackgroundJobServerOptions
            {
                ServerName = name,
                WorkerCount = 4,
                SchedulePollingInterval = TimeSpan.FromMilliseconds(500),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            }, storage);
            using var a = Node("node-a");
            using var b = Node("node-b");

            var client = new BackgroundJobClient(storage);
            var keys = Enumerable.Range(0, 5).Select(i => $"job-{i}").ToList();
            foreach (var key in keys)
            {
                client.Schedule(() => JobEffects.RecordAsync(connectionString, key, null), TimeSpan.FromSeconds(1));
            }

            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (DateTime.UtcNow < deadline && await JobEffects.CountAsync(connectionString) < keys.Count)
            {
                await Task.Delay(200);
            }

            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate run to show up
            var perKey = await JobEffects.CountPerKeyAsync(connectionString);
            Assert.Equal(keys, perKey.Keys.Order());
            Assert.All(perKey.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            await TestDatabase.DropAsync(connectionString);
        }
    }

    private Task RunJobAsync(System.Linq.Expressions.Expression<Func<SessionJobs, Task>> job) => RunAsync(job);

    private async Task RunAsync<T>(System.Linq.Expressions.Expression<Func<T, Task>> job)
        where T : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        await job.Compile()(scope.ServiceProvider.GetRequiredService<T>());
    }
}

/// <summary>The job of the two-server test: records which server ran it.</summary>
public static class JobEffects
{
    public static async Task RecordAsync(string connectionString, string key, Hangfire.Server.PerformContext? context)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("INSERT INTO job_effects (key, server) VALUES (@k, @s)", conn);
        cmd.Parameters.AddWithValue("k", key);
        cmd.Parameters.AddWithValue("s", context?.ServerId ?? "?");
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM job_effects", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<Dictionary<string, int>> CountPerKeyAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT key, count(*)::int FROM job_effects GROUP BY key", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var result = new Dictionary<string, int>();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetInt32(1);
        }

        return result;
    }
}

/// <summary>Hangfire logging off for servers built outside a host.</summary>
internal sealed class SilentLogProvider : ILogProvider, ILog
{
    public ILog GetLogger(string name) => this;

    public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
}
