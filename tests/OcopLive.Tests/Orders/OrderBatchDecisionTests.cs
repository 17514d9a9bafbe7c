using OcopLive.Orders;

namespace OcopLive.Tests.Orders;

/// <summary>The batch's rules without a database: facts in, one decision per request out.</summary>
public class OrderBatchDecisionTests
{
    private static readonly Guid SessionId = Guid.CreateVersion7();
    private static readonly Guid ProductId = Guid.CreateVersion7();
    private static readonly Guid ProducerId = Guid.CreateVersion7();

    private static BatchFacts Facts(string status = "Live", int stock = 10, int maxPerOrder = 5, int? limit = null, int? onAir = 2)
    {
        var facts = new BatchFacts();
        facts.Sessions[SessionId] = new SessionFacts(status, onAir);
        facts.Products[ProductId] = new ProductFacts(stock, maxPerOrder, ProducerId);
        var prices = new SegmentPrices();
        prices.Add(1, 200_000);
        prices.Add(2, 150_000);
        facts.Prices[(SessionId, ProductId)] = prices;
        if (limit is { } l)
        {
            facts.Limits[(SessionId, ProductId)] = l;
        }

        return facts;
    }

    private static (ValidOrder, string) Order(int quantity, string phone = "+84912345678", string? key = null)
    {
        var order = new ValidOrder(SessionId, ProductId, quantity, "Nguyễn Văn An", phone, "Hà Tĩnh", "Hương Sơn", null,
            OrderChannel.Web, key, null);
        return (order, order.Hash());
    }

    [Fact]
    public void Stock_is_taken_in_arrival_order_and_only_the_order_that_does_not_fit_fails()
    {
        var d = OrderBatchDecision.Decide([Order(4), Order(4), Order(4), Order(2)], Facts(stock: 10));

        Assert.Equal([true, true, false, true], d.Select(x => x.Accepted));
        Assert.Equal(OutcomeKind.SoldOut, d[2].Refusal!.Kind);
    }

    [Fact]
    public void Accepted_order_takes_the_price_of_the_segment_on_air_else_the_first_segment()
    {
        Assert.Equal(150_000, OrderBatchDecision.Decide([Order(1)], Facts(onAir: 2))[0].UnitPriceVnd);
        Assert.Equal(200_000, OrderBatchDecision.Decide([Order(1)], Facts(onAir: 7))[0].UnitPriceVnd);
        Assert.Equal(ProducerId, OrderBatchDecision.Decide([Order(1)], Facts())[0].ProducerId);
    }

    [Theory]
    [InlineData("Draft", false)]
    [InlineData("Live", true)]
    [InlineData("Ended", true)]
    [InlineData("Closed", false)]
    public void Only_a_session_on_air_or_in_its_grace_period_takes_orders(string status, bool accepted)
    {
        var d = OrderBatchDecision.Decide([Order(1)], Facts(status: status))[0];

        Assert.Equal(accepted, d.Accepted);
        if (!accepted)
        {
            Assert.Equal(OutcomeKind.OrderingClosed, d.Refusal!.Kind);
        }
    }

    [Fact]
    public void Per_phone_limit_counts_earlier_purchases_and_earlier_requests_of_the_same_batch()
    {
        var facts = Facts(limit: 3);
        facts.Bought[(SessionId, ProductId, "+84912345678")] = 1;

        var d = OrderBatchDecision.Decide([Order(1), Order(1), Order(1), Order(3, phone: "+84987654321")], facts);

        Assert.Equal([true, true, false, true], d.Select(x => x.Accepted));
        Assert.Equal(OutcomeKind.LimitReached, d[2].Refusal!.Kind);
        Assert.Equal(1, facts.Bought[(SessionId, ProductId, "+84912345678")]); // the facts themselves are not changed
    }

    [Fact]
    public void Quantity_above_the_products_maximum_is_invalid_and_names_the_field()
    {
        var d = OrderBatchDecision.Decide([Order(6)], Facts(maxPerOrder: 5))[0];

        Assert.Equal(OutcomeKind.Invalid, d.Refusal!.Kind);
        Assert.Equal("quantity", d.Refusal.Field);
    }

    [Fact]
    public void A_known_key_replays_the_same_body_and_refuses_a_different_one()
    {
        var facts = Facts();
        var (first, hash) = Order(2, key: "k-1");
        var earlier = new OrderResponse(Guid.CreateVersion7(), 100123, OrderStatus.Placed, ProductId, 2, 150_000, 300_000,
            DateTimeOffset.UnixEpoch, SessionId, OrderChannel.Web);
        facts.ExistingKeys[(SessionId, "k-1")] = (hash, earlier);

        var d = OrderBatchDecision.Decide([(first, hash), Order(3, key: "k-1")], facts);

        Assert.Equal(OutcomeKind.Replayed, d[0].Refusal!.Kind);
        Assert.Same(earlier, d[0].Refusal!.Order);
        Assert.Equal(OutcomeKind.KeyReused, d[1].Refusal!.Kind);
        Assert.Equal(10, facts.Products[ProductId].Stock);
    }

    [Fact]
    public void Unknown_session_product_or_line_up_entry_is_not_found()
    {
        var facts = Facts();
        facts.Prices.Clear();
        Assert.Equal(OutcomeKind.NotFound, OrderBatchDecision.Decide([Order(1)], facts)[0].Refusal!.Kind);
        Assert.Equal(OutcomeKind.NotFound, OrderBatchDecision.Decide([Order(1)], new BatchFacts())[0].Refusal!.Kind);
    }
}
