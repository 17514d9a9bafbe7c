using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The parser's quantity finder: a number with a unit, "x2", "+1", a number after an order word, the same in words.</summary>
public sealed partial class CommentParser
{
    /// <summary>
    /// The first quantity, left to right: a number with a unit ("2 hộp", "3kg", "2h"), "x2", "+1",
    /// a number right after an order word ("chốt 2", "lấy cho mình 3"), "sl 2", the same in words
    /// ("hai hộp", "chốt đôi").
    /// </summary>
    private static int? FindQuantity(List<CommentToken> t, out bool plusOrTimes, out int at, out bool withUnit)
    {
        plusOrTimes = false;
        withUnit = false;
        at = -1;
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            if (w.Used)
            {
                continue;
            }

            var next = i + 1 < t.Count ? t[i + 1] : default;
            int value;
            if (w.IsNumber)
            {
                value = w.Value;
                if (value is < 1 or > MaxQuantity)
                {
                    continue;
                }
            }
            else if (w.Kind == TokenKind.Word && NumberWords.TryGetValue(w.Folded, out value) && (w.Raw == w.Folded || NumberSpellings.Contains(w.Raw)))
            {
                // A quantity in words needs a unit or an order word before it ("chốt đôi", "lấy ba hộp").
            }
            else if (w.Folded == "chuc" && w.Raw is "chục" or "chuc" && IsUnit(t, i + 1) && (i == 0 || !t[i - 1].IsNumber))
            {
                at = i; // "lấy chục gói": ten
                withUnit = true;
                return 10;
            }
            else if ((w.Kind == TokenKind.Plus || w.Folded == "x") && next.IsNumber && !next.Used && next.Value is >= 1 and <= 100
                && (i + 2 >= t.Count || !t[i + 2].IsNumber || t[i + 2].Used))
            {
                plusOrTimes = true;
                at = i;
                return next.Value;
            }
            else
            {
                continue;
            }

            // "1 lần", "100 đơn", "2 tiếng", "5 người": counts of something else.
            if (next.Kind == TokenKind.Word && NotQuantityNouns.Contains(next.Folded))
            {
                continue;
            }

            if (IsUnit(t, i + 1) && !IsHour(t, i))
            {
                at = i;
                withUnit = true;
                return value;
            }

            // "lấy cho ba chồng 2 hộp": a number word with no unit is a quantity only when nothing
            // but a particle, the phone or the end follows it ("chốt đôi", "lấy hai nha").
            if (AfterOrderWord(t, i) && (w.IsNumber || w.ClauseEnd || next.Used || next.Kind != TokenKind.Word || Particles.Contains(next.Folded) || HasAffirmativeWord(next.Folded)))
            {
                at = i;
                return value;
            }
        }

        return null;
    }

    /// <summary>A unit word: "hộp", "kg", "chai"…, and "bao" (a sack) unless it is "bao nhiêu"/"bao lâu"/"bao giờ".</summary>
    private static bool IsUnit(List<CommentToken> t, int k)
    {
        if (k >= t.Count || t[k].Kind != TokenKind.Word)
        {
            return false;
        }

        var f = t[k].Folded;
        if (f == "bao")
        {
            return k + 1 >= t.Count || t[k + 1].Folded is not ("nhieu" or "nhiu" or "lau" or "gio" or "nhieo" or "ship" or "tien");
        }

        return Units.Contains(f);
    }

    private static bool IsHour(List<CommentToken> t, int i)
    {
        if (t[i + 1].Folded != "h")
        {
            return false;
        }

        var prev = i > 0 ? t[i - 1].Folded : "";
        var after = i + 2 < t.Count ? t[i + 2].Folded : "";
        return t[i].Value > 12 || prev is "sau" or "luc" or "tu" or "den" or "truoc" or "khoang" or "tam"
            || after is "chieu" or "sang" or "toi" or "trua" or "dem" or "roi";
    }

    private static bool AfterOrderWord(List<CommentToken> t, int i)
    {
        for (var k = i - 1; k >= 0 && k >= i - 4; k--)
        {
            var f = t[k].Folded;
            if (f is "chot" or "lay" or "dat" or "mua" or "l" or "sl" or "cod" or "ib" or "luong" or "order" or "oder")
            {
                return t[k].Raw is not ("đất" or "mưa");
            }

            if (!Fillers.Contains(f))
            {
                return false;
            }
        }

        return false;
    }
}
