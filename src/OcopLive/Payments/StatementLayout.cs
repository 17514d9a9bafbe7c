namespace OcopLive.Payments;

/// <summary>
/// How one bank lays out its statement export: which column holds what, by header text. Mapped
/// once per bank (by its NAPAS <see cref="Bin"/>) and remembered, so the next import of that
/// bank's file needs no mapping.
/// </summary>
public sealed class StatementLayout
{
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
