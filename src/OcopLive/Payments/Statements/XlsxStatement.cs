using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace OcopLive.Payments.Statements;

/// <summary>
/// The first sheet of an XLSX read as a stream of XML elements, never as a workbook model: only the
/// cells the file holds are visited (a <c>&lt;dimension ref="A1:XFD1048576"/&gt;</c> with two cells
/// costs two cells), formulas are never evaluated (their cached value is read, or nothing), and every
/// byte inflated from the zip is counted whatever sizes the file declares. Beyond
/// <see cref="MaxInflatedBytes"/> or <see cref="MaxTime"/> the file is refused.
/// </summary>
public static class XlsxStatement
{
    /// <summary>Bytes inflated from the whole file (every part read together): a bank's statement of 20,000 lines is a few MB.</summary>
    public const long MaxInflatedBytes = 20L * 1024 * 1024;

    /// <summary>Wall-clock time allowed for reading one file.</summary>
    public static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(10);

    /// <summary>Cells kept from one file: 20,000 lines of ten columns is 200,000.</summary>
    private const int MaxCells = 500_000;

    /// <summary>Longest cell text kept; a statement's longest cell is a transfer's content.</summary>
    private const int MaxCellChars = 4_000;

    /// <summary>
    /// The non-blank rows (at most <paramref name="maxRows"/>, beyond which <paramref name="tooLong"/>
    /// is set), with cells from the leftmost used column, at most <paramref name="maxColumns"/> wide.
    /// Throws <see cref="InvalidDataException"/> for anything hostile or unreadable.
    /// </summary>
    public static List<StatementRow> Read(byte[] bytes, int maxRows, int maxColumns, out bool tooLong)
    {
        tooLong = false;
        var overflow = false;
        var cellsKept = 0;
        var budget = new Budget();
        using var zip = Open(bytes);
        var sheetPath = FirstSheetPath(zip, budget);
        var sheetEntry = zip.GetEntry(sheetPath) ?? throw new InvalidDataException("no first sheet");
        var shared = SharedStrings(zip, budget);
        var dateStyles = DateStyles(zip, budget);

        var rows = new List<(int Number, SortedDictionary<int, string> Cells)>();
        var minColumn = int.MaxValue;
        using (var reader = XmlOf(sheetEntry, budget))
        {
            SortedDictionary<int, string>? current = null;
            var rowNumber = 0;
            var nextColumn = 1;
            while (reader.Read())
            {
                budget.Tick();
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.LocalName == "row")
                {
                    Flush();
                    rowNumber = int.TryParse(reader.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : rowNumber + 1;
                    current = new SortedDictionary<int, string>();
                    nextColumn = 1;
                }
                else if (reader.LocalName == "c" && current is not null)
                {
                    var column = ColumnOf(reader.GetAttribute("r")) ?? nextColumn;
                    nextColumn = column + 1;
                    var text = CellText(reader, shared, dateStyles, budget);
                    if (text.Length > 0 && current.Count < 2 * maxColumns && current.TryAdd(column, text) && ++cellsKept > MaxCells)
                    {
                        overflow = true;
                    }
                }

                if (overflow)
                {
                    tooLong = true;
                    return [];
                }
            }

            Flush();

            void Flush()
            {
                if (current is not { Count: > 0 } || current.Values.All(string.IsNullOrWhiteSpace))
                {
                    current = null;
                    return;
                }

                if (rows.Count == maxRows)
                {
                    overflow = true;
                    current = null;
                    return;
                }

                rows.Add((rowNumber, current));
                minColumn = Math.Min(minColumn, current.Keys.First());
                current = null;
            }
        }

        if (overflow)
        {
            tooLong = true;
            return [];
        }

        var lastColumn = rows.Count == 0 ? 0 : Math.Min(rows.Max(r => r.Cells.Keys.Last()), minColumn + maxColumns - 1);
        return [.. rows.Select(r =>
        {
            var cells = new string[lastColumn - minColumn + 1];
            Array.Fill(cells, "");
            foreach (var (column, text) in r.Cells)
            {
                if (column <= lastColumn)
                {
                    cells[column - minColumn] = text;
                }
            }

            return new StatementRow(r.Number, cells);
        }).Where(r => !r.Cells.All(string.IsNullOrWhiteSpace))];
    }

    private static ZipArchive Open(byte[] bytes)
    {
        try
        {
            return new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException("not a zip");
        }
    }

    /// <summary>workbook.xml's first &lt;sheet&gt;, through its relationship (xl/worksheets/sheet1.xml in every export seen).</summary>
    private static string FirstSheetPath(ZipArchive zip, Budget budget)
    {
        string? relId = null;
        if (zip.GetEntry("xl/workbook.xml") is { } workbook)
        {
            using var reader = XmlOf(workbook, budget);
            while (reader.Read())
            {
                budget.Tick();
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "sheet")
                {
                    relId = reader.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                    break;
                }
            }
        }

