using System.Globalization;
using OcopLive.Common;
using OcopLive.Payments.Statements;

namespace OcopLive.Delivery.CodMoney;

/// <summary>One parcel's line of a COD settlement file, read.</summary>
public sealed record CodLine(int Row, string TrackingCode, long CollectedVnd, long FeeVnd, string? TransferDate);

/// <summary>A row that is not a parcel's line (a total, a blank code, an amount that does not read), and why.</summary>
public sealed record CodSkippedLine(int Row, string Reason);

/// <summary>What a settlement file holds in the carrier's layout: the header row found, its lines and the rows skipped.</summary>
public sealed record CodSheetRead(int HeaderRow, IReadOnlyList<string> Headers, IReadOnlyList<CodLine> Lines, IReadOnlyList<CodSkippedLine> Skipped);

/// <summary>
/// Reads a carrier's settlement rows by its <see cref="CodLayout"/>, pure: the header row is the
/// first of the first 50 rows that names the tracking code and the COD collected (title rows about
/// the shop and the period sit above it); every later row with a tracking code is a parcel's line.
/// </summary>
public static class CodSheet
{
    public const int HeaderSearchRows = 50;

    /// <summary>Longest tracking code kept (the carriers' codes are 8–20 characters).</summary>
    public const int MaxTrackingCodeLength = 64;

    public static Outcome<CodSheetRead> Read(IReadOnlyList<StatementRow> rows, CodLayout layout)
    {
        for (var i = 0; i < Math.Min(rows.Count, HeaderSearchRows); i++)
        {
            var keys = rows[i].Cells.Select(CodLayouts.Key).ToArray();
            var tracking = Column(keys, layout.Tracking);
            var collected = Column(keys, layout.Collected);
            if (tracking < 0 || collected < 0)
            {
                continue;
            }

            var fees = layout.Fees.Select(names => Column(keys, names)).Where(c => c >= 0).ToArray();
            var date = Column(keys, layout.TransferDate);
            return ReadLines(rows, i, tracking, collected, fees, date);
        }

        return Refusal.Invalid("file",
            $"Không thấy dòng tiêu đề của bảng đối soát {layout.Carrier}: cần các cột \"{layout.Tracking[0]}\" và \"{layout.Collected[0]}\" "
            + $"(no header row naming the tracking code and COD columns of a {layout.Carrier} settlement; is this the right carrier?)");
    }

    private static CodSheetRead ReadLines(IReadOnlyList<StatementRow> rows, int header, int tracking, int collected, int[] fees, int date)
    {
        var lines = new List<CodLine>();
        var skipped = new List<CodSkippedLine>();
        for (var i = header + 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var code = Cell(row, tracking).Trim();
            if (code.Length == 0)
            {
                skipped.Add(new CodSkippedLine(row.Number, "Không có mã vận đơn (no tracking code: a total or a note)"));
                continue;
            }

            if (!LooksLikeCode(code))
            {
                skipped.Add(new CodSkippedLine(row.Number, "Không phải mã vận đơn: dòng tổng hoặc ghi chú (not a tracking code: a total or a note)"));
                continue;
            }

            var cod = Amount(Cell(row, collected));
            if (cod is not { } codVnd || codVnd < 0)
            {
                skipped.Add(new CodSkippedLine(row.Number, "Tiền thu hộ không đọc được (the COD amount does not read as whole đồng)"));
                continue;
            }

            long fee = 0;
            var feeUnreadable = false;
            foreach (var f in fees)
            {
                if (Amount(Cell(row, f)) is { } part)
                {
                    fee = checked(fee + Math.Abs(part));
                }
                else
                {
                    feeUnreadable = true;
                }
            }

            if (feeUnreadable)
            {
                skipped.Add(new CodSkippedLine(row.Number, "Phí không đọc được (a fee does not read as whole đồng)"));
                continue;
            }

            lines.Add(new CodLine(row.Number, code, codVnd, fee, date < 0 ? null : StatementSheet.NormalizeDate(Cell(row, date))));
        }

        return new CodSheetRead(rows[header].Number, rows[header].Cells.Where(c => c.Length > 0).ToList(), lines, skipped);
    }

    /// <summary>
    /// The carriers' codes are one word with digits (GHN <c>GYH3N7K4</c>, GHTK <c>S22563.BO.HN12.A1.123456789</c>,
    /// Viettel Post <c>1812345678901</c>): a "Tổng cộng" row or a note in that column is not one.
    /// </summary>
    internal static bool LooksLikeCode(string code) =>
        code.Length <= MaxTrackingCodeLength && code.Any(char.IsAsciiDigit) && !code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>An amount cell: blank is 0 (a returned parcel collects nothing), else whole đồng, else null.</summary>
    private static long? Amount(string text) => string.IsNullOrWhiteSpace(text) ? 0 : VndAmount.Parse(text);

    private static int Column(string[] keys, string[] names)
    {
        foreach (var name in names)
        {
            var i = Array.IndexOf(keys, CodLayouts.Key(name));
            if (i >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Cell(StatementRow row, int column) => column >= 0 && column < row.Cells.Length ? row.Cells[column] : "";

    /// <summary>
    /// A line's key, unique per carrier: what the line says (code, amounts, transfer date) and its
    /// occurrence among identical lines of the file. The same file twice, or a later file repeating
    /// a line, gives the same key; a parcel settled again with other figures (an adjustment) is new.
    /// </summary>
    public static string LineKey(string carrier, CodLine line, int occurrence) => string.Create(CultureInfo.InvariantCulture,
        $"{carrier}/{line.TrackingCode.ToUpperInvariant()}/{line.CollectedVnd}/{line.FeeVnd}/{line.TransferDate}/{occurrence}");
}
