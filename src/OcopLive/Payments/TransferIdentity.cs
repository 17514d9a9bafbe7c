using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OcopLive.Payments.Statements;

namespace OcopLive.Payments;

/// <summary>
/// When a bank notification and a statement line are the same transfer. The two roads share no
/// id (the notification service numbers its messages its own way; a statement may or may not carry
/// the bank's reference), so two keys, both per credited account:
/// <list type="bullet">
/// <item><see cref="ReferenceKey"/>: the account and the bank's reference (a notification's
/// <c>id</c>, a statement line's reference column) — exact when the bank gives the same one to both;</item>
/// <item><see cref="MatchKey"/>: the account, the amount, the content reduced to its letters and
/// digits without diacritics or case (banks re-case, strip accents and punctuation), and the day
/// of the transaction in Vietnam — what both roads always carry.</item>
/// </list>
/// Pure: the matcher stores both keys on every transfer and pairs a newcomer with an unpaired one
/// of the other road that has either key.
/// </summary>
public static class TransferIdentity
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>The roads whose transfers can be the same money told twice.</summary>
    public static bool Pairs(NotificationSource source) => source is NotificationSource.Webhook or NotificationSource.Statement;

    /// <summary>Account + amount + content + day, hashed; null without a readable day (too weak to pair on).</summary>
    public static string? MatchKey(string account, long amountVnd, string content, string? date)
    {
        var day = Day(date);
        return day is null
            ? null
            : Hash($"m|{PaymentRules.NormalizeAccount(account)}|{amountVnd.ToString(CultureInfo.InvariantCulture)}|{Letters(content)}|{day}");
    }

    /// <summary>Account + the bank's reference, hashed; null without a reference.</summary>
    public static string? ReferenceKey(string account, string? reference) =>
        string.IsNullOrWhiteSpace(reference) ? null : Hash($"r|{PaymentRules.NormalizeAccount(account)}|{reference.Trim().ToUpperInvariant()}");

    /// <summary>The transaction's day as <c>yyyy-MM-dd</c> (Vietnam time when the text carries an offset), or null.</summary>
    public static string? Day(string? date)
    {
        if (string.IsNullOrWhiteSpace(date))
        {
            return null;
        }

        var t = date.Trim();
        if (t.Length >= 19 && (t.EndsWith('Z') || t[^6] is '+' or '-')
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToOffset(Vietnam).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var normal = StatementSheet.NormalizeDate(t);
        return normal is { Length: 19 } && normal[4] == '-' && normal[7] == '-' ? normal[..10] : null;
    }

    /// <summary>The content's letters and digits, folded (no diacritics, upper case).</summary>
    public static string Letters(string content)
    {
        var folded = Common.Text.Fold(content);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
