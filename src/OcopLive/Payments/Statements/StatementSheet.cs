using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OcopLive.Common;

namespace OcopLive.Payments.Statements;

/// <summary>The columns a layout maps, by header text (as the API takes and answers them).</summary>
public sealed record LayoutColumns(string? AmountColumn, string? ContentColumn, string? ReferenceColumn, string? DateColumn)
{
    public static LayoutColumns Of(StatementLayout layout) => new(layout.AmountColumn, layout.ContentColumn, layout.ReferenceColumn, layout.DateColumn);
}

/// <summary>What a statement line is.</summary>
public enum LineKind
{
    /// <summary>Money in: goes to the matcher.</summary>
    Credit,

    /// <summary>Money out (negative amount, or an empty/zero credit cell beside a debit column): not ours to match.</summary>
    Debit,

    /// <summary>Not a transaction: an amount that is not a number, or a totals row (no date, no reference).</summary>
    Skipped,
}

/// <summary>A line of the statement under the header, read through the layout.</summary>
public sealed record StatementLine(int Row, LineKind Kind, long AmountVnd, string Content, string? Reference, string? Date, string? Reason);

/// <summary>The header row the page shows when it asks the user to map columns, with a first guess at the mapping.</summary>
public sealed record HeaderGuess(int? HeaderRow, IReadOnlyList<string> Headers, LayoutColumns Suggested, IReadOnlyList<string[]> Sample);

/// <summary>
/// Finds the header row and reads the lines. Headers are compared folded (case, diacritics and
/// runs of spaces ignored), so "Số tiền ghi có", "SO TIEN GHI CO" and "Số tiền  ghi có" are one
/// column: banks change their exports' cosmetics more often than their columns.
/// </summary>
public static class StatementSheet
{
    /// <summary>The header is looked for among this many first rows (banks put a few title rows above it).</summary>
    public const int HeaderSearchRows = 50;

