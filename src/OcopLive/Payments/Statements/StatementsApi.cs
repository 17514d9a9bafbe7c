using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Common;
using OcopLive.Data;

namespace OcopLive.Payments.Statements;

/// <summary>A bank's remembered layout, as the API answers it.</summary>
public sealed record StatementLayoutView(string Bin, string? BankName, string AmountColumn, string ContentColumn, string? ReferenceColumn,
    string? DateColumn, DateTimeOffset UpdatedAt)
{
    public static StatementLayoutView Of(StatementLayout l) =>
        new(l.Bin, Banks.Find(l.Bin)?.ShortName, l.AmountColumn, l.ContentColumn, l.ReferenceColumn, l.DateColumn, l.UpdatedAt);
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
    IReadOnlyDictionary<string, int> Counts, IReadOnlyList<StatementReviewLine> Review, IReadOnlyList<StatementSkippedLine> SkippedLines);

/// <summary>
/// Bank statements for producers whose bank has no notification service: upload a CSV or XLSX
/// export, map its columns once per bank, import. Every credit line goes through the same
/// <see cref="Reconciler"/> as a signed notification, so both roads judge a transfer alike.
/// </summary>
public static class StatementsApi
{
    /// <summary>The form field with the statement file.</summary>
    public const string FileField = "file";

    public const string ProducerField = "producerId";

    private const int MaxListedLines = 500;

