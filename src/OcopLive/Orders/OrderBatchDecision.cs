using OcopLive.Common;
using OcopLive.Sessions;

namespace OcopLive.Orders;

/// <summary>What the database said about a batch, read under the batch's locks.</summary>
internal sealed class BatchFacts
{
    public Dictionary<Guid, ProductFacts> Products { get; } = [];
    public Dictionary<Guid, SessionFacts> Sessions { get; } = [];
    public Dictionary<(Guid SessionId, Guid ProductId), SegmentPrices> Prices { get; } = [];
    public Dictionary<(Guid SessionId, Guid ProductId), int> Limits { get; } = [];
    public Dictionary<(Guid SessionId, Guid ProductId, string Phone), int> Bought { get; } = [];
    public Dictionary<(Guid SessionId, string Key), (string Hash, OrderResponse Order)> ExistingKeys { get; } = [];

    /// <summary>Units a client address already bought, per session and product (only read while a cap is in force).</summary>
    public Dictionary<(Guid SessionId, Guid ProductId, string ClientKey), int> BoughtByAddress { get; } = [];

    /// <summary>The per-address cap for this batch (0 = none).</summary>
    public int UnitsPerAddress { get; set; }

    /// <summary>Buyers who refused too many parcels to pay on delivery: their refusals, and whether the product's producer takes transfers.</summary>
    public Dictionary<(string Phone, Guid ProductId), (int Refused, bool TakesTransfers)> Prepay { get; } = [];
}

internal sealed record ProductFacts(int Stock, int MaxPerOrder, Guid ProducerId);

internal sealed record SessionFacts(string Status, int? CurrentPosition);

/// <summary>A product may be on air in several segments: the one on air sets the price, else the first.</summary>
internal sealed class SegmentPrices
{
    private readonly List<(int Position, long PriceVnd)> _segments = [];

    public void Add(int position, long priceVnd) => _segments.Add((position, priceVnd));

    public long PriceVnd(int? currentPosition)
    {
        foreach (var (position, price) in _segments)
        {
            if (position == currentPosition)
            {
                return price;
            }
        }

        return _segments.MinBy(s => s.Position).PriceVnd;
    }
}

/// <summary>One request's fate in its batch: refused with an outcome, or accepted at a price for a producer.</summary>
internal sealed record Decision(OrderOutcome? Refusal, Guid ProducerId = default, long UnitPriceVnd = 0)
{
    /// <summary>Set when the buyer must pay by transfer first: the refused parcels that decided it.</summary>
    public int? PrepayRefused { get; init; }

    public bool Accepted => Refusal is null;

    public static Decision Refuse(OrderOutcome outcome) => new(outcome);

    public static Decision Accept(Guid producerId, long unitPriceVnd) => new(null, producerId, unitPriceVnd);
}

/// <summary>
/// The rules of a batch, pure: each request in arrival order against the batch's facts. Accepted
/// requests take their units from the stock and the buyer's allowance as they go, so a later
/// request in the same batch sees what the earlier ones took; one sold-out request fails alone.
/// </summary>
internal static class OrderBatchDecision
{
    public static Decision[] Decide(IReadOnlyList<(ValidOrder Order, string? Hash)> batch, BatchFacts facts)
    {
        var stock = facts.Products.ToDictionary(p => p.Key, p => p.Value.Stock);
        var bought = new Dictionary<(Guid, Guid, string), int>(facts.Bought);
        var byAddress = new Dictionary<(Guid, Guid, string), int>(facts.BoughtByAddress);
        var decisions = new Decision[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            decisions[i] = DecideOne(batch[i].Order, batch[i].Hash, facts, stock, bought, byAddress);
        }

        return decisions;
    }

    private static Decision DecideOne(ValidOrder o, string? hash, BatchFacts facts, Dictionary<Guid, int> stock,
        Dictionary<(Guid, Guid, string), int> bought, Dictionary<(Guid, Guid, string), int> byAddress)
    {
        if (o.IdempotencyKey is { } key && facts.ExistingKeys.TryGetValue((o.SessionId, key), out var existing))
        {
            return Decision.Refuse(existing.Hash == hash ? new OrderOutcome(OutcomeKind.Replayed, existing.Order) : OrderOutcome.KeyReused);
        }

        if (!facts.Sessions.TryGetValue(o.SessionId, out var session))
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.NotFound, Message: Problems.SessionNotFoundTitle));
        }

        if (!facts.Products.TryGetValue(o.ProductId, out var product))
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.NotFound, Message: "Không tìm thấy sản phẩm (product not found)"));
        }

        if (!SessionStatuses.AcceptsOrders(session.Status))
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.OrderingClosed));
        }

        if (!facts.Prices.TryGetValue((o.SessionId, o.ProductId), out var price))
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.NotFound,
                Message: "Sản phẩm không có trong phiên (product not in this session's line-up)"));
        }

        if (o.Quantity > product.MaxPerOrder)
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.Invalid, Field: "quantity",
                Message: $"Tối đa {product.MaxPerOrder} mỗi đơn (at most {product.MaxPerOrder} per order)."));
        }

        var buyer = (o.SessionId, o.ProductId, o.CustomerPhone);
        var limited = facts.Limits.TryGetValue((o.SessionId, o.ProductId), out var limit);
        var already = limited ? bought.GetValueOrDefault(buyer) : 0;
        if (limited && already + o.Quantity > limit)
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.LimitReached,
                Message: $"Mỗi số điện thoại mua tối đa {limit} (at most {limit} per phone number)."));
        }

        var cap = facts.UnitsPerAddress;
        var address = o.ClientKey is { } clientKey && cap > 0 ? (o.SessionId, o.ProductId, clientKey) : default;
        var fromAddress = address.Item3 is null ? 0 : byAddress.GetValueOrDefault(address);
        if (address.Item3 is not null && fromAddress + o.Quantity > cap)
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.AddressLimitReached,
                Message: $"Mỗi địa chỉ mạng mua tối đa {cap} sản phẩm này trong phiên (at most {cap} units per network address)."));
        }

        (int Refused, bool TakesTransfers)? prepay = facts.Prepay.TryGetValue((o.CustomerPhone, o.ProductId), out var refusals) ? refusals : null;
        if (prepay is { TakesTransfers: false })
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.PrepayRequired, Message: prepay.Value.Refused.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (stock[o.ProductId] < o.Quantity)
        {
            return Decision.Refuse(new OrderOutcome(OutcomeKind.SoldOut));
        }

        stock[o.ProductId] -= o.Quantity;
        if (limited)
        {
            bought[buyer] = already + o.Quantity;
        }

        if (address.Item3 is not null)
        {
            byAddress[address] = fromAddress + o.Quantity;
        }

        return Decision.Accept(product.ProducerId, price.PriceVnd(session.CurrentPosition)) with { PrepayRefused = prepay?.Refused };
    }
}
