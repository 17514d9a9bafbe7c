using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.Lineups;

/// <summary>A session's line-up: build (Hangfire job), read, edit by hand, lock (Admin, Director).</summary>
public static class LineupsApi
{
    public static IEndpointRouteBuilder MapLineups(this IEndpointRouteBuilder app)
    {
        var lineup = app.MapGroup("/api/sessions/{id:guid}/lineup").WithTags("Line-ups").RequireAuthorization(Policies.Staff)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        lineup.MapGet("/", GetLineup);
        lineup.MapPut("/", EditLineup).Accepts<LineupEditRequest>("application/json").ProducesBodyProblems();
        lineup.MapPost("/build", BuildLineup);
        lineup.MapPost("/lock", LockLineup);
        return app;
    }

    public static async Task<Results<Ok<LineupResponse>, ProblemHttpResult>> GetLineup(Guid id, OcopDbContext db, CancellationToken ct)
    {
        var lineup = await ReadAsync(db, id, ct);
        return lineup is null ? Problems.SessionNotFound() : TypedResults.Ok(lineup);
    }

    /// <summary>Marks the line-up Building and hands the work to a Hangfire job: 202 with its id.</summary>
    public static async Task<Results<Accepted<BuildAccepted>, ProblemHttpResult>> BuildLineup(
        Guid id, OcopDbContext db, IBackgroundJobClient jobs, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var session = await SessionControl.LockAsync(db, id, ct);
            if (session is null)
            {
                return Problems.SessionNotFound();
            }

            if (session.LineupState == LineupState.Locked || session.Status != SessionStatus.Draft)
            {
                return LockedConflict();
            }

            session.LineupState = LineupState.Building;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        var jobId = jobs.Enqueue<SessionJobs>(j => j.BuildLineupAsync(id, false, CancellationToken.None));
        return TypedResults.Accepted($"/api/sessions/{id}/lineup", new BuildAccepted(jobId));
    }

    /// <summary>
    /// A manual running order: every product must be an entry of the session, each segment lasts 2
    /// minutes up to its entry's minutes, and the whole fits the slot. Planned starts follow one
    /// another from the start plus the opening gap.
    /// </summary>
    public static async Task<Results<Ok<LineupResponse>, ValidationProblem, ProblemHttpResult>> EditLineup(
        Guid id, HttpRequest request, OcopDbContext db, CancellationToken ct)
    {
        var read = await JsonBody.ReadAsync<LineupEditRequest>(request, ct);
        if (read.Problem is { } problem)
        {
            return problem;
        }

        var body = read.Value!;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await SessionControl.LockAsync(db, id, ct);
        if (session is null)
        {
            return Problems.SessionNotFound();
        }

        if (session.LineupState == LineupState.Locked || session.Status != SessionStatus.Draft)
        {
            return LockedConflict();
        }

        var entries = await db.SessionEntries.AsNoTracking().Where(e => e.SessionId == id)
            .Select(e => new { e.ProductId, e.Minutes, e.DealPriceVnd, e.Product!.PriceVnd, e.Product.ProducerId })
            .ToDictionaryAsync(e => e.ProductId, ct);
        var errors = new Errors();
        var segments = new List<Segment>();
        if (body.Segments is null or { Count: 0 })
        {
            errors.Add("segments", "Cần danh sách phân đoạn (a list of segments is required).");
        }
        else if (body.Segments.Where(s => s?.ProductId is not null).GroupBy(s => s!.ProductId).Any(g => g.Count() > 1))
        {
            // One segment per product: a repeated one would double its planned time and its figures on air.
            errors.Add("segments", "Mỗi sản phẩm một phân đoạn (each product once).");
        }

        var offset = LineupBuilder.OpeningGapMinutes;
        for (var i = 0; i < (body.Segments?.Count ?? 0); i++)
        {
            var s = body.Segments![i];
            var field = $"segments[{i}]";
            if (s?.ProductId is not { } productId || !entries.TryGetValue(productId, out var entry))
            {
                errors.Add(field + ".productId", "Sản phẩm chưa đăng ký cho phiên này (not an entry of this session).");
                continue;
            }

            var max = SegmentLength.Allowed(entry.Minutes);
            if (s.Minutes is not { } minutes || minutes < SegmentLength.Min || minutes > max)
            {
                errors.Add(field + ".minutes", $"Từ {SegmentLength.Min} đến {max} phút ({SegmentLength.Min} to {max} minutes).");
                continue;
            }

            if (s.PriceVnd is { } price && (price <= 0 || price > entry.PriceVnd))
            {
                errors.Add(field + ".priceVnd", "Giá dương và không cao hơn giá niêm yết (positive, at most the list price).");
                continue;
            }

            segments.Add(new Segment
            {
                SessionId = id,
                Position = i + 1,
                ProductId = productId,
                ProducerId = entry.ProducerId,
                PlannedStart = session.StartsAt.AddMinutes(offset),
                Minutes = minutes,
                PriceVnd = s.PriceVnd ?? entry.DealPriceVnd ?? entry.PriceVnd,
                Reason = "Sắp xếp thủ công bởi đạo diễn (manual edit).",
            });
            offset += minutes;
        }

        var room = session.DurationMinutes - LineupBuilder.ClosingGapMinutes;
        if (!errors.Any && offset > room)
        {
            errors.Add("segments", $"Tổng {offset - LineupBuilder.OpeningGapMinutes} phút vượt khung giờ {room - LineupBuilder.OpeningGapMinutes} phút (does not fit the slot).");
        }

        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        await db.Segments.Where(s => s.SessionId == id).ExecuteDeleteAsync(ct);
        var onAir = segments.Select(s => s.ProductId).ToHashSet();
        await db.LineupLeftOuts.Where(l => l.SessionId == id && onAir.Contains(l.ProductId)).ExecuteDeleteAsync(ct);
        db.Segments.AddRange(segments);
        session.LineupState = LineupState.Built;
        session.LineupEditedByHand = true;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok((await ReadAsync(db, id, ct))!);
    }

