using System.Globalization;
using System.Text;

namespace OcopLive.Payments;

/// <summary>
/// The VietQR payload: an EMVCo merchant-presented QR string (TLV: two-digit tag, two-digit
/// length, value) as NAPAS specifies it for account transfers. The fields, in the order the
/// published examples use:
/// <code>
/// 00 "01"        payload format indicator
/// 01 "12"        point of initiation: 12 dynamic (one amount for one order), 11 static
/// 38 …           merchant account: 00 GUID A000000727, 01 { 00 BIN, 01 account }, 02 service QRIBFTTA
/// 53 "704"       currency (VND, ISO 4217)
/// 54 amount      whole VND (dynamic codes only)
/// 58 "VN"        country
/// 62 { 08 note } additional data: purpose of transaction, which banking apps put into the transfer's content
/// 63 CRC         CRC-16/CCITT-FALSE over everything before it, "6304" included, 4 upper-case hex digits
/// </code>
/// A wrong length or CRC makes every banking app refuse the code, which is why the builder is
/// tested against strings produced by other implementations and read back by <see cref="Parse"/>.
/// </summary>
public static class VietQr
{
    public const string NapasGuid = "A000000727";
    public const string AccountTransferService = "QRIBFTTA";
    public const string CurrencyVnd = "704";
    public const string CountryVn = "VN";

    /// <summary>The purpose (tag 62/08) is at most 25 characters in NAPAS' specification.</summary>
    public const int MaxPurposeLength = 25;

    /// <summary>A dynamic QR for one transfer of <paramref name="amountVnd"/> to the account, with <paramref name="purpose"/> as the note.</summary>
    public static string Build(string bin, string accountNumber, long amountVnd, string purpose)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountVnd);
        if (purpose.Length > MaxPurposeLength || !purpose.All(c => c is >= ' ' and <= '~'))
        {
            throw new ArgumentException($"The purpose must be at most {MaxPurposeLength} printable ASCII characters", nameof(purpose));
        }

        var sb = new StringBuilder(160);
        Tlv(sb, "00", "01");
        Tlv(sb, "01", "12");
        var beneficiary = Tlv("00", bin) + Tlv("01", accountNumber);
        Tlv(sb, "38", Tlv("00", NapasGuid) + Tlv("01", beneficiary) + Tlv("02", AccountTransferService));
        Tlv(sb, "53", CurrencyVnd);
        Tlv(sb, "54", amountVnd.ToString(CultureInfo.InvariantCulture));
        Tlv(sb, "58", CountryVn);
        if (purpose.Length > 0)
        {
            Tlv(sb, "62", Tlv("08", purpose));
        }

        sb.Append("6304");
        sb.Append(Crc16.CcittFalse(sb.ToString()).ToString("X4", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>The fields a banking app reads from a VietQR string.</summary>
    public sealed record Payload(
        string PointOfInitiation, string Guid, string Bin, string AccountNumber, string Service, string Currency, long? AmountVnd,
        string Country, string? Purpose, IReadOnlyDictionary<string, string> Fields);

    /// <summary>
    /// Reads a VietQR string; null when it is not well-formed TLV, its CRC is wrong, or a field a
    /// transfer needs is missing. The CRC's hex digits are compared without regard to case (some
    /// generators write lower case; banking apps accept both).
    /// </summary>
    public static Payload? Parse(string? qr)
    {
        if (qr is null || qr.Length < 8 || !qr.All(c => c < 128))
        {
            return null;
        }

        var fields = ReadTlv(qr);
        if (fields is null || !fields.TryGetValue("63", out var crc) || crc.Length != 4 || !qr.EndsWith("63" + "04" + crc, StringComparison.Ordinal))
        {
            return null;
        }

        var expected = Crc16.CcittFalse(qr[..^4]).ToString("X4", CultureInfo.InvariantCulture);
        if (!string.Equals(expected, crc, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!fields.TryGetValue("38", out var merchant) || ReadTlv(merchant) is not { } m
            || !m.TryGetValue("01", out var beneficiary) || ReadTlv(beneficiary) is not { } b
            || !b.TryGetValue("00", out var bin) || !b.TryGetValue("01", out var account))
        {
            return null;
        }

        long? amount = null;
        if (fields.TryGetValue("54", out var amountText))
        {
            if (!decimal.TryParse(amountText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var a))
            {
                return null;
            }

            amount = (long)a;
        }

        string? purpose = null;
        if (fields.TryGetValue("62", out var additional) && ReadTlv(additional) is { } extra)
        {
            extra.TryGetValue("08", out purpose);
        }

        return new Payload(fields.GetValueOrDefault("01", ""), m.GetValueOrDefault("00", ""), bin, account, m.GetValueOrDefault("02", ""),
            fields.GetValueOrDefault("53", ""), amount, fields.GetValueOrDefault("58", ""), purpose, fields);
    }

    /// <summary>The top-level TLV fields of <paramref name="text"/>; null when a length runs past the end or is not two digits.</summary>
    public static Dictionary<string, string>? ReadTlv(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            if (i + 4 > text.Length || !char.IsAsciiDigit(text[i + 2]) || !char.IsAsciiDigit(text[i + 3]))
            {
                return null;
            }

            var tag = text.Substring(i, 2);
            var length = ((text[i + 2] - '0') * 10) + (text[i + 3] - '0');
            if (i + 4 + length > text.Length || fields.ContainsKey(tag))
            {
                return null;
            }

            fields[tag] = text.Substring(i + 4, length);
            i += 4 + length;
        }

        return fields;
    }

    private static string Tlv(string tag, string value) => tag + Length(value) + value;

    private static void Tlv(StringBuilder sb, string tag, string value) => sb.Append(tag).Append(Length(value)).Append(value);

    private static string Length(string value)
    {
        if (value.Length > 99)
        {
            throw new ArgumentException("A VietQR field holds at most 99 characters", nameof(value));
        }

        return value.Length.ToString("D2", CultureInfo.InvariantCulture);
    }
}

/// <summary>CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), as EMVCo prescribes for tag 63.</summary>
public static class Crc16
{
    public static ushort CcittFalse(string ascii)
    {
        ushort crc = 0xFFFF;
        foreach (var c in ascii)
        {
            crc ^= (ushort)((byte)c << 8);
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc;
    }
}
