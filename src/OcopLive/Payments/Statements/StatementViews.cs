namespace OcopLive.Payments.Statements;

/// <summary>A producer's remembered layout of its bank's statements, as the API answers it.</summary>
public sealed record StatementLayoutView(Guid ProducerId, string Bin, string? BankName, string AmountColumn, string ContentColumn,
    string? ReferenceColumn, string? DateColumn, DateTimeOffset UpdatedAt)
{
    public static StatementLayoutView Of(StatementLayout l) =>
        new(l.ProducerId, l.Bin, Banks.Find(l.Bin)?.ShortName, l.AmountColumn, l.ContentColumn, l.ReferenceColumn, l.DateColumn, l.UpdatedAt);
}

/// <summary>
/// What an uploaded statement looks like: the producer's bank, its remembered layout (if any) and
/// whether this file fits it, and the header row found with a guessed mapping for the page's form.
/// </summary>
public sealed record StatementPreview(Guid ProducerId, string Bin, string? BankName, string AccountNumber, string? FileName,
    StatementLayoutView? Layout, bool LayoutFits, IDictionary<string, string[]>? Missing, int? HeaderRow, IReadOnlyList<string> Headers,
    LayoutColumns Suggested, IReadOnlyList<string[]> Sample, int Rows);

/// <summary>A statement line a person has to look at (anything but an exact payment), with the review item it became.</summary>
public sealed record StatementReviewLine(int Row, long NotificationId, NotificationOutcome Outcome, long AmountVnd, string Content, string? Date,
    long? OrderNumber);

/// <summary>A line that was not read as a transaction, and why.</summary>
public sealed record StatementSkippedLine(int Row, string Reason);

/// <summary>
/// The answer of an import: how many lines of each kind and each matcher outcome
/// (<c>counts</c> keyed by <see cref="NotificationOutcome"/> names plus <c>Duplicate</c>), the
/// lines kept for review and the lines skipped.
/// </summary>
public sealed record StatementImportResult(Guid ProducerId, string Bin, string? FileName, int Lines, int Credits, int DebitsSkipped, int Skipped,
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<StatementReviewLine> Review, IReadOnlyList<StatementSkippedLine> SkippedLines)
{
    /// <summary>What the file says before any line is applied: every count zero.</summary>
    public static StatementImportResult Start(Guid producerId, string bin, string? fileName, List<StatementLine> lines) =>
        new(producerId, bin, fileName, lines.Count, lines.Count(l => l.Kind == LineKind.Credit), lines.Count(l => l.Kind == LineKind.Debit),
            lines.Count(l => l.Kind == LineKind.Skipped),
            Enum.GetNames<NotificationOutcome>().Append("Duplicate").ToDictionary(n => n, _ => 0),
            [],
            lines.Where(l => l.Kind == LineKind.Skipped).Take(ImportStatement.MaxListedLines).Select(l => new StatementSkippedLine(l.Row, l.Reason ?? ""))
                .ToList());
}

/// <summary>
/// An import as the API answers it: the result so far (<see cref="StatementImportResult"/>'s
/// members, flattened) and where it is — <c>state</c>, <c>processed</c> of <c>credits</c> credit
/// lines applied, <c>progress</c> from 0 to 1, and the Hangfire <c>jobId</c> of a large file.
/// </summary>
public sealed record StatementImportView(Guid ImportId, string State, int Processed, double Progress, string? JobId, Guid ProducerId, string Bin,
    string? FileName, int Lines, int Credits, int DebitsSkipped, int Skipped, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<StatementReviewLine> Review, IReadOnlyList<StatementSkippedLine> SkippedLines, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static StatementImportView Of(StatementImport i, StatementImportResult r) =>
        new(i.Id, i.State.ToString(), i.Processed, i.Credits == 0 ? (i.State == StatementImportState.Done ? 1 : 0) : Math.Round((double)i.Processed / i.Credits, 4),
            i.JobId, r.ProducerId, r.Bin, r.FileName, r.Lines, r.Credits, r.DebitsSkipped, r.Skipped, r.Counts, r.Review, r.SkippedLines, i.CreatedAt,
            i.FinishedAt);
}
