using System.Globalization;
using OcopLive.Catalog;
using OcopLive.Common;

namespace OcopLive.Lineups;

/// <summary>A product registered for the session, with what the builder needs to know about it.</summary>
public sealed record LineupCandidate(
    Guid ProductId,
    string ProductName,
    Guid ProducerId,
    ProductCategory Category,
    int OcopStars,
    int Stock,
    long ListPriceVnd,
    long? DealPriceVnd,
    int? Minutes,
    DateOnly? CertificateExpiresOn)
{
    public long PriceOnAirVnd => DealPriceVnd ?? ListPriceVnd;
    public int MaxMinutes => SegmentLength.Allowed(Minutes);
    public double Discount => ListPriceVnd > 0 && DealPriceVnd is { } deal ? Math.Max(0, 1 - ((double)deal / ListPriceVnd)) : 0;
}

/// <summary>Sales per minute on air from earlier sessions (units and VND).</summary>
public sealed record AirRate(double UnitsPerMinute, double RevenuePerMinute);

/// <summary>What earlier sessions taught: per product and per category. Empty when there is no history.</summary>
public sealed record SalesHistory(IReadOnlyDictionary<Guid, AirRate> ByProduct, IReadOnlyDictionary<ProductCategory, AirRate> ByCategory)
{
    public static SalesHistory None { get; } = new(new Dictionary<Guid, AirRate>(), new Dictionary<ProductCategory, AirRate>());
}

public sealed record LineupInput(
    DateTimeOffset StartsAt,
    int DurationMinutes,
    IReadOnlyList<LineupCandidate> Candidates,
    SalesHistory History)
{
    /// <summary>The session's calendar day in Vietnam: a certificate valid until that day may still go on air.</summary>
    public DateOnly SessionDate => VnFormat.Date(StartsAt);
}

public sealed record PlannedSegment(
    int Position,
    Guid ProductId,
    Guid ProducerId,
    DateTimeOffset PlannedStart,
    int Minutes,
    long PriceVnd,
    string Reason,
    double ExpectedRevenueVnd);

public sealed record LeftOut(Guid ProductId, string Reason);

public sealed record LineupPlan(IReadOnlyList<PlannedSegment> Segments, IReadOnlyList<LeftOut> LeftOut)
{
    public double ExpectedRevenueVnd => Segments.Sum(s => s.ExpectedRevenueVnd);
}

/// <summary>
/// Builds a session's running order. Pure and deterministic: no database, no clock, no randomness;
/// the same input always gives the same line-up (ties are broken by product id).
/// <para>Hard rules: segments are sequential inside the slot minus an opening and a closing gap; no
/// product without stock; no product whose OCOP certificate expired before the session day; never
/// the same producer twice in a row; every segment lasts 2 minutes to its entry's minutes.</para>
/// <para>Soft goals: every producer with stock is on air once before anyone gets a second segment;
/// the strongest products (sales history, OCOP stars, deal depth) go where the audience is largest —
/// the opening and the prime-time middle; neighbouring segments vary their category.</para>
/// </summary>
public static class LineupBuilder
{
    public const int OpeningGapMinutes = 2;
    public const int ClosingGapMinutes = 2;

    /// <summary>Units per minute assumed for a product and category never seen on air.</summary>
    private const double UnknownUnitsPerMinute = 0.5;
    /// <summary>Category history is a weaker signal than the product's own.</summary>
    private const double CategoryConfidence = 0.8;

    /// <summary>Each OCOP star above 3 adds this share to the expected rate (5★ sells 30% more than 3★).</summary>
    private const double StarBonus = 0.15;
    /// <summary>A deal announced on air multiplies volume more than it cuts the price: 10% off → 1.3× units.</summary>
    private const double DealVolumeFactor = 3;

