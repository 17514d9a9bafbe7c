using OcopLive.Orders;

namespace OcopLive.Tests.Orders;

public class OrderRulesTests
{
    [Theory]
    [InlineData(OrderStatus.Placed, OrderStatus.Confirmed, true)]
    [InlineData(OrderStatus.Placed, OrderStatus.Delivered, true)]
    [InlineData(OrderStatus.Confirmed, OrderStatus.Shipped, true)]
    [InlineData(OrderStatus.Shipped, OrderStatus.Confirmed, false)]
    [InlineData(OrderStatus.Delivered, OrderStatus.Delivered, false)]
    [InlineData(OrderStatus.Confirmed, OrderStatus.Placed, false)]
    [InlineData(OrderStatus.Cancelled, OrderStatus.Shipped, false)]
    [InlineData(OrderStatus.Placed, OrderStatus.Cancelled, false)]
    public void Fulfilment_moves_forward_only(OrderStatus from, OrderStatus to, bool allowed) =>
        Assert.Equal(allowed, OrderRules.CanMove(from, to));

    private static ValidOrder Order(string name = "Lê Thị Hoa", int quantity = 2, string? key = "key-1") =>
        new(Guid.Parse("0193a000-0000-7000-8000-000000000001"), Guid.Parse("0193a000-0000-7000-8000-000000000002"), quantity,
            name, "+84912345678", "Hà Tĩnh", "Cẩm Xuyên", "Thôn 3", OrderChannel.Web, key, null);

    [Fact]
    public void Idempotency_hash_is_stable_and_ignores_the_key_itself()
    {
        Assert.Equal(Order().Hash(), Order(key: "other").Hash());
        Assert.Matches("^[0-9a-f]{64}$", Order().Hash());
    }

    [Fact]
    public void Idempotency_hash_changes_with_what_is_ordered()
    {
        Assert.NotEqual(Order().Hash(), Order(quantity: 3).Hash());
        Assert.NotEqual(Order().Hash(), Order(name: "Lê Thị Hòa").Hash());
    }
}
