using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using OcopLive.Payments.Statements;

namespace OcopLive.Tests.Payments;

/// <summary>
/// Issue 23 (4): statement files built to hurt the node that reads them. The XLSX reader streams
/// the cells the file holds, counts the bytes it actually inflates (20 MB at most) and never
/// evaluates a formula; a CSV line longer than the record limit is a 400 like any unreadable file.
/// </summary>
public sealed class HostileStatementTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    [Fact]
    public void AHugeDimension_WithTwoCells_ReadsTwoCells_Quickly()
    {
        var file = Xlsx($"""
            <worksheet xmlns="{Main}"><dimension ref="A1:XFD1048576"/><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Ngày giao dịch</t></is></c></row>
            <row r="1048576"><c r="XFD1048576"><v>42</v></c></row>
            </sheetData></worksheet>
            """);
        var clock = Stopwatch.StartNew();

        var read = StatementFile.Read(file, "bomb.xlsx");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Null(read.Refusal);
        var rows = read.Value!;
        // XFD is beyond the columns a statement has: that row is blank as read, like a blank row.
        var row = Assert.Single(rows);
        Assert.Equal(1, row.Number);
        Assert.True(row.Cells.Length <= StatementFile.MaxColumns);
        Assert.Equal("Ngày giao dịch", row.Cells[0]);
    }

    [Fact]
    public void AZipWhoseDeclaredSizesLie_IsRefused_ByTheBytesActuallyInflated()
    {
        // 50 MB of sheet XML that says, in both its local header and the central directory, it is 300 bytes.
        var file = BigXlsx(50L * 1024 * 1024);
        LieAboutSizes(file, declared: 300);
        using (var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read))
        {
            Assert.True(zip.Entries.Sum(e => e.Length) < 10_000);
        }

        AssertUnreadable(StatementFile.Read(file, "liar.xlsx"));
    }

    [Fact]
    public void TwoHundredMegabytesOfXml_IsRefused_WithinSeconds()
    {
        var file = BigXlsx(200L * 1024 * 1024);
        Assert.True(file.Length < StatementFile.MaxBytes, $"the test file is {file.Length} bytes");
        var clock = Stopwatch.StartNew();

        AssertUnreadable(StatementFile.Read(file, "big.xlsx"));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Formulas_AreNeverEvaluated_OnlyTheirCachedValueIsRead()
    {
        var file = Xlsx($"""
            <worksheet xmlns="{Main}"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>Số tiền</t></is></c><c r="B1" t="inlineStr"><is><t>Ghi chú</t></is></c></row>
            <row r="2"><c r="A2"><f>SUM(A3:A1048576)*1000</f><v>185000</v></c><c r="B2" t="str"><f>WEBSERVICE("http://example.invalid/")</f></c></row>
            </sheetData></worksheet>
            """);

        var rows = StatementFile.Read(file, "f.xlsx").Value!;

        Assert.Equal(["185000", ""], rows[1].Cells);
    }

    [Fact]
    public void SharedStrings_Dates_AndNumbers_ReadAsBefore()
    {
        var file = Xlsx($"""
            <worksheet xmlns="{Main}"><sheetData>
            <row r="5"><c r="B5" t="s"><v>0</v></c><c r="C5" t="s"><v>1</v></c></row>
            <row r="6"><c r="B6" s="1"><v>46358.4375</v></c><c r="C6"><v>1250000</v></c></row>
            </sheetData></worksheet>
            """,
            sharedStrings: $"""<sst xmlns="{Main}"><si><t> Ngày </t></si><si><r><t>Số </t></r><r><t>tiền</t></r></si></sst>""",
            styles: $"""<styleSheet xmlns="{Main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>""");

        var rows = StatementFile.Read(file, "s.xlsx").Value!;

        Assert.Equal(["Ngày", "Số tiền"], rows[0].Cells);
        Assert.Equal(["2026-12-02 10:30:00", "1250000"], rows[1].Cells);
    }

    [Fact]
    public void ACsvWithOneTwoMegabyteField_Is400_NotAServerError()
    {
        var csv = Encoding.UTF8.GetBytes("Ngày giao dịch;Số tiền ghi có;Nội dung\n02/12/2026;370.000;\"" + new string('x', 2 * 1024 * 1024) + "\"\n");

        AssertUnreadable(StatementFile.Read(csv, "long.csv"));
    }

    private static void AssertUnreadable<T>(OcopLive.Common.Outcome<T> outcome)
        where T : class
    {
        var refusal = Assert.IsType<OcopLive.Common.Refusal>(outcome.Refusal);
        Assert.Equal(400, refusal.Status);
        Assert.Equal("statement-unreadable", refusal.Word);
    }

    /// <summary>An XLSX whose sheet is blank rows (no row limit is met), <paramref name="bytes"/> of XML in all, written as a stream.</summary>
    private static byte[] BigXlsx(long bytes)
    {
        var row = Encoding.UTF8.GetBytes("<row><c/><c/><c/></row>");
        var chunk = new byte[row.Length * 4096];
        for (var i = 0; i < 4096; i++)
        {
            row.CopyTo(chunk, i * row.Length);
        }

        return Xlsx($"<worksheet xmlns=\"{Main}\"><sheetData>", sheetBody: entry =>
        {
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                entry.Write(chunk);
            }

            entry.Write("</sheetData></worksheet>"u8);
        });
    }

    /// <summary>A minimal XLSX: the workbook, its relationship to sheet1, and the parts given.</summary>
    private static byte[] Xlsx(string sheet, string? sharedStrings = null, string? styles = null, Action<Stream>? sheetBody = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>""");
            Add(zip, "xl/workbook.xml", $"""
                <workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sao ke" sheetId="1" r:id="rId1"/></sheets></workbook>
                """);
            Add(zip, "xl/_rels/workbook.xml.rels", """
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>
                """);
            if (sharedStrings is not null)
            {
                Add(zip, "xl/sharedStrings.xml", sharedStrings);
            }

            if (styles is not null)
            {
                Add(zip, "xl/styles.xml", styles);
            }

            using var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal).Open();
            entry.Write(Encoding.UTF8.GetBytes(sheet));
            sheetBody?.Invoke(entry);
        }

        return stream.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        var bytes = Encoding.UTF8.GetBytes(text);
        entry.Write(bytes);
    }

    /// <summary>Rewrites every entry's uncompressed size, in the local headers and the central directory.</summary>
    private static void LieAboutSizes(byte[] zip, uint declared)
    {
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), declared);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), declared);
            }
        }
    }
}
