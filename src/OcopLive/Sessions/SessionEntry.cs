using OcopLive.Catalog;

namespace OcopLive.Sessions;

/// <summary>A product registered for a session: the pool the line-up builder picks from.</summary>
public sealed class SessionEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public Guid ProductId { get; set; }
    public Product? Product { get; set; }
    public int? Minutes { get; set; }
    public long? DealPriceVnd { get; set; }
    public int? LimitPerCustomer { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