    /// <summary>The opening: the first share of the slot, while viewers who came for the start are still there.</summary>
    private const double OpeningShare = 0.12;
    /// <summary>The opening's audience above the base (1): +35%.</summary>
    private const double OpeningBoost = 0.35;
    /// <summary>Prime time: the peak of the audience, at this point of the slot (the middle).</summary>
    private const double PrimeTimeCentre = 0.5;
    /// <summary>Prime time's audience above the base at its peak: +50%.</summary>
    private const double PrimeTimeBoost = 0.5;
    /// <summary>How wide prime time's bell is (in slot fractions, a Gaussian's width).</summary>
    private const double PrimeTimeWidth = 0.18;
    /// <summary>How far from the centre a segment is still called prime time in its reason.</summary>
    private const double PrimeTimeReasonHalfWidth = 0.13;
    /// <summary>A change of category is taken when it costs at most this many places of the ideal order.</summary>
    private const int CategoryChangeMaxShift = 2;
    /// <summary>The longest reason stored with a segment (the column's length).</summary>
    private const int MaxReasonLength = 1000;

    private static readonly CultureInfo Vi = VnFormat.Culture;

    public static LineupPlan Build(LineupInput input)
    {
        var leftOut = new List<LeftOut>();
        var eligible = new List<Scored>();
        foreach (var c in input.Candidates.OrderBy(c => c.ProductId))
        {
            if (c.Stock <= 0)
            {
                leftOut.Add(new(c.ProductId, "Hết hàng, không đưa lên sóng (out of stock)."));
            }
            else if (c.CertificateExpiresOn is { } expires && expires < input.SessionDate)
            {
                leftOut.Add(new(c.ProductId,
                    $"Giấy chứng nhận OCOP hết hạn ngày {expires.ToString("dd/MM/yyyy", Vi)} (certificate expired)."));
            }
            else
            {
                eligible.Add(Score(c, input.History));
            }
        }

        var available = Math.Max(0, input.DurationMinutes - OpeningGapMinutes - ClosingGapMinutes);
        var chosen = Choose(eligible, available, leftOut);
        var ordered = Arrange(chosen, available);
        return new LineupPlan(Plan(ordered, input, available), leftOut);
    }

    /// <summary>Expected VND per minute on air (before the audience curve): the product's strength.</summary>
    public static double RatePerMinute(LineupCandidate c, SalesHistory history) => Score(c, history).Rate;

    /// <summary>
    /// Expected revenue of a product on air for some minutes at a point of the slot (0..1), capped by its stock.
    /// Shared with the benchmark's baseline so both are judged by the same model.
    /// </summary>
    public static double ExpectedRevenue(LineupCandidate c, SalesHistory history, int minutes, double slotFraction) =>
        ExpectedRevenue(Score(c, history), minutes, slotFraction);

    /// <summary>Relative audience over the slot: a strong opening, a prime-time peak in the middle.</summary>
    public static double Audience(double slotFraction)
    {
        var opening = slotFraction < OpeningShare ? OpeningBoost : 0;
        var middle = PrimeTimeBoost * Math.Exp(-Math.Pow((slotFraction - PrimeTimeCentre) / PrimeTimeWidth, 2));
        return 1 + opening + middle;
    }

    private sealed record Scored(LineupCandidate C, double Rate, string Why)
    {
        public int Minutes { get; set; }
        public int Round { get; set; }
    }

    private static Scored Score(LineupCandidate c, SalesHistory history)
    {
        double unitsPerMinute;
        string source;
        if (history.ByProduct.TryGetValue(c.ProductId, out var own) && own.UnitsPerMinute > 0)
        {
            unitsPerMinute = own.UnitsPerMinute;
            source = $"lịch sử {unitsPerMinute.ToString("0.#", Vi)} sp/phút";
        }
        else if (history.ByCategory.TryGetValue(c.Category, out var cat) && cat.UnitsPerMinute > 0)
        {
            unitsPerMinute = cat.UnitsPerMinute * CategoryConfidence;
            source = $"nhóm {CategoryName(c.Category)} bán {cat.UnitsPerMinute.ToString("0.#", Vi)} sp/phút";
        }
        else
        {
            unitsPerMinute = UnknownUnitsPerMinute;
            source = "chưa có lịch sử bán";
        }

        var stars = 1 + (StarBonus * (Math.Clamp(c.OcopStars, Product.MinStars, Product.MaxStars) - Product.MinStars));
        var deal = 1 + (DealVolumeFactor * c.Discount);
        var rate = unitsPerMinute * stars * deal * c.PriceOnAirVnd;
        var why = $"OCOP {c.OcopStars}★, {source}"
            + (c.Discount > 0 ? $", ưu đãi {Math.Round(c.Discount * 100).ToString(Vi)}%" : "")
            + $", dự kiến {FormatVnd(rate)}/phút";
        return new Scored(c, rate, why);
    }

