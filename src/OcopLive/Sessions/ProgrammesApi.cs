using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;

namespace OcopLive.Sessions;

public sealed record ProgrammeRequest(
    string? Title, DayOfWeek? DayOfWeek, TimeOnly? LocalTime, int? DurationMinutes, int? OrderGraceMinutes, int? WeeksAhead,
    string? Channel, bool? AutoGoLive);

public sealed record ProgrammeResponse(
    Guid Id, string Title, DayOfWeek DayOfWeek, TimeOnly LocalTime, string TimeZone, int DurationMinutes, int OrderGraceMinutes,
    int WeeksAhead, string? Channel, bool AutoGoLive, DateTimeOffset CreatedAt)
{
    public static ProgrammeResponse From(Programme p) => new(p.Id, p.Title, p.DayOfWeek, p.LocalTime, VnFormat.Zone.Id,
        p.DurationMinutes, p.OrderGraceMinutes, p.WeeksAhead, p.Channel, p.AutoGoLive, p.CreatedAt);
}

/// <summary>Recurring shows, e.g. every Saturday 20:00 in Asia/Ho_Chi_Minh (Admin, Director).</summary>
public static class ProgrammesApi
{
    public const int MaxWeeksAhead = 12;

    public static IEndpointRouteBuilder MapProgrammes(this IEndpointRouteBuilder app)
    {
        var programmes = app.MapGroup("/api/programmes").WithTags("Programmes").RequireAuthorization(Policies.Staff);
        programmes.MapPost("/", CreateProgramme).Accepts<ProgrammeRequest>("application/json").ProducesBodyProblems();
        programmes.MapGet("/", ListProgrammes);
        return app;
    }

    /// <summary>Saves the programme and asks the scheduler to create its upcoming sessions now.</summary>
    public static async Task<Results<Created<ProgrammeResponse>, ValidationProblem, ProblemHttpResult>> CreateProgramme(
        HttpRequest request, OcopDbContext db, TimeProvider clock, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var read = await JsonBody.ReadAsync<ProgrammeRequest>(request, ct);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var body = read.Value!;
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
            return Problems.Validation(errors.ToDictionary());
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
        return TypedResults.Created($"/api/programmes/{id}", ProgrammeResponse.From(programme));
    }

    public static async Task<Ok<List<ProgrammeResponse>>> ListProgrammes(OcopDbContext db, CancellationToken ct)
    {
        var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.Title).ToListAsync(ct);
        return TypedResults.Ok(programmes.ConvertAll(ProgrammeResponse.From));
    }
}
