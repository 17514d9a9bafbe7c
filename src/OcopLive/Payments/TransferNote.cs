using System.Globalization;

namespace OcopLive.Payments;

/// <summary>
/// The transfer note that ties a bank transfer to an order: <c>OCOP 100123</c>, the word OCOP and
/// the order number. It is known the moment the order's number is (no extra write on the order
/// path), unique because the number is, and made only of ASCII letters, digits and one space, so
/// banks that strip diacritics, punctuation or spaces, or upper-case everything, leave it
/// readable. <see cref="FindNumbers"/> reads it back out of whatever the bank made of it:
/// <c>CT DEN:0123 ocop100123 FT26</c>, <c>OCOP-100123 chuyen tien</c>, <c>MBVCB.123.OCOP 100123.CT tu…</c>.
/// </summary>
public static class TransferNote
{
    public const string Prefix = "OCOP";

    /// <summary>The shortest order number (the sequence starts at 100001).</summary>
    private const int MinDigits = 6;

    /// <summary>Longer runs are not order numbers (a bank's own reference glued on is cut back, see below).</summary>
    private const int MaxDigits = 12;

    public static string For(long orderNumber) => Prefix + " " + orderNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The order numbers a transfer's content may name, best first: for each <c>OCOP</c> (any
    /// case, diacritics ignored) followed, after any punctuation or spaces, by digits, the whole
    /// run of digits, then its prefixes down to six digits (a bank that drops the space between
    /// the note and the next number glues them together).
    /// </summary>
    public static List<long> FindNumbers(string? content)
    {
        var found = new List<long>();
        if (string.IsNullOrEmpty(content))
        {
            return found;
        }

        var text = Common.Text.Fold(content).ToUpperInvariant();
        var at = 0;
        while ((at = text.IndexOf(Prefix, at, StringComparison.Ordinal)) >= 0)
        {
            var i = at + Prefix.Length;
            at = i;
            while (i < text.Length && !char.IsAsciiLetterOrDigit(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var digits = text.AsSpan(start, Math.Min(i - start, MaxDigits));
            for (var length = digits.Length; length >= MinDigits; length--)
            {
                var n = long.Parse(digits[..length], NumberStyles.None, CultureInfo.InvariantCulture);
                if (!found.Contains(n))
                {
                    found.Add(n);
                }
            }
        }

        return found;
    }
}

/// <summary>Bounds on what a notification may carry, and the catalogue's sample transfer.</summary>
public static class PaymentRules
{
    /// <summary>The sample VietQR's amount: small enough that a producer who does send it loses nothing that matters.</summary>
    public const long SampleAmountVnd = 10_000;

    /// <summary>No order number in it, so a sample transfer actually sent is kept for review, never applied to an order.</summary>
    public const string SampleNote = "KIEM TRA TAI KHOAN";

    public const int MaxExternalIdLength = 100;
    public const int MaxAccountLength = 40;
    public const int MaxContentLength = 1000;

    /// <summary>An account number as banks write it, compared without spaces, dots, dashes or case.</summary>
    public static string NormalizeAccount(string account)
    {
        Span<char> buffer = stackalloc char[Math.Min(account.Length, 256)];
        var n = 0;
        foreach (var c in account.AsSpan(0, Math.Min(account.Length, 256)))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[n++] = char.ToUpperInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }
}
