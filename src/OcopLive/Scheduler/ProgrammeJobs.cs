using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Sessions;

namespace OcopLive.Scheduler;

/// <summary>
/// Creates the next weekly sessions of each programme as drafts, with the entries of the
/// programme's latest session carried over. Idempotent: <c>(programme_id, starts_at)</c> is unique,
/// so a second run (or a second node) creates nothing new.
/// </summary>
public sealed class ProgrammeJobs(OcopDbContext db, SessionClock sessionClock, TimeProvider clock, ILogger<ProgrammeJobs> logger)
{
    public async Task CreateUpcomingSessionsAsync(CancellationToken ct)
    {
        var ids = await db.Programmes.AsNoTracking().OrderBy(p => p.CreatedAt).Select(p => p.Id).ToListAsync(ct);
        foreach (var id in ids)
        {
            await CreateUpcomingSessionsAsync(id, ct);
        }
    }

    public async Task<int> CreateUpcomingSessionsAsync(Guid programmeId, CancellationToken ct)
    {
        var programme = await db.Programmes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId, ct);
        if (programme is null)
        {
            return 0;
        }

        var created = 0;
        foreach (var startsAt in Occurrences(programme, clock.GetUtcNow()))
        {
            if (await db.Sessions.AnyAsync(s => s.ProgrammeId == programmeId && s.StartsAt == startsAt, ct))
            {
                continue;
            }

            var previous = await db.Sessions.AsNoTracking()
                .Where(s => s.ProgrammeId == programmeId && s.StartsAt < startsAt && s.Entries.Count > 0)
                .OrderByDescending(s => s.StartsAt).Select(s => s.Id).FirstOrDefaultAsync(ct);
            var entries = previous == Guid.Empty ? [] : await db.SessionEntries.AsNoTracking()
                .Where(e => e.SessionId == previous).OrderBy(e => e.CreatedAt).ToListAsync(ct);

            var now = clock.GetUtcNow();
            var session = new Session
            {
                Title = programme.Title,
                StartsAt = startsAt,
                DurationMinutes = programme.DurationMinutes,
                OrderGraceMinutes = programme.OrderGraceMinutes,
                Channel = programme.Channel,
                AutoGoLive = programme.AutoGoLive,
                ProgrammeId = programmeId,
                CreatedAt = now,
                Entries = entries.ConvertAll(e => new SessionEntry
                {
                    ProductId = e.ProductId,
                    Minutes = e.Minutes,
                    DealPriceVnd = e.DealPriceVnd,
                    LimitPerCustomer = e.LimitPerCustomer,
                    CreatedAt = now,
                }),
            };
            db.Sessions.Add(session);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException ex) when (PostgresErrors.IsUniqueViolation(ex))
            {
                // Another node created it first.
                db.ChangeTracker.Clear();
                continue;
            }

            await sessionClock.ScheduleAsync(session, ct);
            created++;
            logger.LogInformation("Programme {ProgrammeId}: created session {SessionId} at {StartsAt}", programmeId, session.Id, startsAt);
        }

        return created;
    }

    /// <summary>The next <c>WeeksAhead</c> start times after now, from the programme's local day and time.</summary>
    public static IEnumerable<DateTimeOffset> Occurrences(Programme programme, DateTimeOffset now)
    {
        var zone = VnFormat.Zone;
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var days = ((int)programme.DayOfWeek - (int)localNow.DayOfWeek + 7) % 7;
        var date = DateOnly.FromDateTime(localNow.DateTime).AddDays(days);
        var first = Local(date, programme.LocalTime, zone);
        if (first <= now)
        {
            date = date.AddDays(7);
        }

        for (var week = 0; week < programme.WeeksAhead; week++)
        {
            yield return Local(date.AddDays(7 * week), programme.LocalTime, zone);
        }
    }

    private static DateTimeOffset Local(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
