using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>The reads of statement imports that the API and the import share.</summary>
public static class StatementQueries
{
    /// <summary>The producer's own layout of this bank's statements, or null.</summary>
    public static Task<StatementLayout?> LayoutAsync(OcopDbContext db, Guid producerId, string bin, CancellationToken ct) =>
        db.StatementLayouts.AsNoTracking().FirstOrDefaultAsync(l => l.ProducerId == producerId && l.Bin == bin, ct);

    /// <summary>
    /// The header row and a mapping to propose: another producer's layout of the same bank when it
    /// fits this file (the newest such), else a guess from the header texts. Only a proposal: the
    /// producer confirms it, and saving it changes that producer's layout alone.
    /// </summary>
    public static async Task<HeaderGuess> GuessAsync(OcopDbContext db, StatementUpload u, CancellationToken ct)
    {
        var guess = StatementSheet.Guess(u.Rows);
        var others = await db.StatementLayouts.AsNoTracking().Where(l => l.Bin == u.Bin && l.ProducerId != u.ProducerId)
            .OrderByDescending(l => l.UpdatedAt).Take(5).ToListAsync(ct);
        var fitting = others.FirstOrDefault(l => StatementSheet.Lines(u.Rows, LayoutColumns.Of(l)).Refusal is null);
        return fitting is null ? guess : guess with { Suggested = LayoutColumns.Of(fitting) };
    }

    /// <summary>What the upload looks like against the producer's layout, changing nothing.</summary>
    public static async Task<StatementPreview> PreviewAsync(OcopDbContext db, StatementUpload u, CancellationToken ct)
    {
        var layout = await LayoutAsync(db, u.ProducerId, u.Bin, ct);
        var guess = await GuessAsync(db, u, ct);
        IDictionary<string, string[]>? missing = null;
        if (layout is not null && StatementSheet.Lines(u.Rows, LayoutColumns.Of(layout)).Refusal is { } misfit)
        {
            missing = misfit.Errors ?? new Dictionary<string, string[]> { ["file"] = [misfit.Title] };
        }

        return new StatementPreview(u.ProducerId, u.Bin, Banks.Find(u.Bin)?.ShortName, u.Account, u.FileName,
            layout is null ? null : StatementLayoutView.Of(layout), layout is not null && missing is null, missing, guess.HeaderRow, guess.Headers,
            guess.Suggested, guess.Sample, u.Rows.Count);
    }

    /// <summary>Remembered layouts: staff see every producer's; a producer its own.</summary>
    public static async Task<List<StatementLayoutView>> LayoutsAsync(OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var query = db.StatementLayouts.AsNoTracking();
        if (!user.Passes(Policies.Staff))
        {
            var producerId = user.ProducerId();
            query = query.Where(l => l.ProducerId == producerId);
        }

        var layouts = await query.OrderBy(l => l.Bin).ThenBy(l => l.ProducerId).ToListAsync(ct);
        return layouts.Select(StatementLayoutView.Of).ToList();
    }

    /// <summary>An import and its progress: staff any, a producer its own (404 for another's, as for one that does not exist).</summary>
    public static async Task<Outcome<StatementImportView>> ImportAsync(OcopDbContext db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var import = await db.StatementImports.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new StatementImport
            {
                Id = i.Id,
                ProducerId = i.ProducerId,
                Bin = i.Bin,
                Account = i.Account,
                FileName = i.FileName,
                UploadedBy = i.UploadedBy,
                State = i.State,
                Lines = i.Lines,
                Credits = i.Credits,
                Processed = i.Processed,
                Result = i.Result,
                JobId = i.JobId,
                CreatedAt = i.CreatedAt,
                FinishedAt = i.FinishedAt,
            })
            .FirstOrDefaultAsync(ct);
        if (import is null || !user.MaySeeProducer(import.ProducerId))
        {
            return Refusal.NotFound("Không tìm thấy lần nhập sao kê (statement import not found)");
        }

        return StatementImportView.Of(import, JsonSerializer.Deserialize<StatementImportResult>(import.Result, ImportStatement.Json)!);
    }
}
