using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The parser's phone finder: the first Vietnamese mobile number, digits or words.</summary>
public sealed partial class CommentParser
{
    /// <summary>
    /// The first Vietnamese mobile number: digits with any separators between them, "+84"/"84",
    /// the leading 0 dropped, digits said as words. Its tokens are marked used.
    /// </summary>
    private static string? FindPhone(List<CommentToken> t)
    {
        Span<char> digits = stackalloc char[16];
        var i = 0;
        while (i < t.Count)
        {
            if (!IsDigitish(t[i]))
            {
                i++;
                continue;
            }

            var end = i;
            while (end + 1 < t.Count && IsDigitish(t[end + 1]))
            {
                end++;
            }

            var plus = i > 0 && t[i - 1].Kind == TokenKind.Plus;
            for (var start = i; start <= end; start++)
            {
                var n = 0;
                string? found = null;
                var foundEnd = -1;
                for (var j = start; j <= end; j++)
                {
                    var d = t[j].IsNumber ? t[j].Raw : DigitWords[t[j].Folded].ToString();
                    if (n + d.Length > digits.Length)
                    {
                        break;
                    }

                    d.AsSpan().CopyTo(digits[n..]);
                    n += d.Length;
                    if (Candidate(digits[..n], plus && start == i) is { } phone)
                    {
                        found = phone;
                        foundEnd = j;
                    }
                }

                if (found is not null)
                {
                    for (var k = start; k <= foundEnd; k++)
                    {
                        Use(t, k);
                    }

                    if (plus && start == i)
                    {
                        Use(t, i - 1);
                    }

                    return found;
                }
            }

            i = end + 1;
        }

        return null;
    }

    private static bool IsDigitish(CommentToken token) =>
        token.IsNumber || (token.Kind == TokenKind.Word && DigitWords.ContainsKey(token.Folded));

    private static string? Candidate(ReadOnlySpan<char> d, bool plus)
    {
        if (plus)
        {
            return d.Length == 11 && d[0] == '8' && d[1] == '4' ? Phone.Normalize(string.Concat("+", d)) : null;
        }

        return d.Length switch
        {
            10 when d[0] == '0' => Phone.Normalize(d.ToString()),
            11 when d[0] == '8' && d[1] == '4' => Phone.Normalize(d.ToString()),
            9 when d[0] is '3' or '5' or '7' or '8' or '9' => Phone.Normalize(string.Concat("0", d)),
            _ => null,
        };
    }

    private static void Use(List<CommentToken> t, int i)
    {
        var token = t[i];
        token.Used = true;
        t[i] = token;
    }
}