    public static string Key(string header) => string.Join(' ', Text.Fold(header).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The lines of the statement under the first row holding every mapped header; or a 400
    /// <c>statement-columns-missing</c> naming the mapped columns no row holds (nothing is read then).
    /// </summary>
    public static Outcome<List<StatementLine>> Lines(IReadOnlyList<StatementRow> rows, LayoutColumns layout)
    {
        var wanted = new (string Field, string? Header)[]
        {
            ("amountColumn", layout.AmountColumn), ("contentColumn", layout.ContentColumn), ("referenceColumn", layout.ReferenceColumn),
            ("dateColumn", layout.DateColumn),
        };
        int[]? found = null;
        var headerIndex = -1;
        var bestHits = -1;
        int[] bestFound = [];
        for (var i = 0; i < Math.Min(rows.Count, HeaderSearchRows) && found is null; i++)
        {
            var keys = rows[i].Cells.Select(Key).ToList();
            var positions = wanted.Select(w => w.Header is null ? -2 : keys.IndexOf(Key(w.Header))).ToArray();
            var hits = positions.Count(p => p >= 0);
            if (positions.All(p => p != -1))
            {
                found = positions;
                headerIndex = i;
            }
            else if (hits > bestHits)
            {
                bestHits = hits;
                bestFound = positions;
            }
        }

        if (found is null)
        {
            var missing = new Dictionary<string, string[]>();
            for (var w = 0; w < wanted.Length; w++)
            {
                if (wanted[w].Header is { } header && (bestFound.Length == 0 || bestFound[w] == -1))
                {
                    missing[wanted[w].Field] = [$"Không thấy cột \"{header}\" trong tệp (no column headed \"{header}\")."];
                }
            }

            return new Refusal(StatusCodes.Status400BadRequest, "statement-columns-missing",
                "Tệp thiếu cột đã ánh xạ cho ngân hàng này; hãy kiểm tra tệp hoặc ánh xạ lại (the file lacks the mapped columns)", missing);
        }

        var lines = new List<StatementLine>();
        foreach (var row in rows.Skip(headerIndex + 1))
        {
            if (lines.Count == StatementFile.MaxLines)
            {
                return StatementFile.TooLong();
            }

            lines.Add(ReadLine(row, found));
        }

        return lines;
    }

    private static StatementLine ReadLine(StatementRow row, int[] at)
    {
        string? Cell(int position) => position >= 0 && position < row.Cells.Length && row.Cells[position].Length > 0 ? row.Cells[position] : null;

        var amountText = Cell(at[0]);
        var content = Cell(at[1]) ?? "";
        if (content.Length > PaymentRules.MaxContentLength)
        {
            content = content[..PaymentRules.MaxContentLength];
        }

        var reference = Cell(at[2]);
        var date = NormalizeDate(Cell(at[3]));
        if (amountText is null)
        {
            // An empty credit cell beside a debit column is money out; a row with nothing but words
            // (a note under the table) is no transaction at all.
            return date is null && reference is null
                ? new StatementLine(row.Number, LineKind.Skipped, 0, content, reference, date, "Không có số tiền (no amount)")
                : new StatementLine(row.Number, LineKind.Debit, 0, content, reference, date, null);
        }

        if (VndAmount.Parse(amountText) is not { } amount)
        {
            return new StatementLine(row.Number, LineKind.Skipped, 0, content, reference, date,
                $"Số tiền không đọc được: \"{Short(amountText)}\" (not an amount)");
        }

        if (amount <= 0)
        {
            return new StatementLine(row.Number, LineKind.Debit, amount, content, reference, date, null);
        }

        // A totals row ("Tổng cộng") has an amount but no date and no reference: not a transfer.
        if ((at[3] >= 0 || at[2] >= 0) && date is null && reference is null)
        {
            return new StatementLine(row.Number, LineKind.Skipped, amount, content, reference, date,
                "Không có ngày hay số tham chiếu: dòng tổng? (no date or reference: a totals row?)");
        }

        return new StatementLine(row.Number, LineKind.Credit, amount, content, reference, date, null);
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy",
        "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy", "dd-MM-yyyy HH:mm:ss", "dd-MM-yyyy", "dd.MM.yyyy", "dd/MM/yy",
    ];

    /// <summary>
    /// A date as <c>yyyy-MM-dd HH:mm:ss</c> when it reads as one (so a CSV's "02/12/2026 10:15" and
    /// the same statement's XLSX date cell give the same line key), else the text as written.
    /// </summary>
    public static string? NormalizeDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var d))
        {
            return d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return t.Length > 64 ? t[..64] : t;
    }

    /// <summary>
    /// The stored id of a credit line, unique per bank account: the bank's reference when the layout
    /// maps one and the line has it; otherwise a hash of what the line says (date, amount, content)
    /// and its occurrence among identical lines of the file, so the same line in an overlapping
    /// statement is the same id, and two genuinely identical transfers in one file are two.
    /// </summary>
    public static string ExternalId(string bin, string account, StatementLine line, int occurrence)
    {
        var who = $"{bin}/{PaymentRules.NormalizeAccount(account)}/";
        var id = line.Reference is { } reference ? who + "ref:" + reference : who + "line:" + LineHash(line) + "." + occurrence.ToString(CultureInfo.InvariantCulture);
        return id.Length <= PaymentRules.MaxExternalIdLength
            ? id
            : who + "h:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..40];
    }

    /// <summary>What makes two lines "identical" when the bank gives no reference.</summary>
    public static string LineHash(StatementLine line) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{line.Date}\n{line.AmountVnd.ToString(CultureInfo.InvariantCulture)}\n{Key(line.Content)}")))[..24];

    /// <summary>
    /// The likeliest header row when no layout is known: among the first rows, the one with the most
    /// filled cells that are all words (title rows have one or two cells; data rows hold amounts and
    /// dates). The mapping is guessed from common Vietnamese and English headers; the user confirms it.
    /// </summary>
    public static HeaderGuess Guess(IReadOnlyList<StatementRow> rows)
    {
        var best = -1;
        var bestCount = 1;
        for (var i = 0; i < Math.Min(rows.Count, HeaderSearchRows); i++)
        {
            var cells = rows[i].Cells.Where(c => c.Length > 0).ToList();
            if (cells.Count > bestCount && cells.All(c => VndAmount.Parse(c) is null && NormalizeDate(c) is { } n && !char.IsAsciiDigit(n[0])))
            {
                best = i;
                bestCount = cells.Count;
            }
        }

        if (best < 0)
        {
            return new HeaderGuess(null, [], new LayoutColumns(null, null, null, null), [.. rows.Take(5).Select(r => r.Cells)]);
        }

        var headers = rows[best].Cells.Where(c => c.Length > 0).Distinct().ToList();
        string? Pick(params string[] words) =>
            words.Select(w => headers.FirstOrDefault(h => Key(h).Contains(w, StringComparison.Ordinal))).FirstOrDefault(h => h is not null);

        var suggested = new LayoutColumns(
            Pick("ghi co", "credit", "tien vao", "so tien co", "phat sinh co"),
            Pick("noi dung", "dien giai", "description", "mo ta", "chi tiet", "remark", "details"),
            Pick("tham chieu", "reference", "so but toan", "ma giao dich", "so giao dich", "ma gd", "so ct", "ref", "transaction no"),
            Pick("ngay giao dich", "ngay hieu luc", "thoi gian", "ngay", "date", "time"));
        return new HeaderGuess(rows[best].Number, headers, suggested, [.. rows.Skip(best + 1).Take(5).Select(r => r.Cells)]);
    }
}
