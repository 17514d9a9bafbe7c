namespace OcopLive.Payments.Statements;

/// <summary>
/// Reads an amount of đồng as banks' statement exports write it: <c>1.250.000</c>,
/// <c>1,250,000</c>, <c>+370,000 VND</c>, <c>1 250 000 ₫</c>, <c>1,250,000.00</c>,
/// <c>1.250.000,00</c>, <c>-50.000</c>, <c>(50.000)</c>, or a spreadsheet number written out as
/// <c>1250000</c>. Whole đồng only: a fraction other than zeros is not an amount.
/// </summary>
public static class VndAmount
{
    private static readonly string[] CurrencyWords = ["VNĐ", "VND", "ĐỒNG", "DONG", "Đ", "D", "₫"];

    /// <summary>The signed amount, or null when the text is not an amount (a word, a fraction, a malformed grouping).</summary>
    public static long? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Trim().ToUpperInvariant();
        foreach (var word in CurrencyWords)
        {
            s = s.Replace(word, "", StringComparison.Ordinal);
        }

        var negative = false;
        s = string.Concat(s.Where(c => !char.IsWhiteSpace(c) && c != '\u202F' && c != '\u00A0'));
        if (s.Length > 2 && s[0] == '(' && s[^1] == ')')
        {
            negative = true;
            s = s[1..^1];
        }

        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative |= s[0] == '-';
            s = s[1..];
        }
        else if (s.Length > 0 && s[^1] == '-')
        {
            negative = true;
            s = s[..^1];
        }

        if (s.Length == 0 || s.Length > 40 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[^1])
            || s.Any(c => !char.IsAsciiDigit(c) && c != '.' && c != ','))
        {
            return null;
        }

        var (integer, fraction) = Split(s);
        if (integer is null || (fraction is not null && fraction.Any(c => c != '0')))
        {
            return null;
        }

        var digits = integer.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (digits.Length > 15 || !long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture,
                out var value))
        {
            return null;
        }

        return negative ? -value : value;
    }

    /// <summary>
    /// Splits into the grouped integer part and the fraction. With both '.' and ',' the last one is
    /// the decimal mark; with one kind only, it groups thousands when every group after the first
    /// has three digits (<c>1.250</c> is 1,250 đồng: statements in đồng rarely carry decimals), and
    /// is a decimal mark when it appears once followed by one or two digits (<c>1250000.00</c>).
    /// </summary>
    private static (string? Integer, string? Fraction) Split(string s)
    {
        var lastDot = s.LastIndexOf('.');
        var lastComma = s.LastIndexOf(',');
        if (lastDot < 0 && lastComma < 0)
        {
            return (s, null);
        }

        if (lastDot >= 0 && lastComma >= 0)
        {
            var mark = Math.Max(lastDot, lastComma);
            var group = s[mark] == '.' ? ',' : '.';
            var integer = s[..mark];
            return integer.Contains(s[mark], StringComparison.Ordinal) || !Grouped(integer, group) ? (null, null) : (integer, s[(mark + 1)..]);
        }

        var sep = lastDot >= 0 ? '.' : ',';
        var parts = s.Split(sep);
        if (parts.Length == 2 && parts[1].Length is 1 or 2)
        {
            return (parts[0], parts[1]);
        }

        return Grouped(s, sep) ? (s, null) : (null, null);
    }

    /// <summary>1–3 digits, then groups of exactly three after each separator.</summary>
    private static bool Grouped(string s, char sep)
    {
        var parts = s.Split(sep);
        if (parts.Length == 1)
        {
            return true;
        }

        return parts[0].Length is >= 1 and <= 3 && parts.Skip(1).All(p => p.Length == 3);
    }
}