    private static double ExpectedRevenue(Scored s, int minutes, double slotFraction)
    {
        var rate = s.Rate * Audience(slotFraction);
        return Math.Min(rate * minutes, (double)s.C.Stock * s.C.PriceOnAirVnd);
    }

    /// <summary>
    /// Fair airtime: round 1 takes each producer's strongest product, strongest producers first;
    /// round 2 the second products, and so on. A pick that would force one producer into two
    /// consecutive segments is skipped.
    /// </summary>
    private static List<Scored> Choose(List<Scored> eligible, int available, List<LeftOut> leftOut)
    {
        var byProducer = eligible
            .GroupBy(s => s.C.ProducerId)
            .Select(g => g.OrderByDescending(s => s.Rate).ThenBy(s => s.C.ProductId).ToList())
            .ToList();
        var queue = new List<Scored>();
        foreach (var products in byProducer)
        {
            for (var i = 0; i < products.Count; i++)
            {
                products[i].Round = i + 1;
                queue.Add(products[i]);
            }
        }

        queue.Sort((a, b) => a.Round != b.Round ? a.Round.CompareTo(b.Round)
            : b.Rate != a.Rate ? b.Rate.CompareTo(a.Rate) : a.C.ProductId.CompareTo(b.C.ProductId));

        var chosen = new List<Scored>();
        var counts = new Dictionary<Guid, int>();
        var used = 0;
        foreach (var s in queue)
        {
            var left = available - used;
            if (left < SegmentLength.Min)
            {
                leftOut.Add(new(s.C.ProductId, s.Round == 1
                    ? "Hết thời lượng: mỗi chủ thể một lượt, ưu tiên sản phẩm có doanh thu dự kiến cao hơn (no time left)."
                    : "Hết thời lượng: chủ thể đã có sản phẩm khác lên sóng (no time left; producer already on air)."));
                continue;
            }

            var count = counts.GetValueOrDefault(s.C.ProducerId) + 1;
            if (count > (chosen.Count + 2) / 2)
            {
                leftOut.Add(new(s.C.ProductId,
                    "Chủ thể sẽ phải lên sóng hai lượt liền nhau (would put one producer in consecutive segments)."));
                continue;
            }

            s.Minutes = Math.Min(s.C.MaxMinutes, left);
            counts[s.C.ProducerId] = count;
            chosen.Add(s);
            used += s.Minutes;
        }

        return chosen;
    }

    /// <summary>
    /// The ideal order puts the strongest segment at the most-watched position; walking the slot
    /// left to right, each position then takes the remaining segment the ideal order wanted earliest
    /// that keeps producers apart (and stays arrangeable), preferring a change of category.
    /// </summary>
    private static List<Scored> Arrange(List<Scored> chosen, int available)
    {
        var n = chosen.Count;
        if (n == 0)
        {
            return chosen;
        }

        var total = Math.Max(1, chosen.Sum(s => s.Minutes));
        var average = (double)total / n;
        var positionsByAudience = Enumerable.Range(0, n)
            .OrderByDescending(i => Audience(((i + 0.5) * average) / Math.Max(available, 1)))
            .ThenBy(i => i)
            .ToList();
        var strongest = chosen.OrderByDescending(s => s.Rate).ThenBy(s => s.C.ProductId).ToList();
        var ideal = new Dictionary<Scored, int>(ReferenceEqualityComparer.Instance);
        for (var k = 0; k < n; k++)
        {
            ideal[strongest[k]] = positionsByAudience[k];
        }

        var remaining = chosen.OrderBy(s => ideal[s]).ToList();
        var counts = chosen.GroupBy(s => s.C.ProducerId).ToDictionary(g => g.Key, g => g.Count());
        var result = new List<Scored>(n);
        while (remaining.Count > 0)
        {
            var previous = result.Count > 0 ? result[^1] : null;
            Scored? pick = null;
            Scored? sameCategory = null;
            foreach (var s in remaining)
            {
                if (previous is not null && s.C.ProducerId == previous.C.ProducerId)
                {
                    continue;
                }

                if (!Arrangeable(counts, s.C.ProducerId, remaining.Count - 1))
                {
                    continue;
                }

                if (previous is null || s.C.Category != previous.C.Category)
                {
                    if (sameCategory is null || ideal[s] - ideal[sameCategory] <= CategoryChangeMaxShift)
                    {
                        pick = s;
                    }

                    break;
                }

                sameCategory ??= s;
            }

            pick ??= sameCategory ?? remaining.First(s => previous is null || s.C.ProducerId != previous.C.ProducerId);
            remaining.Remove(pick);
            counts[pick.C.ProducerId]--;
            result.Add(pick);
        }

        return result;
    }

