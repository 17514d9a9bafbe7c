using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The parser's predicates over a comment's tokens: intent, spam, selling, questions, "not now", corrections.</summary>
public sealed partial class CommentParser
{
    private enum Intent
    {
        None,
        Weak,
        Normal,
        Strong,
    }

    private static Intent FindIntent(List<CommentToken> t, out bool cancelled, out int at)
    {
        cancelled = false;
        at = -1;
        var best = Intent.None;
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            if (w.Kind != TokenKind.Word)
            {
                continue;
            }

            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            var found = Intent.None;
            switch (w.Folded)
            {
                case "huy" when w.Raw is "hủy" or "huỷ" or "huy":
                case "doi" when next is "sang" or "thanh":
                    cancelled = true;
                    return Intent.None;
                case "chot" when w.Raw != "chót":
                    found = Intent.Strong;
                    break;
                case "lay" when next is not ("chong" or "vo"):
                case "dat" when w.Raw != "đất" && next is not ("lich" or "coc" or "cau"):
                case "mua" when w.Raw != "mưa":
                case "order" or "oder" when i == 0 || t[i - 1].Folded != "nhan":
                    found = Intent.Normal;
                    break;
                case "l" or "sl" when i + 1 < t.Count && t[i + 1].IsNumber:
                case "luong" when i > 0 && t[i - 1].Folded == "so" && i + 1 < t.Count && t[i + 1].IsNumber:
                    found = Intent.Normal;
                    break;
                case "ib" or "inbox" or "gui" or "ship" or "cod":
                    found = Intent.Weak;
                    break;
                case "cho" when Pronouns.Contains(next):
                    found = Intent.Weak;
                    break;
            }

            if (found == Intent.None)
            {
                continue;
            }

            // "không lấy nữa", "thôi ko chốt": a refusal, not an order.
            if (i > 0 && NoWords.Contains(t[i - 1].Folded))
            {
                cancelled = found != Intent.Weak;
                if (cancelled)
                {
                    return Intent.None;
                }

                continue;
            }

            // "shop chốt đơn mệt nghỉ": the shop is the one closing orders.
            if (found >= Intent.Normal && i > 0 && t[i - 1].Folded is "shop" or "ad" or "admin")
            {
                continue;
            }

            if (found > best)
            {
                best = found;
                at = i;
            }
        }

