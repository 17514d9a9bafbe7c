using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OcopLive.Delivery.Reliability;

/// <summary>
/// How a buyer's parcels ended, per phone (<c>+84…</c>), over every producer and session: only
/// counts, never which producer or what was bought. Kept by a trigger on <c>shipments</c>
/// (<see cref="ReliabilitySql"/>) as parcels reach their ends, so the order path reads one row
/// by primary key for a buyer instead of counting parcels.
/// </summary>
public sealed class BuyerReliability
{
    public required string Phone { get; set; }
    public int Delivered { get; set; }
    public int Returned { get; set; }
    /// <summary>Parcels that went back after the carrier tried to hand them over (<see cref="ReliabilityRules"/>).</summary>
    public int Refused { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BuyerReliabilityConfiguration : IEntityTypeConfiguration<BuyerReliability>
{
    public void Configure(EntityTypeBuilder<BuyerReliability> b)
    {
        b.ToTable("buyer_reliability", t =>
            t.HasCheckConstraint("ck_buyer_reliability_counts", "delivered >= 0 AND returned >= 0 AND refused >= 0"));
        b.HasKey(r => r.Phone);
        b.Property(r => r.Phone).HasMaxLength(16);
    }
}
