using Hangfire;
using Microsoft.EntityFrameworkCore;
using OcopLive.Common;
using OcopLive.Data;
using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.Lineups;

/// <summary>The director's changes to a session's line-up: build it (a Hangfire job), edit it by hand, lock it.</summary>
public sealed class LineupEdits(OcopDbContext db, IBackgroundJobClient jobs)
{
    /// <summary>Marks the line-up Building and hands the work to a Hangfire job; the job's id.</summary>
    public async Task<Outcome<BuildAccepted>> BuildAsync(Guid id, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var session = await SessionControl.LockAsync(db, id, ct);
            if (session is null)
            {
                return SessionRefusals.NotFound;
            }

            if (session.LineupState == LineupState.Locked || session.Status != SessionStatus.Draft)
            {
                return LineupRules.Locked;
            }

            session.LineupState = LineupState.Building;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return new BuildAccepted(jobs.Enqueue<SessionJobs>(j => j.BuildLineupAsync(id, false, CancellationToken.None)));
    }

    /// <summary>
    /// A manual running order: every product must be an entry of the session, each segment lasts 2
    /// minutes up to its entry's minutes, and the whole fits the slot. Planned starts follow one
    /// another from the start plus the opening gap.
    /// </summary>
    public async Task<Outcome<LineupResponse>> EditAsync(Guid id, LineupEditRequest body, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var session = await SessionControl.LockAsync(db, id, ct);
        if (session is null)
        {
            return SessionRefusals.NotFound;
        }

        if (session.LineupState == LineupState.Locked || session.Status != SessionStatus.Draft)
        {
            return LineupRules.Locked;
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
            return Refusal.Invalid(errors);
        }

        await db.Segments.Where(s => s.SessionId == id).ExecuteDeleteAsync(ct);
        var onAir = segments.Select(s => s.ProductId).ToHashSet();
        await db.LineupLeftOuts.Where(l => l.SessionId == id && onAir.Contains(l.ProductId)).ExecuteDeleteAsync(ct);
        db.Segments.AddRange(segments);
        session.LineupState = LineupState.Built;
        session.LineupEditedByHand = true;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await LineupQueries.ReadAsync(db, id, ct))!;
    }

    /// <summary>Locks a line-up that has segments: it is what goes on air.</summary>
    public async Task<Outcome<LineupResponse>> LockAsync(Guid id, CancellationToken ct)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var session = await SessionControl.LockAsync(db, id, ct);
            if (session is null)
            {
                return SessionRefusals.NotFound;
            }

            if (!await db.Segments.AnyAsync(s => s.SessionId == id, ct))
            {
                return SessionRefusals.LineupEmpty;
            }

            session.LineupState = LineupState.Locked;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        return (await LineupQueries.ReadAsync(db, id, ct))!;
    }
}
