using System.Text;
using CsvHelper;
using OcopLive.Common;

namespace OcopLive.Payments.Statements;

/// <summary>
/// A bank's statement export read into rows of cell texts, before anyone knows which row is the
/// header: CSV (delimiter <c>,</c> <c>;</c> or tab, found from the file; UTF-8 with or without
/// BOM) or XLSX (the first sheet; number and date cells written out in invariant form).
/// </summary>
public static class StatementFile
{
    /// <summary>Most transaction lines read from one file.</summary>
    public const int MaxLines = 20_000;

    /// <summary>Largest upload accepted (the route's own request limit).</summary>
    public const long MaxBytes = 5 * 1024 * 1024;

    /// <summary>Most rows read from a file (title rows and header included, blank rows not).</summary>
    public const int MaxRows = MaxLines + 100;

    /// <summary>Columns read per row: statements have about ten.</summary>
    public const int MaxColumns = 60;

    private static readonly char[] Delimiters = [',', ';', '\t'];

    /// <summary>The non-blank rows of the file, or the refusal (unreadable, not UTF-8, too many rows).</summary>
    public static Outcome<List<StatementRow>> Read(byte[] bytes, string? fileName)
    {
        var isZip = bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
        if (isZip)
        {
            return ReadXlsx(bytes);
        }

        if (fileName is not null && (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                                     || fileName.EndsWith(".xls", StringComparison.OrdinalIgnoreCase)))
        {
            return Unreadable("Tệp Excel không đọc được; hãy xuất lại dạng .xlsx hoặc .csv (only .xlsx or .csv statements are read).");
        }

        return ReadCsv(bytes);
    }

    private static Outcome<List<StatementRow>> ReadCsv(byte[] bytes)
    {
        string text;
        try
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            text = utf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Unreadable("Tệp CSV không phải UTF-8; hãy xuất lại với mã hoá UTF-8 (the CSV file is not UTF-8).");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return Unreadable("Tệp không phải CSV hay XLSX (not a CSV or XLSX file).");
        }

        var options = CsvReaderOptions.Default with
        {
            Separator = DetectDelimiter(text),
            HasHeader = false,
            SkipEmptyLines = true,
            TrackLineNumbers = true,
            MaxRecordSize = 1024 * 1024,
        };
        try
        {
            return ReadCsvRows(text, options);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // CsvHelper refuses a record longer than MaxRecordSize (one 2 MB field) with an exception
            // of its own: an unreadable file, like the others, never a 500.
            return Unreadable("Tệp CSV có dòng quá dài hoặc không đọc được (a CSV line is too long or unreadable).");
        }
    }

    private static Outcome<List<StatementRow>> ReadCsvRows(string text, CsvReaderOptions options)
    {
        var rows = new List<StatementRow>();
        using var reader = CsvReader.FromText(text, options);
        while (reader.Read())
        {
            var cells = new string[Math.Min(reader.FieldCount, MaxColumns)];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader.GetString(i).Trim();
            }

            if (cells.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (rows.Count == MaxRows)
            {
                return TooLong();
            }

            rows.Add(new StatementRow((int)reader.LineNumber, cells));
        }

        return rows;
    }

    /// <summary>
    /// The delimiter that splits the most lines into the same number of fields (outside quotes):
    /// title rows above the header have none or a different count, and a <c>;</c> file's amounts may
    /// hold commas (<c>1,250,000</c>), but only the true delimiter gives the same count line after line.
    /// </summary>
    internal static char DetectDelimiter(string text)
    {
        var lines = text.Split('\n', 60).Take(50).Where(l => l.Trim().Length > 0).ToList();
        var best = ',';
        var bestScore = -1;
        foreach (var d in Delimiters)
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, d)).Where(c => c > 0).ToList();
            if (counts.Count == 0)
            {
                continue;
            }

            var mode = counts.GroupBy(c => c).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            var score = mode.Count() * (mode.Key + 1);
            if (score > bestScore)
            {
                best = d;
                bestScore = score;
            }
        }

        return best;
    }

    private static int CountOutsideQuotes(string line, char d)
    {
        var quoted = false;
        var n = 0;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == d && !quoted)
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Read as a stream of the cells the file holds (<see cref="XlsxStatement"/>), never as a workbook model.</summary>
    private static Outcome<List<StatementRow>> ReadXlsx(byte[] bytes)
    {
        try
        {
            var rows = XlsxStatement.Read(bytes, MaxRows, MaxColumns, out var tooLong);
            return tooLong ? TooLong() : rows;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or ArgumentException or InvalidOperationException
                                      or NotSupportedException or System.Xml.XmlException)
        {
            return Unreadable("Tệp Excel không đọc được (the XLSX file could not be read).");
        }
    }

    private static Refusal Unreadable(string title) => new(StatusCodes.Status400BadRequest, "statement-unreadable", title);

    internal static Refusal TooLong() => new(StatusCodes.Status400BadRequest, "statement-too-long",
        "Sao kê quá dài: tối đa 20.000 dòng mỗi tệp; hãy chia theo khoảng ngày (at most 20,000 lines per file).");
}

/// <summary>One non-blank row of the file: its number in the file (1-based, as a spreadsheet shows it) and its cells.</summary>
public sealed record StatementRow(int Number, string[] Cells);
