using System.Net.Http.Headers;
using System.Text;
using ClosedXML.Excel;

namespace OcopLive.IntegrationTests.Payments.Statements;

/// <summary>
/// Bank statement exports as producers download them: a Vietcombank-like CSV (a fixture file with
/// title rows, <c>;</c>, BOM, <c>1.250.000</c> amounts, separate debit and credit columns) and a
/// Techcombank-like XLSX built here (number and date cells, a text amount, no reference column).
/// </summary>
public static class SampleStatements
{
    /// <summary>Headers of the Vietcombank-like CSV, as a person maps them.</summary>
    public static readonly object VietcombankLayout = new
    {
        amountColumn = "Số tiền ghi có",
        contentColumn = "Nội dung giao dịch",
        referenceColumn = "Số tham chiếu",
        dateColumn = "Ngày giao dịch",
    };

    /// <summary>Headers of the Techcombank-like XLSX: no reference column, so lines are keyed by their hash.</summary>
    public static readonly object TechcombankLayout = new { amountColumn = "Có/Credit", contentColumn = "Diễn giải", dateColumn = "Ngày giao dịch" };

    /// <summary>
    /// The fixture <c>vietcombank-statement.csv</c> for an account: 370,000 naming <paramref name="note1"/>,
    /// 100,000 naming <paramref name="note2"/>, a 50,000 debit, 250,000 naming nothing, and a totals row.
    /// </summary>
    public static byte[] Vietcombank(string account, string note1, string note2) =>
        Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Fixture("vietcombank-statement.csv")
            .Replace("{{account}}", account, StringComparison.Ordinal)
            .Replace("{{note1}}", note1, StringComparison.Ordinal)
            .Replace("{{note2}}", note2, StringComparison.Ordinal))).ToArray();

    public static string Fixture(string name)
    {
        using var stream = typeof(SampleStatements).Assembly.GetManifestResourceStream("Statements." + name)
            ?? throw new InvalidOperationException($"fixture {name} is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    /// <summary>One row of the XLSX: the credit as a number or as text (some exports write "+185,000 VND"), or a debit.</summary>
    public sealed record XlsxLine(DateTime At, string Content, object? Credit, decimal? Debit = null);

    /// <summary>A Techcombank-like statement: three title rows, a header on row 5, dates and amounts as typed cells.</summary>
    public static byte[] Techcombank(string account, IEnumerable<XlsxLine> lines)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Sao ke");
        sheet.Cell(1, 1).Value = "NGÂN HÀNG TMCP KỸ THƯƠNG VIỆT NAM - TECHCOMBANK";
        sheet.Cell(2, 1).Value = "SAO KÊ TÀI KHOẢN";
        sheet.Cell(3, 1).Value = "Tài khoản:";
        sheet.Cell(3, 2).SetValue(account);
        string[] headers = ["STT", "Ngày giao dịch", "Mã giao dịch", "Diễn giải", "Nợ/Debit", "Có/Credit", "Số dư/Balance"];
        for (var c = 0; c < headers.Length; c++)
        {
            sheet.Cell(5, c + 1).Value = headers[c];
        }

        var row = 6;
        decimal balance = 1_000_000;
        foreach (var line in lines)
        {
            sheet.Cell(row, 1).Value = row - 5;
            sheet.Cell(row, 2).Value = line.At;
            sheet.Cell(row, 3).SetValue($"FT{26336 + row}");
            sheet.Cell(row, 4).SetValue(line.Content);
            if (line.Debit is { } debit)
            {
                sheet.Cell(row, 5).Value = debit;
                balance -= debit;
            }

            switch (line.Credit)
            {
                case long credit:
                    sheet.Cell(row, 6).Value = credit;
                    balance += credit;
                    break;
                case string text:
                    sheet.Cell(row, 6).SetValue(text);
                    break;
            }

            sheet.Cell(row, 7).Value = balance;
            row++;
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// Posts the file as the page does: multipart with <c>file</c> and <c>producerId</c>. With
    /// <paramref name="expectContinue"/> the body waits for the server's go-ahead (as large uploads
    /// should), so an early refusal is read instead of racing the body being written.
    /// </summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string path, byte[] file, string fileName, Guid producerId,
        bool expectContinue = false)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            : "text/csv");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(producerId.ToString()), "producerId");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.ExpectContinue = expectContinue;
        return client.SendAsync(request);
    }
}
