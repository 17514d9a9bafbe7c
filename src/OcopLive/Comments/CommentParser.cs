using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

public enum CommentKind
{
    Order,
    Question,
    Other,
}

/// <summary>What a live-chat comment asks for. <see cref="ProductId"/> null: the product on air.</summary>
public sealed record ParsedComment(CommentKind Kind, int? Quantity, string? Phone, Guid? ProductId)
{
    public static readonly ParsedComment Other = new(CommentKind.Other, null, null, null);
}

/// <summary>A product a comment may name: by its line-up position ("mã 3", "sp3", "#3") or by its name.</summary>
public sealed record CommentProduct(Guid Id, int Code, string Name);

/// <summary>
/// Reads Vietnamese live-chat comments ("chốt 2 hộp 0912 345 678", "lay 3kg nhe", "giá bao nhiêu?")
/// into a kind, a quantity, a phone number (+84…) and the product named. Pure, deterministic and
/// fast (no regular expressions, one pass to tokenise, a few over the tokens): it runs on every
/// message of every stream. The rules and their reasons are in docs/comment-orders.md; the labelled
/// corpus in the tests measures them.
/// </summary>
public sealed class CommentParser
{
    public const int MaxQuantity = 1_000;

    private readonly (CommentProduct Product, string FirstWord, string FoldedPair, string FoldedFirst)[] _products;

    public CommentParser(IEnumerable<CommentProduct>? products = null)
    {
        _products = (products ?? []).Select(p =>
        {
            var words = CommentText.Tokenize(p.Name, out _, out _).Where(t => t.Kind == TokenKind.Word).ToArray();
            var first = words.Length > 0 ? words[0].Raw : "";
            var pair = words.Length > 1 ? words[0].Folded + " " + words[1].Folded : "";
            var folded = words.Length > 0 && words[0].Folded.Length >= 3 && !NumberWords.ContainsKey(words[0].Folded) ? words[0].Folded : "";
            return (p, first, pair, folded);
        }).ToArray();
    }

    // Folded words. Digits said as words, in phone numbers ("không chín một hai…").
    private static readonly FrozenDictionary<string, char> DigitWords = new Dictionary<string, char>
    {
        ["khong"] = '0',
        ["mot"] = '1',
        ["hai"] = '2',
        ["ba"] = '3',
        ["bon"] = '4',
        ["nam"] = '5',
        ["sau"] = '6',
        ["bay"] = '7',
        ["tam"] = '8',
        ["chin"] = '9',
    }.ToFrozenDictionary();

    // Quantities said as words (raw forms first: "năm" is five, "nam" without diacritics too).
    private static readonly FrozenDictionary<string, int> NumberWords = new Dictionary<string, int>
    {
        ["mot"] = 1,
        ["hai"] = 2,
        ["ba"] = 3,
        ["bon"] = 4,
        ["nam"] = 5,
        ["sau"] = 6,
        ["bay"] = 7,
        ["tam"] = 8,
        ["chin"] = 9,
        ["muoi"] = 10,
        ["doi"] = 2,
    }.ToFrozenDictionary();

    // Number words typed with diacritics must be these: "bà" (grandmother) is not "ba" (three).
    private static readonly FrozenSet<string> NumberSpellings = new[] { "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười", "đôi" }.ToFrozenSet();

    private static readonly FrozenSet<string> Units = new[]
    {
        "hop", "h", "kg", "ky", "ki", "can", "goi", "lo", "chai", "chuc", "cai", "phan", "suat", "con", "tui", "thung",
        "qua", "hu", "lit", "bich", "set", "combo", "cap", "vi", "bo", "nai", "lang", "cay", "banh",
        "binh", "trai", "chiec", "mieng", "xau", "buong", "lon", "xap", "khay", "cuon", "to", "thanh",
    }.ToFrozenSet();

