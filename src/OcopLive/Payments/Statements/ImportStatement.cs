using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>
/// Imports a read statement into the producer's account: every credit line through the
/// <see cref="Reconciler"/>, a batch of <see cref="PaymentOptions.StatementBatchLines"/> lines per
/// transaction (one multi-row insert, one lock of the orders named, one update of each), in file
/// order. A file of up to <see cref="PaymentOptions.StatementJobLines"/> credit lines is imported
/// in the request (200 and the result); a larger one by a Hangfire job (202 and the import, whose
/// progress <c>GET /api/payments/statements/imports/{id}</c> answers). Each batch writes the
/// import's progress in its own transaction, so a job that stops half-way resumes after the last
/// committed batch, and importing the same file again adds nothing twice.
/// </summary>
public sealed class ImportStatement(
    OcopDbContext db,
    Reconciler reconciler,
    IBackgroundJobClient jobs,
    IOptions<PaymentOptions> options,
    TimeProvider clock,
    ILogger<ImportStatement> logger)
{
    /// <summary>Lines listed in the answer's <c>review</c> and <c>skippedLines</c>, at most.</summary>
    public const int MaxListedLines = 500;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private const string SaveProgress = """
        UPDATE statement_imports SET processed = $2, result = $3, state = $4, pending = CASE WHEN $4 = 'Done' THEN NULL ELSE pending END,
               finished_at = CASE WHEN $4 = 'Done' THEN $5 ELSE finished_at END
         WHERE id = $1
        """;

    /// <summary>
    /// The upload's lines with the producer's layout: 409 <c>statement-layout-required</c> without
    /// one, 400 <c>statement-columns-missing</c> when the file lacks a mapped column (nothing
    /// changed either way); then the import, done (small) or queued (large).
    /// </summary>
    public async Task<Outcome<StatementImportView>> HandleAsync(StatementUpload u, ClaimsPrincipal user, CancellationToken ct)
    {
        var layout = await StatementQueries.LayoutAsync(db, u.ProducerId, u.Bin, ct);
        if (layout is null)
        {
            var guess = await StatementQueries.GuessAsync(db, u, ct);
            return new Refusal(StatusCodes.Status409Conflict, "statement-layout-required",
                "Chưa biết bố cục sao kê của tài khoản này: hãy chọn cột (map the columns of this account's statement first)")
            {
                Extensions = new Dictionary<string, object?> { ["bin"] = u.Bin, ["headers"] = guess.Headers, ["suggested"] = guess.Suggested },
            };
        }

        var (lines, misfit) = StatementSheet.Lines(u.Rows, LayoutColumns.Of(layout));
        if (misfit is not null)
        {
            return misfit;
        }

        var pending = PendingLines(u, lines!);
        var result = StatementImportResult.Start(u.ProducerId, u.Bin, u.FileName, lines!);
        var import = new StatementImport
        {
            Id = Guid.CreateVersion7(),
            ProducerId = u.ProducerId,
            Bin = u.Bin,
            Account = u.Account,
            FileName = u.FileName,
            UploadedBy = user.Identity?.Name,
            Lines = lines!.Count,
            Credits = pending.Count,
            State = StatementImportState.Queued,
            Result = JsonSerializer.Serialize(result, Json),
            CreatedAt = clock.GetUtcNow(),
        };
        var large = pending.Count > options.Value.StatementJobLines;
        if (large)
        {
            import.Pending = JsonSerializer.SerializeToUtf8Bytes(pending, Json);
        }

        db.StatementImports.Add(import);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Statement {FileName} uploaded by {User} for producer {ProducerId} ({Bin}): {Lines} lines, {Credits} credits, {How}",
            u.FileName, import.UploadedBy, u.ProducerId, u.Bin, import.Lines, import.Credits, large ? "queued" : "in the request");
        if (large)
        {
            // The job takes the id only; its lines wait in the import's row.
            import.JobId = jobs.Enqueue<ImportStatement>(j => j.RunAsync(import.Id, CancellationToken.None));
            await db.StatementImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.JobId, import.JobId), ct);
            return StatementImportView.Of(import, result);
        }

        result = await ApplyAsync(import, result, pending, 0, ct);
        import.State = StatementImportState.Done;
        import.Processed = pending.Count;
        return StatementImportView.Of(import, result);
    }

    /// <summary>The Hangfire job: applies a queued import's lines from where the last committed batch left off.</summary>
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid importId, CancellationToken ct)
    {
        var import = await db.StatementImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, ct);
        if (import is null || import.State == StatementImportState.Done || import.Pending is null)
        {
            return;
        }

        var pending = JsonSerializer.Deserialize<List<PendingLine>>(import.Pending, Json) ?? [];
        var result = JsonSerializer.Deserialize<StatementImportResult>(import.Result, Json)!;
        await db.StatementImports.Where(i => i.Id == importId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, StatementImportState.Running), ct);
        try
        {
            await ApplyAsync(import, result, pending, import.Processed, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Statement import {ImportId} stopped after {Processed} of {Credits} credit lines", importId, import.Processed,
                import.Credits);
            await db.StatementImports.Where(i => i.Id == importId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, StatementImportState.Failed), CancellationToken.None);
            throw;
        }
    }

    /// <summary>The credit lines from <paramref name="from"/> on, a batch per transaction, the import's progress written in each.</summary>
    private async Task<StatementImportResult> ApplyAsync(StatementImport import, StatementImportResult result, List<PendingLine> pending, int from,
        CancellationToken ct)
    {
        var batch = options.Value.StatementBatchLines;
        var counts = new Dictionary<string, int>(result.Counts);
        var review = result.Review.ToList();
        for (var start = from; start < pending.Count; start += batch)
        {
            var slice = pending.GetRange(start, Math.Min(batch, pending.Count - start));
            var transfers = slice.Select(p => new IncomingTransfer(NotificationSource.Statement, p.ExternalId, import.Account, p.AmountVnd, p.Content,
                p.Date, import.Bin, p.Reference)).ToList();
            var done = start + slice.Count;
            await reconciler.ApplyBatchAsync(transfers, async (applied, conn, tx, c) =>
            {
                for (var k = 0; k < applied.Count; k++)
                {
                    var a = applied[k];
                    if (a.Duplicate)
                    {
                        counts["Duplicate"]++;
                        continue;
                    }

                    var outcome = a.Outcome ?? NotificationOutcome.Unmatched;
                    counts[outcome.ToString()] = counts.GetValueOrDefault(outcome.ToString()) + 1;
                    if (outcome is not (NotificationOutcome.Paid or NotificationOutcome.AlreadyCounted) && review.Count < MaxListedLines)
                    {
                        var line = slice[k];
                        review.Add(new StatementReviewLine(line.Row, a.NotificationId, outcome, line.AmountVnd, line.Content, line.Date, a.Order?.Number));
                    }
                }

                result = result with { Counts = counts, Review = review };
                await using var save = new NpgsqlCommand(SaveProgress, conn, tx);
                save.Parameters.Add(new NpgsqlParameter { Value = import.Id });
                save.Parameters.Add(new NpgsqlParameter { Value = done });
                save.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(result, Json), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
                save.Parameters.Add(new NpgsqlParameter { Value = (done == pending.Count ? StatementImportState.Done : StatementImportState.Running).ToString() });
                save.Parameters.Add(new NpgsqlParameter { Value = clock.GetUtcNow() });
                await save.ExecuteNonQueryAsync(c);
                counts = new Dictionary<string, int>(counts);
                review = review.ToList();
            }, ct);
        }

        if (pending.Count == from)
        {
            // Nothing to apply (no credit lines): the import is done as it stands.
            await db.StatementImports.Where(i => i.Id == import.Id).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.State, StatementImportState.Done).SetProperty(i => i.FinishedAt, clock.GetUtcNow())
                .SetProperty(i => i.Pending, (byte[]?)null), ct);
        }

        logger.LogInformation("Statement import {ImportId} ({FileName}, producer {ProducerId}) done: {Credits} credits, {Counts}", import.Id,
            import.FileName, import.ProducerId, import.Credits, string.Join(", ", result.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        return result;
    }

    /// <summary>The credit lines with their stored ids: a line's occurrence among identical lines of the file makes its id.</summary>
    private static List<PendingLine> PendingLines(StatementUpload u, List<StatementLine> lines)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var pending = new List<PendingLine>();
        foreach (var line in lines.Where(l => l.Kind == LineKind.Credit))
        {
            var occurrence = 0;
            if (line.Reference is null)
            {
                var hash = StatementSheet.LineHash(line);
                occurrence = seen.GetValueOrDefault(hash);
                seen[hash] = occurrence + 1;
            }

            pending.Add(new PendingLine(line.Row, StatementSheet.ExternalId(u.Bin, u.Account, line, occurrence), line.AmountVnd, line.Content,
                line.Date, line.Reference));
        }

        return pending;
    }

    /// <summary>A credit line waiting to be applied.</summary>
    public sealed record PendingLine(int Row, string ExternalId, long AmountVnd, string Content, string? Date, string? Reference);
}
