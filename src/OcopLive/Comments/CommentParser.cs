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
public sealed partial class CommentParser
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
}
