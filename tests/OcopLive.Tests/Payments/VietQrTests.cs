using OcopLive.Payments;

namespace OcopLive.Tests.Payments;

/// <summary>
/// The VietQR builder and parser against strings produced by other, independent implementations
/// (open-source generators and a payment gateway's live answer): a wrong length or CRC would make
/// every banking app refuse the code on air.
/// </summary>
public sealed class VietQrTests
{
    /// <summary>Published sample strings (dynamic and static), each with the CRC its generator computed.</summary>
    public static TheoryData<string, string, string, long?, string?> Published => new()
    {
        // VietinBank, 120,000 VND, note "ung ho lu lut" (a Go generator's README).
        { "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
            "970415", "0011001932418", 120_000, "ung ho lu lut" },
        // ACB, 1,000 VND, note "Chuyen tien" (a PHP generator's README).
        { "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8",
            "970416", "257678859", 1_000, "Chuyen tien" },
        // MB, 2,000 VND, a gateway's virtual account and order code (a payment gateway's answer).
        { "00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN6224082018f8746b181045f0a2ce63040FC0",
            "970422", "VQRQABRLS0448", 2_000, "18f8746b181045f0a2ce" },
        // Static codes (no amount): MB with a lower-case CRC, Agribank.
        { "00020101021138540010A00000072701240006970422011009119673630208QRIBFTTA53037045802VN63046ad9",
            "970422", "0911967363", null, null },
        { "00020101021138570010A00000072701270006970405011322082054793800208QRIBFTTA53037045802VN630497A6",
            "970405", "2208205479380", null, null },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_ReadsPublishedStrings_FieldByField(string qr, string bin, string account, long? amount, string? purpose)
    {
        var payload = VietQr.Parse(qr);
        Assert.NotNull(payload);
        Assert.Equal("A000000727", payload.Guid);
        Assert.Equal("QRIBFTTA", payload.Service);
        Assert.Equal(bin, payload.Bin);
        Assert.Equal(account, payload.AccountNumber);
        Assert.Equal(amount, payload.AmountVnd);
        Assert.Equal(purpose, payload.Purpose);
        Assert.Equal("704", payload.Currency);
        Assert.Equal("VN", payload.Country);
    }

    [Theory]
    [MemberData(nameof(Published))]
    public void Build_ReproducesPublishedDynamicStrings_ByteForByte(string qr, string bin, string account, long? amount, string? purpose)
    {
        if (amount is not { } a || purpose is null)
        {
            return; // static codes: this builder only makes dynamic ones (one amount per order)
        }

        Assert.Equal(qr, VietQr.Build(bin, account, a, purpose));
    }

    [Fact]
    public void Crc16_IsCcittFalse()
    {
        // The check value of CRC-16/CCITT-FALSE over "123456789" is 0x29B1.
        Assert.Equal(0x29B1, Crc16.CcittFalse("123456789"));
    }

    [Theory]
    [InlineData("970436", "1012345678", 185_000, "OCOP 100123")]
    [InlineData("970418", "21510001234567", 1, "OCOP 999999")]
    [InlineData("970407", "19036912345011", 12_500_000, "OCOP 1000000")]
    [InlineData("970422", "VQRQABRLS0448", 999_999_999, "OCOP 123456789012")]
    [InlineData("970405", "1234567890123456789", 50_000, "OCOP 100001")]
    public void Build_RoundTripsThroughTheParser(string bin, string account, long amount, string note)
    {
        var qr = VietQr.Build(bin, account, amount, note);
        Assert.StartsWith("000201010212", qr, StringComparison.Ordinal);
        var payload = VietQr.Parse(qr);
        Assert.NotNull(payload);
        Assert.Equal("12", payload.PointOfInitiation);
        Assert.Equal(bin, payload.Bin);
        Assert.Equal(account, payload.AccountNumber);
        Assert.Equal(amount, payload.AmountVnd);
        Assert.Equal(note, payload.Purpose);
        // Field by field: the top-level tags in order, each length true to its value.
        Assert.Equal(["00", "01", "38", "53", "54", "58", "62", "63"], payload.Fields.Keys);
        Assert.Equal("6304", qr[^8..^4]);
    }

    [Fact]
    public void Parse_RefusesAStringWhoseCrcOrLengthIsWrong()
    {
        var qr = VietQr.Build("970436", "1012345678", 185_000, "OCOP 100123");
        Assert.Null(VietQr.Parse(qr[..^1] + (qr[^1] == '0' ? '1' : '0')));
        Assert.Null(VietQr.Parse(qr.Replace("5406185000", "5406185001", StringComparison.Ordinal)));
        Assert.Null(VietQr.Parse(qr.Replace("5406185000", "5407185000", StringComparison.Ordinal)));
        Assert.Null(VietQr.Parse(qr[..20]));
        Assert.Null(VietQr.Parse(""));
        // Found hard-coded in someone's code: tag 54 says 6 characters but 7 follow ("2500000"), so
        // every later tag is misread. Banking apps refuse it; so does the parser.
        Assert.Null(VietQr.Parse(
            "00020101021238540010A00000072701240006970422011009447998190208QRIBFTTA5303704540625000005802VN62060802Qr63044274"));
    }

    [Fact]
    public void Build_RefusesANoteBankingAppsWouldMangle()
    {
        Assert.Throws<ArgumentException>(() => VietQr.Build("970436", "1", 1, "Thanh toán"));
        Assert.Throws<ArgumentException>(() => VietQr.Build("970436", "1", 1, new string('A', 26)));
        Assert.Throws<ArgumentOutOfRangeException>(() => VietQr.Build("970436", "1", 0, "OCOP 1"));
    }

    [Theory]
    [InlineData("OCOP 100123", new long[] { 100123 })]
    [InlineData("ocop100123", new long[] { 100123 })]
    [InlineData("CT DEN:123456789 OCOP-100123 FT26", new long[] { 100123 })]
    [InlineData("Ốcốp 100123", new long[] { 100123 })]
    [InlineData("chuyen tien OCOP 100123 va OCOP 100124", new long[] { 100123, 100124 })]
    [InlineData("OCOP1001230", new long[] { 1001230, 100123 })]
    [InlineData("chuyen tien 100123", new long[0])]
    [InlineData("OCOP 12345", new long[0])]
    [InlineData("", new long[0])]
    public void TransferNote_IsFoundInWhatBanksMakeOfIt(string content, long[] numbers)
    {
        Assert.Equal(numbers, TransferNote.FindNumbers(content));
    }

    [Fact]
    public void Banks_ListIsShippedWithUniqueSixDigitBins()
    {
        Assert.True(Banks.All.Count > 40);
        Assert.All(Banks.All, b => Assert.Matches("^[0-9]{6}$", b.Bin));
        Assert.Equal(Banks.All.Count, Banks.All.Select(b => b.Bin).Distinct().Count());
        Assert.Equal("Vietcombank", Banks.Find("970436")?.ShortName);
    }
}