    public static async Task<Results<Ok<LineupResponse>, ProblemHttpResult>> LockLineup(Guid id, OcopDbContext db, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var session = await SessionControl.LockAsync(db, id, ct);
            if (session is null)
            {
                return Problems.SessionNotFound();
            }

            if (!await db.Segments.AnyAsync(s => s.SessionId == id, ct))
            {
                return Problems.Conflict(ControlRefusal.LineupEmpty.Word, ControlRefusal.LineupEmpty.Title);
            }

            session.LineupState = LineupState.Locked;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return TypedResults.Ok((await ReadAsync(db, id, ct))!);
    }

    public static async Task<LineupResponse?> ReadAsync(OcopDbContext db, Guid id, CancellationToken ct)
    {
        var state = await db.Sessions.AsNoTracking().Where(s => s.Id == id).Select(s => (LineupState?)s.LineupState).FirstOrDefaultAsync(ct);
        if (state is null)
        {
            return null;
        }

        var segments = await (
                from s in db.Segments.AsNoTracking()
                join p in db.Products on s.ProductId equals p.Id
                where s.SessionId == id
                orderby s.Position
                select new SegmentResponse(s.Position, s.ProductId, p.Name, s.ProducerId, p.Producer!.Name, s.PlannedStart, s.Minutes,
                    s.PriceVnd, s.Reason, s.ActualStart, s.ActualEnd))
            .ToListAsync(ct);
        var leftOut = await (
                from l in db.LineupLeftOuts.AsNoTracking()
                join p in db.Products on l.ProductId equals p.Id
                where l.SessionId == id
                orderby p.Name
                select new LeftOutResponse(l.ProductId, p.Name, l.Reason))
            .ToListAsync(ct);
        return new LineupResponse(id, state.Value, segments, leftOut);
    }

    private static ProblemHttpResult LockedConflict() =>
        Problems.Conflict("lineup-locked", "Kịch bản đã chốt, không sửa được (the line-up is locked)");
}
