using OcopLive.Catalog;
using OcopLive.Lineups;

namespace OcopLive.Tests.Lineups;

public class LineupBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 13, 0, 0, TimeSpan.Zero); // 20:00 in Hà Tĩnh

    private static LineupCandidate Product(int n, int producer, long price = 100_000, int stars = 3,
        ProductCategory category = ProductCategory.Food, int stock = 100, long? deal = null, int? minutes = null, DateOnly? expires = null) =>
        new(Id(n), $"Sản phẩm {n}", Id(1000 + producer), category, stars, stock, price, deal, minutes, expires);

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static LineupInput Input(int duration, params LineupCandidate[] candidates) =>
        new(Start, duration, candidates, SalesHistory.None);

    [Fact]
    public void Build_KeepsEveryHardRule_OnManyRandomInputs()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var input = RandomInput(new Random(seed));
            var plan = LineupBuilder.Build(input);
            var violations = LineupChecks.Violations(input, plan);
            Assert.True(violations.Count == 0, $"seed {seed}: {string.Join("; ", violations)}");
        }
    }

    [Fact]
    public void Build_GivesEveryProducerWithStockAirtime_BeforeAnyoneGetsASecondSegment_OnRandomInputs()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var input = RandomInput(new Random(seed));
            var plan = LineupBuilder.Build(input);
            var perProducer = plan.Segments.GroupBy(s => s.ProducerId).ToDictionary(g => g.Key, g => g.Count());
            if (perProducer.Values.Any(n => n > 1))
            {
                var eligibleProducers = input.Candidates
                    .Where(c => c.Stock > 0 && (c.CertificateExpiresOn is null || c.CertificateExpiresOn >= input.SessionDate))
                    .Select(c => c.ProducerId).Distinct();
                Assert.All(eligibleProducers, p => Assert.True(perProducer.ContainsKey(p), $"seed {seed}: a producer got no airtime"));
            }

            Assert.All(plan.LeftOut, l => Assert.False(string.IsNullOrWhiteSpace(l.Reason)));
            Assert.All(plan.Segments, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        }
    }

    [Fact]
    public void Build_IsDeterministic_AndIgnoresTheOrderOfEntries()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var input = RandomInput(new Random(seed));
            var shuffled = input with { Candidates = input.Candidates.Reverse().ToList() };
            var a = LineupBuilder.Build(input);
            var b = LineupBuilder.Build(input);
            var c = LineupBuilder.Build(shuffled);
            Assert.Equal(a.Segments, b.Segments);
            Assert.Equal(a.Segments, c.Segments);
            Assert.Equal(a.LeftOut.OrderBy(l => l.ProductId), c.LeftOut.OrderBy(l => l.ProductId));
        }
    }

    [Fact]
    public void Build_PutsTheStrongestInThePrimeTimeMiddle_AndTheNextAtTheOpening()
    {
        // Five producers, one product each, equal but for price: strength follows price.
        // 30 minutes = 2 + 5 × 5 + 3: the middle segment (3rd) has the largest audience, then the opening.
        var input = Input(30,
            Product(1, 1, price: 100_000),
            Product(2, 2, price: 500_000),
            Product(3, 3, price: 300_000),
            Product(4, 4, price: 400_000),
            Product(5, 5, price: 200_000));

        var plan = LineupBuilder.Build(input);

        Assert.Equal(5, plan.Segments.Count);
        Assert.Equal(Id(2), plan.Segments[2].ProductId);
        Assert.Equal(Id(4), plan.Segments[0].ProductId);
        Assert.Equal(Id(1), plan.Segments[4].ProductId);
        Assert.Contains("Mở màn", plan.Segments[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Giờ vàng", plan.Segments[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_GivesEachProducerOneSegmentFirst_EvenWhenOneProducerHasTheStrongestProducts()
    {
        // Producer 1 has three strong products; producers 2 and 3 one weak product each. Room for three segments.
        var input = Input(19,
            Product(1, 1, price: 900_000),
            Product(2, 1, price: 800_000),
            Product(3, 1, price: 700_000),
            Product(4, 2, price: 50_000),
            Product(5, 3, price: 60_000));

        var plan = LineupBuilder.Build(input);

        Assert.Equal(3, plan.Segments.Count);
        Assert.Equal(3, plan.Segments.Select(s => s.ProducerId).Distinct().Count());
        Assert.Contains(plan.Segments, s => s.ProductId == Id(1));
        Assert.Contains(plan.LeftOut, l => l.ProductId == Id(2) && l.Reason.Contains("thời lượng", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_LeavesOutSoldOutAndExpiredProducts_WithTheReason()
    {
        var input = Input(60,
            Product(1, 1),
            Product(2, 2, stock: 0),
            Product(3, 3, expires: new DateOnly(2026, 12, 4)),
            Product(4, 4, expires: new DateOnly(2026, 12, 5)));

        var plan = LineupBuilder.Build(input);

        Assert.Equal([Id(1), Id(4)], plan.Segments.Select(s => s.ProductId).Order());
        Assert.Contains(plan.LeftOut, l => l.ProductId == Id(2) && l.Reason.StartsWith("Hết hàng", StringComparison.Ordinal));
        Assert.Contains(plan.LeftOut, l => l.ProductId == Id(3) && l.Reason.Contains("04/12/2026", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_AlternatesCategories_WhenStrengthsAreEqual()
    {
        var input = Input(30,
            Product(1, 1, category: ProductCategory.Food),
            Product(2, 2, category: ProductCategory.Food),
            Product(3, 3, category: ProductCategory.Beverage),
            Product(4, 4, category: ProductCategory.Beverage));

        var plan = LineupBuilder.Build(input);
        var categories = plan.Segments.Select(s => input.Candidates.Single(c => c.ProductId == s.ProductId).Category).ToList();

        Assert.Equal(4, categories.Count);
        for (var i = 1; i < categories.Count; i++)
        {
            Assert.NotEqual(categories[i - 1], categories[i]);
        }
    }

    [Fact]
    public void Build_PrefersProvenSellersAndDeepDeals()
    {
        var proven = Product(1, 1, stars: 3);
        var fiveStars = Product(2, 2, stars: 5);
        var deal = Product(3, 3, stars: 3, deal: 60_000);
        var history = new SalesHistory(new Dictionary<Guid, AirRate> { [Id(1)] = new(5, 500_000) }, new Dictionary<ProductCategory, AirRate>());

        Assert.True(LineupBuilder.RatePerMinute(proven, history) > LineupBuilder.RatePerMinute(fiveStars, history));
        Assert.True(LineupBuilder.RatePerMinute(deal, SalesHistory.None) > LineupBuilder.RatePerMinute(Product(4, 4), SalesHistory.None));
        Assert.True(LineupBuilder.RatePerMinute(fiveStars, SalesHistory.None) > LineupBuilder.RatePerMinute(Product(4, 4), SalesHistory.None));
    }

    [Fact]
    public void Build_ShortensTheLastSegmentToFit_AndSaysSo()
    {
        var input = Input(14, Product(1, 1, minutes: 6), Product(2, 2, minutes: 6));

        var plan = LineupBuilder.Build(input);

        Assert.Equal(10, plan.Segments.Sum(s => s.Minutes));
        Assert.Contains(plan.Segments, s => s.Minutes == 4 && s.Reason.Contains("rút ngắn", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NeverPutsOneProducerTwiceInARow_EvenWhenItHasMostProducts()
    {
        var input = Input(120,
            Product(1, 1, price: 900_000), Product(2, 1, price: 800_000), Product(3, 1, price: 700_000), Product(4, 1, price: 600_000),
            Product(5, 2, price: 10_000));

        var plan = LineupBuilder.Build(input);

        Assert.Equal(3, plan.Segments.Count);
        Assert.Empty(LineupChecks.Violations(input, plan));
        Assert.Contains(plan.LeftOut, l => l.Reason.Contains("liền nhau", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ReturnsAnEmptyLineup_ForNoEntries()
    {
        var plan = LineupBuilder.Build(Input(60));
        Assert.Empty(plan.Segments);
        Assert.Empty(plan.LeftOut);
    }

    private static Guid RandomId(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static LineupInput RandomInput(Random random)
    {
        var producers = random.Next(1, 16);
        var count = random.Next(0, 41);
        var categories = Enum.GetValues<ProductCategory>();
        var candidates = new List<LineupCandidate>();
        for (var i = 0; i < count; i++)
        {
            var price = random.Next(2, 200) * 5_000L;
            candidates.Add(new LineupCandidate(
                RandomId(random),
                $"P{i}",
                Id(1000 + random.Next(producers)),
                categories[random.Next(categories.Length)],
                random.Next(3, 6),
                random.Next(6) == 0 ? 0 : random.Next(1, 500),
                price,
                random.Next(3) == 0 ? price * random.Next(50, 100) / 100 : null,
                random.Next(3) == 0 ? null : random.Next(2, 12),
                random.Next(5) == 0 ? new DateOnly(2026, 12, 5).AddDays(random.Next(-60, 60)) : null));
        }

        var byProduct = candidates.Where(_ => random.Next(2) == 0)
            .ToDictionary(c => c.ProductId, _ => new AirRate(random.NextDouble() * 10, random.NextDouble() * 1_000_000));
        var byCategory = categories.Where(_ => random.Next(2) == 0)
            .ToDictionary(c => c, _ => new AirRate(random.NextDouble() * 5, random.NextDouble() * 500_000));
        return new LineupInput(Start.AddMinutes(random.Next(0, 10_000)), random.Next(10, 241), candidates, new SalesHistory(byProduct, byCategory));
    }
}
