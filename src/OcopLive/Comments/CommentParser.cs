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

    private readonly (CommentProduct Product, string FirstWord, string FoldedPair)[] _products;

    public CommentParser(IEnumerable<CommentProduct>? products = null)
    {
        _products = (products ?? []).Select(p =>
        {
            var words = CommentText.Tokenize(p.Name, out _, out _).Where(t => t.Kind == TokenKind.Word).ToArray();
            var first = words.Length > 0 ? words[0].Raw : "";
            var pair = words.Length > 1 ? words[0].Folded + " " + words[1].Folded : "";
            return (p, first, pair);
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
        "qua", "hu", "lit", "bich", "set", "combo", "cap", "hu", "vi", "hop", "bo", "nai", "lang", "cay", "banh",
    }.ToFrozenSet();

    /// <summary>Words that may stand between an order word and its number: "chốt cho em 2", "lấy luôn 3".</summary>
    private static readonly FrozenSet<string> Fillers = new[]
    {
        "cho", "minh", "em", "e", "chi", "c", "anh", "a", "don", "nha", "nhe", "luon", "them", "giup", "mk", "t", "toi", "me", "hang",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> Pronouns = new[]
    {
        "minh", "em", "e", "chi", "c", "anh", "a", "mk", "t", "toi", "me", "bo", "co", "chu", "ba", "tui",
    }.ToFrozenSet();

    /// <summary>Words after "không" that keep it a yes/no question ("còn không shop?").</summary>
    private static readonly FrozenSet<string> Particles = new[]
    {
        "a", "shop", "ad", "vay", "nhi", "ha", "ta", "chi", "em", "anh", "moi", "nguoi", "ban", "nhe", "nha", "z", "v", "ak", "ah", "c", "e",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> NoWords = new[] { "khong", "ko", "k", "hong", "hok", "khum", "kh", "hem" }.ToFrozenSet();

    private static readonly FrozenSet<string> SpamWords = new[]
    {
        "lh", "zalo", "tuyen", "ctv", "http", "https", "www",
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
        var product = FindProductCode(t) ?? FindProductName(t);
        var quantity = FindQuantity(t, out var plusOrTimes);

        if (hasUrl || IsSpam(t, phone is not null))
        {
            return ParsedComment.Other;
        }

        var intent = FindIntent(t, out var cancelled);
        if (cancelled)
        {
            return ParsedComment.Other;
        }

        var strong = intent == Intent.Strong || plusOrTimes;
        var orderSignal = strong || intent == Intent.Normal
            || (intent == Intent.Weak && (quantity is not null || phone is not null))
            || (intent == Intent.None && phone is not null);

        // "mua"/"lấy"/"đặt" alone is talk ("năm nào cũng mua cam") unless someone says it of
        // themselves ("em lấy ạ"): a pronoun just before it, or a "nhé"/"ạ" after.
        if (intent == Intent.Normal && !strong && quantity is null && phone is null && !SpeaksForSelf(t))
        {
            orderSignal = false;
        }

        // A number with nothing to say it is an order: long comments with a phone are adverts
        // ("Cần tiền gấp gọi 09…"), short ones ("sđt 0912… ạ") are a buyer leaving a number.
        if (intent == Intent.None && quantity is null && phone is not null && WordCount(t) > 3)
        {
            orderSignal = false;
        }

        if (orderSignal && phone is null)
        {
            if (HasPast(t) || t[0].Kind == TokenKind.At || (quantity is null && IsCommentary(t)))
            {
                orderSignal = false;
            }
        }

        if (t[0].Kind == TokenKind.At && phone is null)
        {
            return ParsedComment.Other;
        }

        var question = questionMark || HasQuestionWords(t, intent == Intent.Weak && quantity is null);
        if (orderSignal)
        {
            if (phone is not null)
            {
                return new ParsedComment(CommentKind.Order, quantity, phone, product);
            }

            if (IsBlockingQuestion(t) || (question && !strong && !HasAffirmative(t)))
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

    private static Intent FindIntent(List<CommentToken> t, out bool cancelled)
    {
        cancelled = false;
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
                case "doi" when next == "sang":
                    cancelled = true;
                    return Intent.None;
                case "chot" when w.Raw != "chót":
                    found = Intent.Strong;
                    break;
                case "lay" when next is not ("chong" or "vo"):
                case "dat" when w.Raw != "đất" && next is not ("lich" or "coc" or "cau"):
                case "mua" when w.Raw != "mưa":
                    found = Intent.Normal;
                    break;
                case "l" when i + 1 < t.Count && t[i + 1].IsNumber:
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
            }
        }

        return best;
    }

    private static bool IsSpam(List<CommentToken> t, bool hasPhone)
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

                if (hasPhone && f == "lien" && n == "he")
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Something already done: "mình chốt hôm qua rồi", "lần trước mua 3kg".</summary>
    private static bool HasPast(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var r = t[i].Raw;
            if (r is "rồi" or "đã")
            {
                return true;
            }

            if (i + 1 < t.Count)
            {
                var pair = (t[i].Folded, t[i + 1].Folded);
                if (pair is ("hom", "truoc") or ("hom", "qua") or ("lan", "truoc") or ("nam", "ngoai") or ("ngay", "xua") or ("truoc", "day"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Talk about the show rather than to it: "mọi người mua ủng hộ nhé", "chốt đơn nhiều quá".</summary>
    private static bool IsCommentary(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            if (t[i].Raw == "quá")
            {
                return true;
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
            if (t[i].Folded is "lay" or "dat" or "mua" && i > 0 && Pronouns.Contains(t[i - 1].Folded))
            {
                return true;
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

    private static bool HasAffirmative(List<CommentToken> t)
    {
        foreach (var w in t)
        {
            if (w.Folded is "nhe" or "nha" or "luon" or "nhen" or "nhak")
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
                case "sao" when i == 0 || !t[i - 1].IsNumber:
                    return true;
                case "chung" when next == "nao":
                    return true;
                case "nao" when w.Raw == "nào" && i > 0 && next is not ("moi" or "ca" or "ae" or "anh"):
                    return true;
                case "hay" when i > 0 && i + 1 < t.Count && next is not ("qua" or "lam" or "that" or "ghe" or "va")
                    && t.Exists(x => x.Folded is "vay" or "z" or "v"):
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
    private static bool IsBlockingQuestion(List<CommentToken> t)
    {
        for (var i = 0; i < t.Count; i++)
        {
            var w = t[i];
            var next = i + 1 < t.Count ? t[i + 1].Folded : "";
            if (NoWords.Contains(w.Folded) && i > 0 && IsTail(t, i) && !(w.Folded == "khong" && DigitRunAround(t, i)))
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
                case "sao" when i == 0:
                case "tai" when next == "sao":
                case "la" when next is "gi" or "sao":
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
                foreach (var (p, _, _) in _products)
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

            foreach (var (p, first, pair) in _products)
            {
                if (t[i].Raw == first)
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
    private static int? FindQuantity(List<CommentToken> t, out bool plusOrTimes)
    {
        plusOrTimes = false;
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
            else if ((w.Kind == TokenKind.Plus || w.Folded == "x") && next.IsNumber && !next.Used && next.Value is >= 1 and <= 100
                && (i + 2 >= t.Count || !t[i + 2].IsNumber || t[i + 2].Used))
            {
                plusOrTimes = true;
                return next.Value;
            }
            else
            {
                continue;
            }

            if (next.Kind == TokenKind.Word && Units.Contains(next.Folded) && !IsHour(t, i))
            {
                return value;
            }

            if (AfterOrderWord(t, i))
            {
                return value;
            }
        }

        return null;
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
            if (f is "chot" or "lay" or "dat" or "mua" or "l" or "sl" or "cod" or "ib")
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
