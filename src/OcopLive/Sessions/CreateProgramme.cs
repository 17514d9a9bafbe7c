using Hangfire;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;

namespace OcopLive.Sessions;

/// <summary>A recurring show: saved, and the scheduler asked to create its upcoming sessions now.</summary>
public sealed class CreateProgramme(OcopDbContext db, TimeProvider clock, IBackgroundJobClient jobs)
{
    public const int MaxWeeksAhead = 12;

    public async Task<Outcome<Programme>> CreateAsync(ProgrammeRequest body, CancellationToken ct)
    {
        var errors = new Errors();
        var title = Text.Required(errors, "title", body.Title, 200);
        var channel = Text.Optional(errors, "channel", body.Channel, 100);
        if (body.DayOfWeek is null)
        {
            errors.Add("dayOfWeek", "Ngày trong tuần, ví dụ \"Saturday\" (required, e.g. \"Saturday\").");
        }

        if (body.LocalTime is null)
        {
            errors.Add("localTime", "Giờ địa phương, ví dụ \"20:00\" (required, local time in Asia/Ho_Chi_Minh).");
        }

        if (body.DurationMinutes is not (>= 10 and <= SessionRules.MaxDurationMinutes))
        {
            errors.Add("durationMinutes", $"Từ 10 đến {SessionRules.MaxDurationMinutes} phút (10 to {SessionRules.MaxDurationMinutes} minutes).");
        }

        if (body.OrderGraceMinutes is < 0 or > SessionRules.MaxGraceMinutes)
        {
            errors.Add("orderGraceMinutes", $"Từ 0 đến {SessionRules.MaxGraceMinutes} phút (0 to {SessionRules.MaxGraceMinutes} minutes).");
        }

        if (body.WeeksAhead is < 1 or > MaxWeeksAhead)
        {
            errors.Add("weeksAhead", $"Từ 1 đến {MaxWeeksAhead} tuần (1 to {MaxWeeksAhead} weeks).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors);
        }

        var programme = new Programme
        {
            Title = title!,
            DayOfWeek = body.DayOfWeek!.Value,
            LocalTime = body.LocalTime!.Value,
            DurationMinutes = body.DurationMinutes!.Value,
            OrderGraceMinutes = body.OrderGraceMinutes ?? Session.DefaultOrderGraceMinutes,
            WeeksAhead = body.WeeksAhead ?? Programme.DefaultWeeksAhead,
            Channel = channel,
            AutoGoLive = body.AutoGoLive ?? false,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Programmes.Add(programme);
        await db.SaveChangesAsync(ct);
        var id = programme.Id;
        jobs.Enqueue<ProgrammeJobs>(j => j.CreateUpcomingSessionsAsync(id, CancellationToken.None));
        return programme;
    }
}
