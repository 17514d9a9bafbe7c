using System.Globalization;
using System.Text;

namespace OcopLive.Comments;

internal enum TokenKind : byte
{
    Word,
    Number,
    Plus,
    Hash,
    At,
}

/// <summary>One token of a comment: a word (lower case, as typed and folded), a run of digits, or a sign.</summary>
internal struct CommentToken
{
    public TokenKind Kind;
    /// <summary>Lower case, NFC, diacritics kept ("hộp").</summary>
    public string Raw;
    /// <summary>Without diacritics, đ → d ("hop"): what people type without a Vietnamese keyboard.</summary>
    public string Folded;
    /// <summary>A punctuation mark (. , ! ? ; :) or the end of the text follows this token.</summary>
    public bool ClauseEnd;
    /// <summary>Taken by the phone number or the product code: not a quantity.</summary>
    public bool Used;
    /// <summary>Which clause (0, 1, …) of the comment the token is in; punctuation separates clauses.</summary>
    public int Clause;
    /// <summary>The whole comment was typed without a Vietnamese diacritic (set on every token).</summary>
    public bool Plain;

    public readonly bool IsNumber => Kind == TokenKind.Number;

    /// <summary>The value of a short number (at most 6 digits), else -1.</summary>
    public readonly int Value => Kind == TokenKind.Number && Raw.Length <= 6 ? int.Parse(Raw, CultureInfo.InvariantCulture) : -1;
}

/// <summary>Splits a comment into tokens. Pure and allocation-light: it runs on every chat message.</summary>
internal static class CommentText
{
    private static readonly char[] FoldTable = BuildFoldTable();

    /// <summary>Vietnamese letters without their diacritics; đ → d.</summary>
    public static string Fold(string lower)
    {
        var changed = false;
        foreach (var c in lower)
        {
            if (c < FoldTable.Length && FoldTable[c] != c)
            {
                changed = true;
                break;
            }
        }

        if (!changed)
        {
            return lower;
        }

        return string.Create(lower.Length, lower, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                span[i] = c < FoldTable.Length ? FoldTable[c] : c;
            }
        });
    }

    private static char[] BuildFoldTable()
    {
        var table = new char[0x1F00];
        for (var i = 0; i < table.Length; i++)
        {
            var c = (char)i;
            table[i] = c;
            if (c < 0x80 || char.IsSurrogate(c) || !char.IsLetter(c))
            {
                continue;
            }

            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length > 0 && decomposed[0] < 0x80)
            {
                table[i] = decomposed[0];
            }
        }

        table['đ'] = 'd';
        table['Đ'] = 'D';
        return table;
    }

    public static List<CommentToken> Tokenize(string text, out bool questionMark, out bool hasUrl)
    {
        questionMark = false;
        hasUrl = false;
        var s = text.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        var tokens = new List<CommentToken>(16);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsLetterOrDigit(s[i]))
                {
                    i++;
                }

                AddChunk(tokens, s, start, i);
                continue;
            }

            switch (c)
            {
                case '+':
                    tokens.Add(new CommentToken { Kind = TokenKind.Plus, Raw = "+", Folded = "+" });
                    break;
                case '#':
                    tokens.Add(new CommentToken { Kind = TokenKind.Hash, Raw = "#", Folded = "#" });
                    break;
                case '@':
                    tokens.Add(new CommentToken { Kind = TokenKind.At, Raw = "@", Folded = "@" });
                    break;
                case '?':
                    questionMark = true;
                    MarkClauseEnd(tokens);
                    break;
                case '.' or ',' or '!' or ';' or ':' or '\n':
                    MarkClauseEnd(tokens);
                    break;
            }

            i++;
        }

        MarkClauseEnd(tokens);
        var clause = 0;
        var plain = true;
        foreach (var t in tokens)
        {
            if (t.Raw is "http" or "https" or "www" or "com" && t.Kind == TokenKind.Word)
            {
                hasUrl = true;
            }

            plain &= t.Kind != TokenKind.Word || t.Raw == t.Folded;
        }

        for (var k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            t.Clause = clause;
            t.Plain = plain;
            tokens[k] = t;
            if (t.ClauseEnd)
            {
                clause++;
            }
        }

        return tokens;
    }

    /// <summary>
    /// "chốttt" → "chốt", "ạaa" → "ạ", "nhaaa" → "nha": a letter typed three times or more at the end
    /// of a word, for emphasis. Laughter ("kkk", "hhh") is left as it is.
    /// </summary>
    private static string Unstretch(string word)
    {
        var n = word.Length;
        if (n < 3)
        {
            return word;
        }

        var last = FoldChar(word[n - 1]);
        var start = n - 1;
        while (start > 0 && FoldChar(word[start - 1]) == last)
        {
            start--;
        }

        if (n - start < 3 || (start == 0 && last is 'k' or 'h'))
        {
            return word;
        }

        return word[..(start + 1)];
    }

    private static char FoldChar(char c) => c < FoldTable.Length ? FoldTable[c] : c;

    private static void MarkClauseEnd(List<CommentToken> tokens)
    {
        if (tokens.Count > 0)
        {
            var last = tokens[^1];
            last.ClauseEnd = true;
            tokens[^1] = last;
        }
    }

    /// <summary>
    /// A run of letters and digits. "o912345678" and "09l2345678" are phone numbers typed with a
    /// letter for a digit; otherwise letters and digits are split ("2hộp", "sdt0912…", "x2").
    /// </summary>
    private static void AddChunk(List<CommentToken> tokens, string s, int start, int end)
    {
        var digits = 0;
        var lookalikes = 0;
        for (var k = start; k < end; k++)
        {
            if (char.IsAsciiDigit(s[k]))
            {
                digits++;
            }
            else if (s[k] is 'o' or 'l')
            {
                lookalikes++;
            }
        }

        if (digits >= 7 && lookalikes is > 0 and <= 2 && digits + lookalikes == end - start)
        {
            var fixedDigits = s[start..end].Replace('o', '0').Replace('l', '1');
            tokens.Add(new CommentToken { Kind = TokenKind.Number, Raw = fixedDigits, Folded = fixedDigits });
            return;
        }

        var k0 = start;
        while (k0 < end)
        {
            var isDigit = char.IsAsciiDigit(s[k0]);
            var k1 = k0 + 1;
            while (k1 < end && char.IsAsciiDigit(s[k1]) == isDigit)
            {
                k1++;
            }

            var raw = isDigit ? s[k0..k1] : Unstretch(s[k0..k1]);
            tokens.Add(isDigit
                ? new CommentToken { Kind = TokenKind.Number, Raw = raw, Folded = raw }
                : new CommentToken { Kind = TokenKind.Word, Raw = raw, Folded = Fold(raw) });
            k0 = k1;
        }
    }
}