    public static IEndpointRouteBuilder MapStatements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payments").WithTags("Payments").RequireAuthorization(Policies.ProducerPortal);
        // Uploads up to 5 MB; every other API route keeps the 64 KB limit (Common/ApiSetup reads this metadata).
        var limit = new RequestSizeLimitAttribute(StatementFile.MaxBytes);
        // No Accepts metadata: routing would answer 415 to another content type before authorization
        // (an anonymous caller must get 401); the handler answers 415 itself after it.
        const string form = "multipart/form-data: file (CSV or XLSX, at most 5 MB), producerId";
        group.MapPost("/statements/preview", Preview).WithMetadata(limit).WithDescription(form)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/statements", Import).WithMetadata(limit).WithDescription(form)
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/statement-layouts", ListLayouts);
        group.MapPut("/statement-layouts/{bin}", SaveLayout).Accepts<LayoutColumns>("application/json")
            .ProducesBodyProblems().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// <c>POST /api/payments/statements/preview</c> (multipart: <c>file</c>, <c>producerId</c>):
    /// reads the file and answers its header candidates and the bank's layout, changing nothing.
    /// </summary>
    public static async Task<Results<Ok<StatementPreview>, ProblemHttpResult>> Preview(HttpRequest request, OcopDbContext db, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var (upload, refusal) = await ReadUploadAsync(request, db, user, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var u = upload!;
        var layout = await db.StatementLayouts.AsNoTracking().FirstOrDefaultAsync(l => l.Bin == u.Bin, ct);
        var guess = StatementSheet.Guess(u.Rows);
        IDictionary<string, string[]>? missing = null;
        if (layout is not null && StatementSheet.Lines(u.Rows, LayoutColumns.Of(layout)).Refusal is { } misfit)
        {
            missing = misfit.Errors ?? new Dictionary<string, string[]> { ["file"] = [misfit.Title] };
        }

        return TypedResults.Ok(new StatementPreview(u.ProducerId, u.Bin, Banks.Find(u.Bin)?.ShortName, u.Account, u.FileName,
            layout is null ? null : StatementLayoutView.Of(layout), layout is not null && missing is null, missing, guess.HeaderRow, guess.Headers,
            guess.Suggested, guess.Sample, u.Rows.Count));
    }

    /// <summary>
    /// <c>POST /api/payments/statements</c> (multipart: <c>file</c>, <c>producerId</c>): imports
    /// the statement into the producer's account with the bank's remembered layout. 409
    /// <c>statement-layout-required</c> (with the file's <c>headers</c> and a <c>suggested</c>
    /// mapping) when the bank has none yet; 400 <c>statement-columns-missing</c> when the file
    /// lacks a mapped column. Either refusal changes nothing.
    /// </summary>
    public static async Task<Results<Ok<StatementImportResult>, ProblemHttpResult>> Import(HttpRequest request, OcopDbContext db,
        Reconciler reconciler, ClaimsPrincipal user, ILoggerFactory loggers, CancellationToken ct)
    {
        var (upload, refusal) = await ReadUploadAsync(request, db, user, ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var u = upload!;
        var layout = await db.StatementLayouts.AsNoTracking().FirstOrDefaultAsync(l => l.Bin == u.Bin, ct);
        if (layout is null)
        {
            var guess = StatementSheet.Guess(u.Rows);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: Problems.TypeBase + "statement-layout-required",
                title: "Chưa biết bố cục sao kê của ngân hàng này: hãy chọn cột (map the columns of this bank's statement first)",
                extensions: new Dictionary<string, object?> { ["bin"] = u.Bin, ["headers"] = guess.Headers, ["suggested"] = guess.Suggested });
        }

        var (lines, misfit) = StatementSheet.Lines(u.Rows, LayoutColumns.Of(layout));
        if (misfit is not null)
        {
            return misfit.ToProblem();
        }

        var result = await ApplyAsync(reconciler, u, lines!, ct);
        loggers.CreateLogger(typeof(StatementsApi)).LogInformation(
            "Statement {FileName} imported by {User} for producer {ProducerId} ({Bin}): {Credits} credits, {Counts}",
            u.FileName, user.Identity?.Name, u.ProducerId, u.Bin, result.Credits,
            string.Join(", ", result.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// Each credit line through the matcher, one transaction each, in file order. The file was read
    /// whole before the first line is applied, so a malformed file changes nothing; if the upload
    /// stops half-way, importing the file again completes it (lines already stored are duplicates).
    /// </summary>
    private static async Task<StatementImportResult> ApplyAsync(Reconciler reconciler, Upload u, List<StatementLine> lines, CancellationToken ct)
    {
        var counts = Enum.GetNames<NotificationOutcome>().Append("Duplicate").ToDictionary(n => n, _ => 0);
        var review = new List<StatementReviewLine>();
        var skipped = new List<StatementSkippedLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var credits = 0;
        var debits = 0;
        foreach (var line in lines)
        {
            if (line.Kind == LineKind.Debit)
            {
                debits++;
                continue;
            }

            if (line.Kind == LineKind.Skipped)
            {
                if (skipped.Count < MaxListedLines)
                {
                    skipped.Add(new StatementSkippedLine(line.Row, line.Reason ?? ""));
                }

                continue;
            }

            credits++;
            var occurrence = 0;
            if (line.Reference is null)
            {
                var hash = StatementSheet.LineHash(line);
                occurrence = seen.GetValueOrDefault(hash);
                seen[hash] = occurrence + 1;
            }

            var transfer = new IncomingTransfer(NotificationSource.Statement, StatementSheet.ExternalId(u.Bin, u.Account, line, occurrence), u.Account,
                line.AmountVnd, line.Content, line.Date);
            var applied = await reconciler.ApplyAsync(transfer, ct);
            if (applied.Duplicate)
            {
                counts["Duplicate"]++;
                continue;
            }

            var outcome = applied.Outcome ?? NotificationOutcome.Unmatched;
            counts[outcome.ToString()]++;
            if (outcome != NotificationOutcome.Paid && review.Count < MaxListedLines)
            {
                review.Add(new StatementReviewLine(line.Row, applied.NotificationId, outcome, line.AmountVnd, line.Content, line.Date,
                    applied.Order?.Number));
            }
        }

        return new StatementImportResult(u.ProducerId, u.Bin, u.FileName, lines.Count, credits, debits, lines.Count(l => l.Kind == LineKind.Skipped),
            counts, review, skipped);
    }

    /// <summary><c>GET /api/payments/statement-layouts</c>: the banks' remembered layouts.</summary>
    public static async Task<Ok<List<StatementLayoutView>>> ListLayouts(OcopDbContext db, CancellationToken ct)
    {
        var layouts = await db.StatementLayouts.AsNoTracking().OrderBy(l => l.Bin).ToListAsync(ct);
        return TypedResults.Ok(layouts.Select(StatementLayoutView.Of).ToList());
    }

    /// <summary>
    /// <c>PUT /api/payments/statement-layouts/{bin}</c> <c>{ amountColumn, contentColumn, referenceColumn?, dateColumn? }</c>:
    /// remembers how this bank's statements are laid out. Staff may set any bank's; a producer only
    /// its own bank's, and only while none is remembered: a layout serves every producer of that
    /// bank, so one producer's wrong mapping must not quietly break another's imports.
    /// </summary>
    public static async Task<Results<Ok<StatementLayoutView>, ProblemHttpResult>> SaveLayout(string bin, HttpRequest request, OcopDbContext db,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<LayoutColumns>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var errors = new Errors();
        if (bin.Length != BankRules.BinLength || !bin.All(char.IsAsciiDigit))
        {
            errors.Add("bin", "Mã BIN ngân hàng gồm 6 chữ số (the 6-digit NAPAS bank identifier).");
        }

        var amount = Text.Required(errors, "amountColumn", body.Value!.AmountColumn, 100);
        var content = Text.Required(errors, "contentColumn", body.Value.ContentColumn, 100);
        var reference = Text.Optional(errors, "referenceColumn", body.Value.ReferenceColumn, 100);
        var date = Text.Optional(errors, "dateColumn", body.Value.DateColumn, 100);
        var chosen = new[] { amount, content, reference, date }.OfType<string>().Select(StatementSheet.Key).ToList();
        if (!errors.Any && chosen.Distinct().Count() != chosen.Count)
        {
            errors.Add("contentColumn", "Mỗi cột chỉ chọn một lần (each column can be chosen once).");
        }

        if (errors.Any)
        {
            return Refusal.Invalid(errors).ToProblem();
        }

        var existing = await db.StatementLayouts.FirstOrDefaultAsync(l => l.Bin == bin, ct);
        if (!user.Passes(Policies.Staff))
        {
            var producerId = user.ProducerId();
            var ownBin = await db.Producers.AsNoTracking().Where(p => p.Id == producerId).Select(p => p.BankBin).FirstOrDefaultAsync(ct);
            if (ownBin != bin)
            {
                return Problems.Forbidden("Chỉ được chọn cột cho ngân hàng của chính chủ thể (only your own bank's layout)");
            }

            if (existing is not null && (existing.AmountColumn, existing.ContentColumn, existing.ReferenceColumn, existing.DateColumn)
                != (amount, content, reference, date))
            {
                return Problems.Conflict("statement-layout-exists",
                    "Bố cục sao kê của ngân hàng này đã có; nhờ ban tổ chức sửa nếu ngân hàng đổi mẫu (the layout exists; staff can change it)");
            }
        }

        if (existing is null)
        {
            existing = new StatementLayout { Bin = bin, AmountColumn = amount!, ContentColumn = content! };
            db.StatementLayouts.Add(existing);
        }

        existing.AmountColumn = amount!;
        existing.ContentColumn = content!;
        existing.ReferenceColumn = reference;
        existing.DateColumn = date;
        existing.UpdatedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two first mappings of one bank at once: the other one was saved; this one is answered as a conflict.
            return Problems.Conflict("statement-layout-exists", "Bố cục vừa được lưu bởi người khác; hãy tải lại (saved by someone else just now)");
        }

        return TypedResults.Ok(StatementLayoutView.Of(existing));
    }

    private sealed record Upload(Guid ProducerId, string Bin, string Account, string? FileName, List<StatementRow> Rows);

    /// <summary>
    /// The multipart form: <c>file</c> (≤ 5 MB) and <c>producerId</c>; the producer must be the
    /// caller's own (staff: any) and have a bank account; the file must read as CSV or XLSX.
    /// Form problems come before the producer check, so a bad request is a 400 for everyone.
    /// </summary>
    private static async Task<(Upload?, Refusal?)> ReadUploadAsync(HttpRequest request, OcopDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, new Refusal(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Gửi tệp sao kê dạng multipart/form-data (send the statement as multipart/form-data)"));
        }

        var form = await request.ReadFormAsync(ct);
        var errors = new Errors();
        var file = form.Files.GetFile(FileField);
        if (file is null || file.Length == 0)
        {
            errors.Add(FileField, "Chọn tệp sao kê CSV hoặc XLSX (choose a CSV or XLSX statement file).");
        }
        else if (file.Length > StatementFile.MaxBytes)
        {
            return (null, TooLarge());
        }

        if (!Guid.TryParse(form[ProducerField].ToString(), out var producerId))
        {
            errors.Add(ProducerField, "Chọn chủ thể nhận tiền (the producer whose account the statement is).");
        }

        if (errors.Any)
        {
            return (null, Refusal.Invalid(errors));
        }

        if (!user.MaySeeProducer(producerId))
        {
            return (null, Refusal.Forbidden("Chỉ được nhập sao kê của chính chủ thể (only your own producer's statements)"));
        }

        var producer = await db.Producers.AsNoTracking().Where(p => p.Id == producerId)
            .Select(p => new { p.BankBin, p.BankAccountNumber }).FirstOrDefaultAsync(ct);
        if (producer is null)
        {
            return (null, Refusal.NotFound(Problems.ProducerNotFoundTitle, ProducerField));
        }

        if (producer.BankBin is null || producer.BankAccountNumber is null)
        {
            return (null, Refusal.Conflict("no-bank-account", "Chủ thể chưa khai báo tài khoản ngân hàng (the producer has no bank account)"));
        }

        var bytes = new byte[file!.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, ct);
        }

        var (rows, unreadable) = StatementFile.Read(bytes, file.FileName);
        if (unreadable is not null)
        {
            return (null, unreadable);
        }

        var name = Path.GetFileName(file.FileName);
        return (new Upload(producerId, producer.BankBin, producer.BankAccountNumber, name is { Length: > 200 } ? name[..200] : name, rows!), null);
    }

    internal static Refusal TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "too-large",
        "Tệp sao kê quá lớn: tối đa 5 MB; hãy chia theo khoảng ngày (the statement file is over 5 MB)");
}
