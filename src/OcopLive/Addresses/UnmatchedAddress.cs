using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OcopLive.Addresses;

/// <summary>
/// A row written before addresses had codes whose province or commune could not be matched to the
/// two-level map by name: kept for a person to resolve (<c>GET /api/addresses/unmatched</c>), never guessed.
/// </summary>
public sealed class UnmatchedAddress
{
    public const string Orders = "orders";
    public const string Producers = "producers";

    public long Id { get; set; }

    /// <summary>The table the row is in: <see cref="Orders"/> or <see cref="Producers"/>.</summary>
    public required string Source { get; set; }
    public Guid RowId { get; set; }
    /// <summary>The province and commune as the row had them.</summary>
    public required string Province { get; set; }
    public required string Commune { get; set; }
    /// <summary>Why it did not match, in words.</summary>
    public required string Reason { get; set; }
    public DateTimeOffset NotedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public string? CommuneCode { get; set; }
}

internal sealed class UnmatchedAddressConfiguration : IEntityTypeConfiguration<UnmatchedAddress>
{
    public void Configure(EntityTypeBuilder<UnmatchedAddress> b)
    {
        b.ToTable("unmatched_addresses");
        b.Property(u => u.Source).HasMaxLength(20);
        b.Property(u => u.Province).HasMaxLength(100);
        b.Property(u => u.Commune).HasMaxLength(100);
        b.Property(u => u.Reason).HasMaxLength(300);
        b.Property(u => u.ResolvedBy).HasMaxLength(256);
        b.Property(u => u.CommuneCode).HasMaxLength(5);
        b.HasIndex(u => new { u.Source, u.RowId }).IsUnique();
    }
}
