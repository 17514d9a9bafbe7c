namespace OcopLive.Live;

/// <summary>
/// Running totals of committed, not-cancelled orders per session and product, updated in the
/// same transaction as the orders so the live figures never need a recount.
/// </summary>
public sealed class ProductSales
{
    public Guid SessionId { get; set; }
    public Guid ProductId { get; set; }
    public Guid ProducerId { get; set; }
    public int Orders { get; set; }
    public int Units { get; set; }
    public long RevenueVnd { get; set; }
}