        return best;
    }

    /// <summary>Never a buyer: links, loans, "kết bạn", recruiting, "kiếm tiền".</summary>
    private static bool IsSpam(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var f = t[i].Folded;
            if (SpamWords.Contains(f))
            {
                return true;
            }

            if (i + 1 < t.Count)
            {
                var n = t[i + 1].Folded;
                foreach (var (a, b) in SpamPairs)
                {
                    if (f == a && n == b)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Selling, not buying: "bán" (not "bán cho em"), "nhận ship/order/làm…", "chuyên", "cung cấp",
    /// "dịch vụ", "cho vay", "thanh lý", "đại lý", "ai cần", "có nhu cầu", "uy tín", "giá rẻ", "giá tốt",
    /// "chính chủ", "toàn quốc", "tư vấn", "lãi".
    /// </summary>
    private static bool IsSelling(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            switch (w.Folded)
            {
                case "ban" when w.Raw == "bán" && next != "cho" && !Pronouns.Contains(next):
                case "nhan" when w.Raw is "nhận" or "nhan" && (next is "ship" or "order" or "oder" or "lam" or "may" or "in" or "sua" or "giao" or "van" or "nhap"):
                case "chuyen" when w.Raw == "chuyên" && next is not ("khoan" or "tien" or "phat"):
                case "cung" when next == "cap":
                case "dich" when next == "vu":
                case "cho" when next == "vay":
                case "thanh" when next == "ly":
                case "dai" when next == "ly":
                case "ai" or "nao" when next is "can" or "co" or "lay" or "mua" or "dat" && t.Exists(x => x.Folded is "ib" or "inbox" or "goi" or "lien" or "lh" or "zalo" || x.IsNumber):
                case "ai" or "nao" when next == "can":
                case "thu" when next == "mua":
                case "cho" when next == "thue":
                case "tan" when next == "noi":
                case "gia" when next == "cao":
                case "nhu" when next == "cau":
                case "uy" when next == "tin":
                case "gia" when next is "re" or "tot":
                case "chinh" when next == "chu":
                case "toan" when next == "quoc":
                case "tu" when next == "van":
                case "lai" when w.Raw is "lãi":
                case "sale" or "hotline":
                    return true;
            }
        }

        return false;
    }

    private static bool IsStaff(List<CommentToken> t) =>
        t.Count > 1 && t[0].Folded is "shop" or "ad" or "admin" or "page"
        && (t[1].Folded is "xin" or "xac" or "ghi" or "cam" or "chuc" or "thong" || t[1].Raw is "đã" or "dạ");

    /// <summary>"lh", "zalo", "liên hệ": a way to reach someone, an advert's or a buyer's.</summary>
    private static bool HasContactWord(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var f = t[i].Folded;
            if (f is "lh" or "zalo" or "zl" || (f == "lien" && i + 1 < t.Count && t[i + 1].Folded == "he"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"à nhầm, 3 hộp", "sửa lại 2 chai", "đổi sang 1 hộp", "không phải 2 mà là 3".</summary>
    private static bool IsCorrection(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            switch (t[i].Folded)
            {
                case "nham" when t[i].Raw == "nhầm" || t[i].Plain:
                case "sua" when next == "lai" && (t[i].Raw == "sửa" || t[i].Plain):
                case "doi" when next is "sang" or "thanh" or "lai":
                case "khong" or "ko" when next == "phai" && t.Exists(x => x.Folded == "ma"):
                case "khong" or "ko" when i > 0 && t[i - 1].Raw == "à": // "à không, 3 bịch nha"
                    return true;
            }
        }

        return false;
    }

    /// <summary>An address given with the number: "dc", "địa chỉ", "thôn", "xóm", "xã", "phường", "huyện", "ngõ", "hẻm", "kiệt".</summary>
    private static bool HasAddress(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            if (w.Folded is "dc" or "đc" || w.Raw is "thôn" or "xóm" or "xã" or "phường" or "huyện" or "ngõ" or "hẻm" or "kiệt"
                || (w.Folded == "dia" && i + 1 < t.Count && t[i + 1].Folded == "chi"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"giá 350k 1 hộp nha", "còn 2 hộp thôi": the shop's price or stock, not an order.</summary>
    private static bool MentionsPriceOrStock(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            if (w.Raw == "giá" || (w.Folded == "gia" && w.Plain))
            {
                return true;
            }

            if (w.IsNumber && i + 1 < t.Count && t[i + 1].Folded is "k" or "tr" or "trieu" or "nghin" or "ngan" or "d" or "dong" or "xu")
            {
                return true;
            }

            if (w.Folded == "con" && i + 1 < t.Count && (t[i + 1].IsNumber || NumberWords.ContainsKey(t[i + 1].Folded)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"stk", "tk", "số tài khoản": the number is a bank account, not a phone.</summary>
    private static bool IsAccount(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Folded is "stk" or "tk" || (t[i].Folded == "tai" && i + 1 < t.Count && t[i + 1].Folded == "khoan"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasPoliteA(List<CommentToken> t) => t.Exists(w => w.Raw == "ạ");

    private static int LastClause(List<CommentToken> t) => t[^1].Clause;

    /// <summary>
    /// Not an order placed now: something already done ("mình chốt hôm qua rồi", "hồi trước mình đặt
    /// 3 hộp"), a habit ("năm nào cũng mua", "mẹ mình hay mua"), or later ("lần sau mình sẽ mua", "để
    /// cuối tháng lương về mình lấy", "đợi có tiền"). A clause with an order word and none of these is
    /// an order now ("năm ngoái mua rồi ngon lắm, năm nay chốt 3 quả nhé").
    /// </summary>
    private static bool NotNow(List<CommentToken> t, bool hasQuantity)
    {
        var orderClauses = 0;
        var markedClauses = 0;
        var anyMarker = false;
        var clause = -1;
        bool clauseHasOrder = false, clauseMarked = false;
        for (var i = 0; i <= t.Count; i++)
        {
            if (i == t.Count || t[i].Clause != clause)
            {
                if (clauseHasOrder)
                {
                    orderClauses++;
                    markedClauses += clauseMarked ? 1 : 0;
                }

                if (i == t.Count)
                {
                    break;
                }

                clause = t[i].Clause;
                clauseHasOrder = false;
                clauseMarked = false;
            }

            var f = t[i].Folded;
            if (f is "chot" or "lay" or "dat" or "mua")
            {
                clauseHasOrder = true;
            }

            if (IsNotNowMarker(t, i, hasQuantity))
            {
                clauseMarked = true;
                anyMarker = true;
            }
        }

        return orderClauses > 0 ? markedClauses == orderClauses : anyMarker;
    }

    private static bool IsPayment(List<CommentToken> t, int k) =>
        k >= 0 && k < t.Count && (t[k].Folded is "ck" or "khoan" or "chuyen" or "toan" or "coc" || (t[k].Folded == "tien" && k > 0 && t[k - 1].Folded is "gui" or "chuyen"));

    /// <summary>The raw word comes before token i in its clause ("năm nào Tết nhà mình cũng mua").</summary>
    private static bool AfterInClause(List<CommentToken> t, int i, string raw)
    {
        for (var k = i - 1; k >= 0 && t[k].Clause == t[i].Clause; k--)
        {
            if (t[k].Raw == raw)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNotNowMarker(List<CommentToken> t, int i, bool hasQuantity)
    {
        var r = t[i].Raw;
        var next = i + 1 < t.Count ? t[i + 1].Folded : "";
        var nextIsOrder = next is "mua" or "lay" or "dat" or "chot";
        switch (r)
        {
            case "rồi" or "đã" when IsPayment(t, i - 1) || IsPayment(t, i + 1):
                return false; // "đã ck", "chuyển khoản rồi": the payment, with an order now
            case "rồi" or "đã" or "từng" or "hồi" or "đợi" or "nếu":
                return true;
            case "sẽ" when !hasQuantity:
            case "có" when nextIsOrder && !hasQuantity: // "mình có mua 1 lần, ngon": done before
                return true;
            case "hay" or "thường" or "toàn" when nextIsOrder || (next == "cung" && i + 2 < t.Count && t[i + 2].Folded is "mua" or "lay" or "dat"):
                return true;
            case "cũng" when AfterInClause(t, i, "nào"):
                return true;
            case "để" when next is "cuoi" or "mai" or "sau" or "thang" or "tuan" or "hom" or "luc" or "khi" or "lat" or "bua" or "dip" or "xem" or "luong" or "toi" or "dau":
                return true;
        }

        // A time word then "trước"/"ngoái" (before), or "sau"/"tới"/"khác" (later: only without a
        // quantity, since "chốt 2 hộp tuần sau giao" is an order delivered later).
        var timeWord = t[i].Folded is "hom" or "ngay" or "tuan" or "thang" or "nam" or "lan" or "bua" or "dot" or "dip" or "luc" or "hoi" or "tet";
        if (timeWord && (next is "truoc" or "ngoai" || (t[i].Folded == "hom" && next == "qua")))
        {
            return true;
        }

        if (timeWord && (next is "sau" or "khac" || (next == "toi" && t[i].Folded != "hom")) && (!hasQuantity || t[i].Folded is "lan" or "dip"))
        {
            return true;
        }

        return (t[i].Folded, next) is ("ngay", "xua") or ("truoc", "day") or ("hom", "nao") or ("lanh", "luong") or ("luong", "ve");
    }

    /// <summary>Talk about the show rather than to it: "mọi người mua ủng hộ nhé", "chốt đơn nhiều quá".</summary>
    private static bool IsCommentary(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Raw is "quá" or "ghê" || (t[i].IsNumber && i + 1 < t.Count && t[i + 1].Folded == "don"))
            {
                return true; // "chốt đơn nhiều quá", "chốt 100 đơn ghê"
            }

            if (i + 1 < t.Count && (t[i].Folded, t[i + 1].Folded) is ("moi", "nguoi") or ("ca", "nha") or ("ung", "ho"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SpeaksForSelf(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Folded is "lay" or "dat" or "mua" && i > 0 && Pronouns.Contains(t[i - 1].Folded)
                && !(i > 1 && KinNouns.Contains(t[i - 2].Folded)))
            {
                return true; // "em lấy ạ"; not "mẹ mình mua về ăn" (the mother bought)
            }
        }

        return HasAffirmative(t) || t.Exists(w => w.Raw == "ạ");
    }

    private static int WordCount(List<CommentToken> t)
    {
        var n = 0;
        foreach (var w in t)
        {
            if (w.Kind == TokenKind.Word && !w.Used && w.Folded is not ("sdt" or "sđt" or "dt" or "so" or "a" or "e" or "em" or "minh" or "c" or "chi" or "la"))
            {
                n++;
            }
        }

        return n;
    }

    private static bool HasAffirmativeWord(string folded) => folded is "nhe" or "nha" or "luon" or "nhen" or "nhak" or "nghen" or "nhaa" or "nhee";

    private static bool HasAffirmative(List<CommentToken> t, int clause = -1)
    {
        foreach (var w in t)
        {
            if ((clause < 0 || w.Clause == clause) && w.Folded is "nhe" or "nha" or "luon" or "nhen" or "nhak" or "nghen" or "nhaa" or "nhee")
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasQuestionWords(List<CommentToken> t, bool bareInbox)
    {
        if (bareInbox)
        {
            return true; // "ib", "ib giá": tell me privately
        }

        if (IsBlockingQuestion(t))
        {
            return true;
        }

        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            switch (w.Folded)
            {
                case "bn" or "bnhiu" or "bnh" or "bnhieu":
                    return true;
                case "bao" when next is "nhieu" or "lau" or "gio" or "nhiu":
                    return true;
                case "nhieu" when i > 0 && t[i - 1].Folded is "gia":
                    return true;
                case "nhieu" when w.Raw == "nhiêu":
                    return true;
                case "may" when w.Raw == "mấy":
                    return true;
                case "gi" when w.Raw == "gì":
                    return true;
                case "hoi" when w.Raw == "hỏi":
                    return true;
                case "gia" when w.Raw == "giá" && (w.ClauseEnd || i == t.Count - 1):
                    return true;
                case "sao" when (w.Raw == "sao" || w.Plain) && (i == 0 || !t[i - 1].IsNumber):
                    return true;
                case "chung" when next == "nao":
                    return true;
                case "nao" when w.Raw == "nào" && i > 0 && next is not ("moi" or "ca" or "ae" or "anh" or "cung"):
                    return true;
                case "hay" when i > 0 && i + 1 < t.Count && next is not ("qua" or "lam" or "that" or "ghe" or "va")
                    && (t.Exists(x => x.Folded is "vay" or "z" or "v") || NoWords.Contains(t[i - 1].Folded) || SaidBefore(t, i)):
                    return true;
                case "a" or "ha" when w.Raw is "à" or "hả" && i == t.Count - 1:
                    return true;
                case "chua" when w.Raw == "chưa" && IsTail(t, i):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A question about the order itself, which no "nhé" turns into one: "có … không", "… được
    /// không", "mua ở đâu", "đặt thế nào", "khi nào chốt", "sao … chốt mà …".
    /// </summary>
    private static bool IsBlockingQuestion(List<CommentToken> t, int clause = -1)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            if (clause >= 0 && w.Clause != clause)
            {
                continue;
            }

            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            if (NoWords.Contains(w.Folded) && i > 0 && IsTail(t, i) && !(w.Folded == "khong" && DigitRunAround(t, i))
                && !(w.Folded == "k" && t[i - 1].IsNumber) && t[i - 1].Raw != "à")
            {
                return true;
            }

            switch (w.Folded)
            {
                case "o" when next == "dau" && w.Raw == "ở":
                case "dau" when w.Raw == "đâu":
                case "the" when next == "nao":
                case "ntn":
                case "lam" when next == "sao":
                case "kieu" when next == "gi":
                case "khi" when next == "nao":
                case "bao" when next == "gio":
                case "sao" when i == 0 && (w.Raw == "sao" || w.Plain):
                case "tai" when next == "sao":
                case "la" when next is "gi" or "sao":
                case "ai" when i > 0 && IsTail(t, i):
                case "sao" when (w.Raw == "sao" || w.Plain) && i > 0 && IsTail(t, i) && !t[i - 1].IsNumber:
                case "nhu" when next == "nao":
                case "chua" when w.Raw == "chưa" && i > 0 && IsTail(t, i):
                case "muon" when w.Raw == "muốn" && t.Exists(x => x.Raw == "thì"):
                    return true;
            }
        }

        return false;
    }

    /// <summary>"gạo mới hay gạo cũ", "loại 1 hay loại 2": the word after "hay" was said before it, in its clause.</summary>
    private static bool SaidBefore(List<CommentToken> t, int hay)
    {
        var next = t[hay + 1].Folded;
        for (var k = hay - 1; k >= 0 && t[k].Clause == t[hay].Clause; k--)
        {
            if (t[k].Folded == next)
            {
                return true;
            }
        }

        return false;
    }

    private static bool DigitRunAround(List<CommentToken> t, int i) =>
        (i > 0 && (t[i - 1].IsNumber || DigitWords.ContainsKey(t[i - 1].Folded))) &&
        (i + 1 < t.Count && (t[i + 1].IsNumber || DigitWords.ContainsKey(t[i + 1].Folded)));

    /// <summary>Only particles ("ạ", "shop", "vậy") follow token i until the clause ends.</summary>
    private static bool IsTail(List<CommentToken> t, int i)
    {
        if (t[i].ClauseEnd)
        {
            return true;
        }

        for (var k = i + 1; k < t.Count; k++)
        {
            if (!Particles.Contains(t[k].Folded))
            {
                return false;
            }

            if (t[k].ClauseEnd)
            {
                return true;
            }
        }

        return true;
    }
}
