using System.Collections.Frozen;
using OcopLive.Common;

namespace OcopLive.Comments;

/// <summary>The parser's word lists: digits and numbers said as words, units, fillers, pronouns, particles, spam.</summary>
public sealed partial class CommentParser
{
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
}