    /// <summary>After placing one of <paramref name="last"/>, can the rest be ordered with no producer twice in a row?</summary>
    private static bool Arrangeable(Dictionary<Guid, int> counts, Guid last, int rest)
    {
        foreach (var (producer, count) in counts)
        {
            var c = producer == last ? count - 1 : count;
            var limit = producer == last ? rest / 2 : (rest + 1) / 2;
            if (c > limit)
            {
                return false;
            }
        }

        return true;
    }

    private static List<PlannedSegment> Plan(List<Scored> ordered, LineupInput input, int available)
    {
        var segments = new List<PlannedSegment>(ordered.Count);
        var offset = 0;
        var seenProducers = new HashSet<Guid>();
        var firstRoundProducers = ordered.Select(s => s.C.ProducerId).Distinct().Count();
        for (var i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            var fraction = (offset + (s.Minutes / 2.0)) / Math.Max(available, 1);
            var parts = new List<string>();
            if (i == 0)
            {
                parts.Add("Mở màn với sản phẩm mạnh");
            }
            else if (fraction < OpeningShare)
            {
                parts.Add("Đầu phiên, khán giả vừa mở xem");
            }
            else if (Math.Abs(fraction - PrimeTimeCentre) <= PrimeTimeReasonHalfWidth)
            {
                parts.Add("Giờ vàng giữa phiên, đông khán giả nhất");
            }

            parts.Add(s.Why);
            parts.Add(seenProducers.Add(s.C.ProducerId)
                ? "lượt đầu của chủ thể (công bằng thời lượng)"
                : $"lượt thứ {s.Round}: mọi {firstRoundProducers} chủ thể có hàng đã lên sóng trước");
            if (i > 0 && ordered[i - 1].C.Category != s.C.Category)
            {
                parts.Add($"đổi nhóm hàng sau {CategoryName(ordered[i - 1].C.Category)}");
            }

            if (s.Minutes < s.C.MaxMinutes)
            {
                parts.Add($"rút ngắn còn {s.Minutes} phút để vừa khung giờ");
            }

            segments.Add(new PlannedSegment(
                i + 1,
                s.C.ProductId,
                s.C.ProducerId,
                input.StartsAt.AddMinutes(OpeningGapMinutes + offset),
                s.Minutes,
                s.C.PriceOnAirVnd,
                Truncate(string.Join("; ", parts) + "."),
                ExpectedRevenue(s, s.Minutes, fraction)));
            offset += s.Minutes;
        }

        return segments;
    }

    public static string CategoryName(ProductCategory category) => category switch
    {
        ProductCategory.Food => "Thực phẩm",
        ProductCategory.Beverage => "Đồ uống",
        ProductCategory.Herbal => "Thảo dược",
        ProductCategory.Handicraft => "Thủ công mỹ nghệ",
        ProductCategory.Ornamental => "Sinh vật cảnh",
        ProductCategory.Tourism => "Du lịch",
        _ => category.ToString(),
    };

    private static string FormatVnd(double vnd) => VnFormat.Money((long)Math.Round(vnd));

    private static string Truncate(string s) => s.Length <= MaxReasonLength ? s : s[..(MaxReasonLength - 1)] + "…";
}
