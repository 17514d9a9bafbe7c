using System.Text;
using OcopLive.Payments.Statements;

namespace OcopLive.Tests.Payments;

public sealed class StatementReadingTests
{
    [Theory]
    [InlineData("1.250.000", 1_250_000)]
    [InlineData("1,250,000", 1_250_000)]
    [InlineData("+370,000 VND", 370_000)]
    [InlineData("370.000 VNĐ", 370_000)]
    [InlineData("370.000đ", 370_000)]
    [InlineData("1 250 000 ₫", 1_250_000)]
    [InlineData("1\u00A0250\u00A0000", 1_250_000)]
    [InlineData("1,250,000.00", 1_250_000)]
    [InlineData("1.250.000,00", 1_250_000)]
    [InlineData("1250000", 1_250_000)]
    [InlineData("1250000.0", 1_250_000)]
    [InlineData("500", 500)]
    [InlineData("1.250", 1_250)]
    [InlineData("-50.000", -50_000)]
    [InlineData("(50.000)", -50_000)]
    [InlineData("50.000-", -50_000)]
    public void VndAmount_ReadsWhatBanksWrite(string text, long expected) => Assert.Equal(expected, VndAmount.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Tổng cộng")]
    [InlineData("1.250.000,50")]
    [InlineData("12.5")]
    [InlineData("1.25.000")]
    [InlineData("1,2345")]
    [InlineData("02/12/2026")]
    [InlineData("1,250.000.000")]
    public void VndAmount_RefusesWhatIsNotAWholeAmount(string text) => Assert.Null(VndAmount.Parse(text));

    [Fact]
    public void Delimiter_IsTheOneThatSplitsLinesAlike_NotTheCommasInsideAmounts()
    {
        const string text = "SAO KE TAI KHOAN\nTu ngay 01/12/2026, den ngay 02/12/2026\nSTT;Ngay;So tien;Noi dung\n1;01/12/2026;1,250,000;OCOP 100001\n2;01/12/2026;370,000;OCOP 100002\n3;02/12/2026;5,000,000;luong\n";
        Assert.Equal(';', StatementFile.DetectDelimiter(text));
        Assert.Equal('\t', StatementFile.DetectDelimiter(text.Replace(';', '\t')));
        Assert.Equal(',', StatementFile.DetectDelimiter("a,b,c\n\"1,250,000\",x,y\n\"370,000\",z,w\n"));
    }

    [Fact]
    public void Csv_WithBomAndTitleRows_FindsTheHeaderByTheLayout_AndClassifiesLines()
    {
        var csv = "\uFEFFNGÂN HÀNG TMCP NGOẠI THƯƠNG\nSao kê tài khoản: 0011001932418\n\n"
                  + "Ngày giao dịch;Số tham chiếu;Số tiền ghi nợ;Số tiền ghi có;Nội dung giao dịch\n"
                  + "02/12/2026 10:15:00;FT1;;1.250.000;MBVCB.1 OCOP 100001 chuyen tien\n"
                  + "02/12/2026 10:16:00;FT2;50.000;;phi dich vu\n"
                  + ";;;1.250.000;Tổng cộng\n";
        var (rows, refusal) = StatementFile.Read(Encoding.UTF8.GetBytes(csv), "vcb.csv");
        Assert.Null(refusal);
        var layout = new LayoutColumns("so tien GHI CO", "Nội dung giao dịch", "Số tham chiếu", "Ngày giao dịch");
        var (lines, misfit) = StatementSheet.Lines(rows!, layout);
        Assert.Null(misfit);
        Assert.NotNull(lines);
        Assert.Equal([LineKind.Credit, LineKind.Debit, LineKind.Skipped], lines.Select(l => l.Kind));
        Assert.Equal(1_250_000, lines[0].AmountVnd);
        Assert.Equal("2026-12-02 10:15:00", lines[0].Date);
        Assert.Equal("FT1", lines[0].Reference);
        Assert.Equal(5, lines[0].Row);

        var guess = StatementSheet.Guess(rows!);
        Assert.Equal(4, guess.HeaderRow);
        Assert.Equal("Số tiền ghi có", guess.Suggested.AmountColumn);
        Assert.Equal("Nội dung giao dịch", guess.Suggested.ContentColumn);
        Assert.Equal("Số tham chiếu", guess.Suggested.ReferenceColumn);
        Assert.Equal("Ngày giao dịch", guess.Suggested.DateColumn);
    }

    [Fact]
    public void Lines_NameTheMappedColumnsTheFileLacks()
    {
        var (rows, _) = StatementFile.Read(Encoding.UTF8.GetBytes("Ngày,Số tiền,Diễn giải\n01/12/2026,100000,OCOP 1\n"), "x.csv");
        var (lines, misfit) = StatementSheet.Lines(rows!, new LayoutColumns("Số tiền ghi có", "Diễn giải", null, "Ngày"));
        Assert.Null(lines);
        Assert.Equal("statement-columns-missing", misfit!.Word);
        Assert.Equal(["amountColumn"], misfit.Errors!.Keys);
    }

    [Fact]
    public void ExternalId_IsTheReference_OrAHashWithTheOccurrence()
    {
        var withRef = new StatementLine(5, LineKind.Credit, 370_000, "OCOP 1", "FT123", "2026-12-02 10:15:00", null);
        var noRef = withRef with { Reference = null };
        Assert.Equal("970436/0011001932418/ref:FT123", StatementSheet.ExternalId("970436", "0011 0019 32418", withRef, 0));
        var first = StatementSheet.ExternalId("970436", "0011001932418", noRef, 0);
        Assert.NotEqual(first, StatementSheet.ExternalId("970436", "0011001932418", noRef, 1));
        Assert.Equal(first, StatementSheet.ExternalId("970436", "0011001932418", noRef with { Row = 99, Content = "ocop  1" }, 0));
        Assert.NotEqual(first, StatementSheet.ExternalId("970436", "0011001932418", noRef with { AmountVnd = 370_001 }, 0));
    }

    [Fact]
    public void NotUtf8_IsRefused()
    {
        var (_, refusal) = StatementFile.Read([0x53, 0x6F, 0xE1, 0x20, 0x74, 0x69, 0xEA, 0x6E], "latin.csv");
        Assert.Equal("statement-unreadable", refusal!.Word);
    }
}