    /// <summary>Words that may stand between an order word and its number: "chốt cho em 2", "lấy luôn 3".</summary>
    private static readonly FrozenSet<string> Fillers = new[]
    {
        "cho", "minh", "em", "e", "chi", "c", "anh", "a", "don", "nha", "nhe", "luon", "them", "giup", "mk", "t", "toi", "me", "hang",
        "mik", "mjk", "mh", "dum", "gium", "ho", "voi", "vs", "tui", "to",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> Pronouns = new[]
    {
        "minh", "em", "e", "chi", "c", "anh", "a", "mk", "t", "toi", "me", "bo", "co", "chu", "ba", "tui", "mik", "mjk", "mh", "to",
    }.ToFrozenSet();

    /// <summary>Words after "không" that keep it a yes/no question ("còn không shop?").</summary>
    private static readonly FrozenSet<string> Particles = new[]
    {
        "a", "shop", "ad", "vay", "nhi", "ha", "ta", "chi", "em", "anh", "moi", "nguoi", "ban", "nhe", "nha", "z", "v", "ak", "ah", "c", "e",
    }.ToFrozenSet();

    /// <summary>Someone else, when a pronoun follows: "mẹ mình", "chồng em", "bạn tôi".</summary>
    private static readonly FrozenSet<string> KinNouns = new[]
    {
        "me", "bo", "ba", "ma", "chong", "ck", "vo", "vk", "con", "ban", "sep", "ong", "co", "di", "chu", "bac", "nha", "hang", "xom",
    }.ToFrozenSet();

    /// <summary>Nouns after a number that make it a count of something other than the goods.</summary>
    private static readonly FrozenSet<string> NotQuantityNouns = new[]
    {
        "lan", "don", "nguoi", "tieng", "phut", "ngay", "thang", "tuoi", "diem", "like", "dua", "sao", "giay", "tuan", "nam",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> NoWords = new[] { "khong", "ko", "k", "hong", "hok", "khum", "kh", "hem" }.ToFrozenSet();

    private static readonly FrozenSet<string> SpamWords = new[]
    {
        "tuyen", "ctv", "http", "https", "www",
    }.ToFrozenSet();

    private static readonly (string, string)[] SpamPairs =
    [
        ("vay", "tien"), ("ket", "ban"), ("kiem", "tien"), ("tin", "dung"), ("ban", "dat"), ("nhan", "lam"), ("cong", "tac"),
    ];

    public ParsedComment Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 2_000)
        {
            return ParsedComment.Other;
        }

        var t = CommentText.Tokenize(text, out var questionMark, out var hasUrl);
        if (t.Count == 0)
        {
            return questionMark ? new ParsedComment(CommentKind.Question, null, null, null) : ParsedComment.Other;
        }

        var phone = FindPhone(t);
        var code = FindProductCode(t);
        var product = code ?? FindProductName(t);
        var quantity = FindQuantity(t, out var plusOrTimes, out var quantityAt, out var withUnit);

        if (hasUrl || IsSpam(t))
        {
            return ParsedComment.Other;
        }

        var intent = FindIntent(t, out var cancelled, out var intentAt);
        var correction = IsCorrection(t);
        if (cancelled && !(correction && quantity is not null))
        {
            return ParsedComment.Other;
        }

        var strong = intent == Intent.Strong || plusOrTimes;
        var orderSignal = strong || intent == Intent.Normal
            || (intent == Intent.Weak && (quantity is not null || phone is not null))
            || (intent == Intent.None && phone is not null);

        // "2 hộp nha e", "1 chai ạ", "#8 3 ký", "à nhầm, 3 hộp nhé": a quantity with its unit said to the
        // shop, or with a product code, or a correction of one, is an order without an order word.
        // Prices and stock are not.
        if (intent == Intent.None && withUnit && (correction || (WordCount(t) <= 5 && (HasAffirmative(t) || HasPoliteA(t) || code is not null)))
            && !MentionsPriceOrStock(t) && !IsCommentary(t))
        {
            orderSignal = true;
        }

        // "mua"/"lấy"/"đặt" alone is talk ("năm nào cũng mua cam") unless someone says it of
        // themselves ("em lấy ạ"): a pronoun just before it, or a "nhé"/"ạ" after.
        if (intent == Intent.Normal && !strong && quantity is null && phone is null && !SpeaksForSelf(t))
        {
            orderSignal = false;
        }

        // A number with nothing to say it is an order: long comments with a phone are adverts
        // ("Cần tiền gấp gọi 09…"), short ones ("sđt 0912… ạ") are a buyer leaving a number, and
        // so is one that gives an address with it ("dc: thôn 3 Cẩm Mỹ, sdt 09…").
        if (intent == Intent.None && quantity is null && phone is not null && (WordCount(t) > 3 || IsAccount(t)) && !HasAddress(t))
        {
            orderSignal = false;
        }

        // The shop's own staff in the chat: "Shop xin phép chốt đơn chị Lan 2 hộp", "Ad đã ghi nhận đơn".
        if (orderSignal && phone is null && IsStaff(t))
        {
            orderSignal = false;
        }

        // Someone selling, not buying: "Bán sim số đẹp 09…", "Nhận ship hàng toàn quốc 09…",
        // "Shop mình chuyên mật ong…". Only "chốt 2 hộp" with it stays an order.
        if (orderSignal && !(strong && quantity is not null) && IsSelling(t))
        {
            orderSignal = false;
        }

        // "liên hệ", "lh", "zalo": a buyer may give a Zalo number with a real order ("lấy 2 hộp zalo 09…");
        // without an order word and a quantity it is an advert or a question.
        if (orderSignal && !((intent >= Intent.Normal || plusOrTimes) && quantity is not null) && HasContactWord(t))
        {
            orderSignal = false;
        }

        if (orderSignal && phone is null)
        {
            if (NotNow(t, quantity is not null) || t[0].Kind == TokenKind.At || (quantity is null && IsCommentary(t)))
            {
                orderSignal = false;
            }
        }

        if (t[0].Kind == TokenKind.At && phone is null)
        {
            return ParsedComment.Other;
        }

        var bareInbox = intent == Intent.Weak && quantity is null && phone is null && t.Exists(w => w.Folded is "ib" or "inbox");
        var question = questionMark || HasQuestionWords(t, bareInbox);
        if (orderSignal)
        {
            if (phone is not null)
            {
                return new ParsedComment(CommentKind.Order, quantity, phone, product);
            }

            // "lấy 1 hộp nhé, có túi quà không shop?", "chốt 2, bao giờ giao?": the order is said in a
            // clause of its own, with its quantity and a "nhé" or "chốt"; the question after it is a side question.
            var orderClause = intentAt >= 0 ? t[intentAt].Clause : quantityAt >= 0 ? t[quantityAt].Clause : -1;
            var sideQuestion = orderClause >= 0 && quantityAt >= 0 && t[quantityAt].Clause == orderClause
                && !IsBlockingQuestion(t, orderClause) && (strong || HasAffirmative(t, orderClause)) && LastClause(t) > orderClause;
            if ((IsBlockingQuestion(t) && !sideQuestion) || (question && !strong && !HasAffirmative(t)))
            {
                return new ParsedComment(CommentKind.Question, null, null, product);
            }

            return new ParsedComment(CommentKind.Order, quantity, null, product);
        }

        return question ? new ParsedComment(CommentKind.Question, null, null, product) : ParsedComment.Other;
    }

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
