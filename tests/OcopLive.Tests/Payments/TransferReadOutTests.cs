using OcopLive.Payments;

namespace OcopLive.Tests.Payments;

/// <summary>The hotline's spoken transfer instructions: every digit a Vietnamese word, letters one by one.</summary>
public sealed class TransferReadOutTests
{
    [Theory]
    [InlineData('0', "không")]
    [InlineData('1', "một")]
    [InlineData('2', "hai")]
    [InlineData('3', "ba")]
    [InlineData('4', "bốn")]
    [InlineData('5', "năm")]
    [InlineData('6', "sáu")]
    [InlineData('7', "bảy")]
    [InlineData('8', "tám")]
    [InlineData('9', "chín")]
    public void Digit_IsItsVietnameseWord(char digit, string word) => Assert.Equal(word, TransferReadOut.Digit(digit));

    [Fact]
    public void Digit_RefusesANonDigit() => Assert.Throws<ArgumentOutOfRangeException>(() => TransferReadOut.Digit('a'));

    [Fact]
    public void Spell_ReadsTheTransferNote_LetterByLetter_AndDigitByDigit() =>
        Assert.Equal("O C O P một không không một hai ba", TransferReadOut.Spell(TransferNote.For(100123)));

    [Fact]
    public void Spell_UpperCasesLetters_AndSkipsSpacesAndPunctuation() =>
        Assert.Equal("V Q R bốn không chín", TransferReadOut.Spell("vq-r 4.0 9"));

    [Fact]
    public void SpellAccount_GroupsDigitsByFour_WithAPauseBetweenGroups() =>
        Assert.Equal("không không một một, không không một chín, ba hai bốn một, tám",
            TransferReadOut.SpellAccount("0011 0019-32418"));

    [Fact]
    public void ForTransfer_SaysAmountBankAccountNameAndNote()
    {
        var sentence = TransferReadOut.ForTransfer(370_000, "970436", "Vietcombank", "0123456789", "HTX CAM THUONG LOC", "OCOP 100123");
        Assert.Equal(
            "Chuyển khoản 370.000 đồng đến ngân hàng Vietcombank, số tài khoản không một hai ba, bốn năm sáu bảy, tám chín, "
            + "tên tài khoản HTX CAM THUONG LOC, nội dung O C O P một không không một hai ba.",
            sentence);
    }

    [Fact]
    public void ForTransfer_NamesAnUnlistedBankByItsBin_AndLeavesOutAnUnknownHolder()
    {
        var sentence = TransferReadOut.ForTransfer(60_000, "970499", null, "12", null, "OCOP 100999");
        Assert.Equal("Chuyển khoản 60.000 đồng đến ngân hàng có mã chín bảy không bốn chín chín, số tài khoản một hai, "
            + "nội dung O C O P một không không chín chín chín.", sentence);
    }

    [Fact]
    public void ForCashOnDelivery_SaysTheAmountToPayTheCarrier() =>
        Assert.Equal("Thanh toán khi nhận hàng (COD): anh/chị trả 1.250.000 đồng cho người giao hàng.",
            TransferReadOut.ForCashOnDelivery(1_250_000));
}
