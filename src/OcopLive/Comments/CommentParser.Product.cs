using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The parser's product finders: a line-up code ("mã 3", "#3") or the product's name.</summary>
public sealed partial class CommentParser
{
    /// <summary>"mã 3", "ma 3", "sp3", "#3", "số 3" with "mã": the line-up position.</summary>
    private Guid? FindProductCode(List<CommentToken> t)
    {
        if (_products.Length == 0)
        {
            return null;
        }

        for (var i = 0; i + 1 < t.Count; i++)
        {
            var w = t[i];
            if ((w.Kind == TokenKind.Hash || w.Folded is "ma" or "sp" or "msp") && t[i + 1].IsNumber && !t[i + 1].Used)
            {
                var code = t[i + 1].Value;
                foreach (var (p, _, _, _) in _products)
                {
                    if (p.Code == code)
                    {
                        Use(t, i + 1);
                        return p.Id;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The product's first word as typed ("cam", "nem") or its first two words without diacritics ("nhung huou").</summary>
    private Guid? FindProductName(List<CommentToken> t)
    {
        if (_products.Length == 0)
        {
            return null;
        }

        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Kind != TokenKind.Word)
            {
                continue;
            }

            foreach (var (p, first, pair, folded) in _products)
            {
                if (t[i].Raw == first)
                {
                    return p.Id;
                }

                // Typed without diacritics, a single word is ambiguous ("tra" is also "trả", "buoi" "buổi"):
                // it names the product only next to a quantity ("2 goi tra", "yen 1 hop").
                if (t[i].Plain && folded.Length > 0 && t[i].Folded == folded
                    && ((i > 0 && (t[i - 1].IsNumber || IsUnit(t, i - 1))) || (i + 1 < t.Count && t[i + 1].IsNumber)))
                {
                    return p.Id;
                }

                if (pair.Length > 0 && i + 1 < t.Count && pair.Length == t[i].Folded.Length + 1 + t[i + 1].Folded.Length
                    && pair.StartsWith(t[i].Folded, StringComparison.Ordinal) && pair.EndsWith(t[i + 1].Folded, StringComparison.Ordinal))
                {
                    return p.Id;
                }
            }
        }

        return null;
    }
}
