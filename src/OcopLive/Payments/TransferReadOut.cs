using System.Text;
using OcopLive.Common;

namespace OcopLive.Payments;

/// <summary>
/// What the hotline operator says to a caller so they can make the transfer by hand: the bank, the
/// account number and the transfer note spelt out character by character, digits as Vietnamese
/// words (<c>OCOP 100123</c> → "O C O P một không không một hai ba"). Over a phone line "100123"
/// read as a number ("một trăm nghìn một trăm hai mươi ba") is easily typed wrong; one word per
/// digit is how Vietnamese speakers dictate account and phone numbers.
/// </summary>
public static class TransferReadOut
{
    private static readonly string[] DigitWords = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

    /// <summary>Account numbers are read in groups of this many digits, with a pause (a comma) between groups.</summary>
    public const int AccountGroup = 4;

    /// <summary>The Vietnamese word for one digit.</summary>
    public static string Digit(char digit) =>
        char.IsAsciiDigit(digit) ? DigitWords[digit - '0'] : throw new ArgumentOutOfRangeException(nameof(digit), digit, "not a digit");

    /// <summary>
    /// Letters as upper-case letters and digits as words, one per character, separated by spaces;
    /// spaces and punctuation in the input are not read out.
    /// </summary>
    public static string Spell(string text)
    {
        var words = new List<string>(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                words.Add(Digit(c));
            }
            else if (char.IsAsciiLetter(c))
            {
                words.Add(char.ToUpperInvariant(c).ToString());
            }
        }

        return string.Join(' ', words);
    }

    /// <summary>An account number spelt out in groups of <see cref="AccountGroup"/> characters: "0011 0019 32" → "không không một một, không không một chín, ba hai".</summary>
    public static string SpellAccount(string account)
    {
        var characters = PaymentRules.NormalizeAccount(account);
        var groups = new List<string>();
        for (var i = 0; i < characters.Length; i += AccountGroup)
        {
            groups.Add(Spell(characters.Substring(i, Math.Min(AccountGroup, characters.Length - i))));
        }

        return string.Join(", ", groups);
    }

    /// <summary>
    /// The sentence for a bank transfer: "Chuyển khoản 370.000 đồng đến ngân hàng Vietcombank, số
    /// tài khoản …, tên tài khoản …, nội dung O C O P …". The bank is named by its BIN when the list
    /// does not know it; the account name is left out when it is not known.
    /// </summary>
    public static string ForTransfer(long amountVnd, string bin, string? bankName, string accountNumber, string? accountName, string transferNote)
    {
        var sb = new StringBuilder(200);
        sb.Append("Chuyển khoản ").Append(VnFormat.Number(amountVnd)).Append(" đồng đến ngân hàng ");
        sb.Append(bankName ?? "có mã " + Spell(bin));
        sb.Append(", số tài khoản ").Append(SpellAccount(accountNumber));
        if (!string.IsNullOrWhiteSpace(accountName))
        {
            sb.Append(", tên tài khoản ").Append(accountName.Trim());
        }

        sb.Append(", nội dung ").Append(Spell(transferNote)).Append('.');
        return sb.ToString();
    }

    /// <summary>The sentence for cash on delivery: the caller pays the carrier.</summary>
    public static string ForCashOnDelivery(long amountVnd) =>
        "Thanh toán khi nhận hàng (COD): anh/chị trả " + VnFormat.Number(amountVnd) + " đồng cho người giao hàng.";
}
