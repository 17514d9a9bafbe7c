namespace OcopLive.Payments;

/// <summary>
/// How one producer's bank lays out its statement export: which column holds what, by header
/// text. Mapped once per producer and bank (its NAPAS <see cref="Bin"/>) and remembered, so the
/// producer's next import needs no mapping. Per producer, not per bank: one producer's mapping
/// never changes another's (another producer's layout of the same bank is only offered as a guess).
/// </summary>
public sealed class StatementLayout
{
    public Guid ProducerId { get; set; }
    public required string Bin { get; set; }
    /// <summary>The header of the column with the credited amount.</summary>
    public required string AmountColumn { get; set; }
    /// <summary>The header of the column with the transfer's description (nội dung).</summary>
    public required string ContentColumn { get; set; }
    /// <summary>The header of the column with the bank's transaction reference; null: a line's own hash stands in.</summary>
    public string? ReferenceColumn { get; set; }
    public string? DateColumn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