        if (relId is not null && zip.GetEntry("xl/_rels/workbook.xml.rels") is { } rels)
        {
            using var reader = XmlOf(rels, budget);
            while (reader.Read())
            {
                budget.Tick();
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Relationship" && reader.GetAttribute("Id") == relId
                    && reader.GetAttribute("Target") is { Length: > 0 } target)
                {
                    return target.StartsWith('/') ? target[1..] : "xl/" + target;
                }
            }
        }

        return "xl/worksheets/sheet1.xml";
    }

    private static List<string> SharedStrings(ZipArchive zip, Budget budget)
    {
        var strings = new List<string>();
        if (zip.GetEntry("xl/sharedStrings.xml") is not { } entry)
        {
            return strings;
        }

        using var reader = XmlOf(entry, budget);
        while (reader.Read())
        {
            budget.Tick();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
            {
                strings.Add(Clip(RunText(reader, budget)));
            }
        }

        return strings;
    }

    /// <summary>The text of an &lt;si&gt; or &lt;is&gt;: its &lt;t&gt; elements, phonetic runs left out.</summary>
    private static string RunText(XmlReader reader, Budget budget)
    {
        if (reader.IsEmptyElement)
        {
            return "";
        }

        var depth = reader.Depth;
        var text = new System.Text.StringBuilder();
        var inPhonetic = 0;
        while (reader.Read() && reader.Depth > depth)
        {
            budget.Tick();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh" && !reader.IsEmptyElement)
            {
                inPhonetic = reader.Depth;
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "rPh" && reader.Depth == inPhonetic)
            {
                inPhonetic = 0;
            }
            else if (inPhonetic == 0 && reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && !reader.IsEmptyElement
                     && text.Length < MaxCellChars)
            {
                text.Append(reader.ReadElementContentAsString());
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth <= depth)
                {
                    break;
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Which cell styles (the index in cellXfs) show a number as a date.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip, Budget budget)
    {
        var dates = new HashSet<int>();
        if (zip.GetEntry("xl/styles.xml") is not { } entry)
        {
            return dates;
        }

        var customDates = new HashSet<int>();
        using var reader = XmlOf(entry, budget);
        var inCellXfs = false;
        var index = 0;
        while (reader.Read())
        {
            budget.Tick();
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "numFmt"
                && int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && IsDateFormat(reader.GetAttribute("formatCode")))
            {
                customDates.Add(id);
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "cellXfs")
            {
                inCellXfs = !reader.IsEmptyElement;
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }
            else if (inCellXfs && reader.NodeType == XmlNodeType.Element && reader.LocalName == "xf")
            {
                if (int.TryParse(reader.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var fmt)
                    && (fmt is >= 14 and <= 22 or >= 45 and <= 47 || customDates.Contains(fmt)))
                {
                    dates.Add(index);
                }

                index++;
            }
        }

        return dates;
    }

    /// <summary>A format code shows a date when it has d, m, y, h or s outside quotes, escapes and [colour] brackets.</summary>
    private static bool IsDateFormat(string? code)
    {
        if (code is null)
        {
            return false;
        }

        var quoted = false;
        var bracket = false;
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (quoted)
            {
                continue;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c == '[')
            {
                bracket = true;
            }
            else if (c == ']')
            {
                bracket = false;
            }
            else if (!bracket && "dmyhsDMYHS".Contains(c, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A &lt;c&gt; as the old reader wrote it: numbers without grouping, date-styled numbers as
    /// <c>yyyy-MM-dd HH:mm:ss</c>, text trimmed. A formula's cached value is used as it is; the
    /// formula itself is never evaluated.
    /// </summary>
    private static string CellText(XmlReader reader, List<string> shared, HashSet<int> dateStyles, Budget budget)
    {
        var type = reader.GetAttribute("t");
        var style = int.TryParse(reader.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        if (reader.IsEmptyElement)
        {
            return "";
        }

        string? value = null;
        string? inline = null;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            budget.Tick();
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (reader.LocalName == "v" && !reader.IsEmptyElement && reader.Depth == depth + 1)
            {
                value = Clip(reader.ReadElementContentAsString());
                if (reader.NodeType == XmlNodeType.EndElement && reader.Depth <= depth)
                {
                    break;
                }
            }
            else if (reader.LocalName == "is")
            {
                inline = Clip(RunText(reader, budget));
            }
        }

        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i].Trim() : "";
            case "inlineStr":
                return (inline ?? "").Trim();
            case "str" or "e":
                return (value ?? "").Trim();
            case "b":
                return value == "1" ? "TRUE" : value == "0" ? "FALSE" : "";
        }

        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            return (value ?? "").Trim();
        }

        if (dateStyles.Contains(style) && number is >= 0 and < 2_958_466)
        {
            return DateTime.FromOADate(number).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return Math.Abs(number) < 7.9e27
            ? ((decimal)number).ToString("0.##########", CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Column number of a reference such as "XFD1048576" (1-based), or null when it has none.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var column = 0;
        var i = 0;
        for (; i < reference.Length && i < 3 && char.IsAsciiLetter(reference[i]); i++)
        {
            column = (column * 26) + (char.ToUpperInvariant(reference[i]) - 'A' + 1);
        }

        return i == 0 || column > 16_384 ? null : column;
    }

    private static string Clip(string text) => text.Length > MaxCellChars ? text[..MaxCellChars] : text;

    private static XmlReader XmlOf(ZipArchiveEntry entry, Budget budget)
    {
        Stream stream;
        try
        {
            stream = entry.Open();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw new InvalidDataException("a part of the file cannot be opened");
        }

        return XmlReader.Create(new CountingStream(stream, budget), new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreWhitespace = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        });
    }

    /// <summary>The bytes inflated so far across every part, and the clock.</summary>
    private sealed class Budget
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private long _bytes;
        private int _ticks;

        public void Add(int bytes)
        {
            _bytes += bytes;
            if (_bytes > MaxInflatedBytes)
            {
                throw new InvalidDataException("unpacks to too much data");
            }
        }

        public void Tick()
        {
            if ((++_ticks & 0x3FF) == 0 && _clock.Elapsed > MaxTime)
            {
                throw new InvalidDataException("takes too long to read");
            }
        }
    }

    /// <summary>Counts what the inflater actually gives, never what the zip's headers claim.</summary>
    private sealed class CountingStream(Stream inner, Budget budget) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            budget.Add(n);
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            budget.Add(n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
