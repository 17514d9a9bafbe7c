using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Orders;

namespace OcopLive.Delivery.CodMoney;

/// <summary>What the COD matcher did with one settlement line.</summary>
public enum CodOutcome
{
    /// <summary>The collected money paid the order exactly (or completed what had arrived).</summary>
    Paid,

    /// <summary>More than the order's total arrived.</summary>
    Overpaid,

    /// <summary>Less than the order's total: a short payment.</summary>
    Short,

    /// <summary>The order was already paid (by transfer): the buyer paid twice.</summary>
    AlreadyPaid,

    /// <summary>The order is cancelled: the money is to be returned.</summary>
    OrderCancelled,

    /// <summary>No parcel of this producer with this carrier has the code.</summary>
    UnknownTracking,

    /// <summary>Nothing collected (a returned or prepaid parcel): only the fees are recorded.</summary>
    FeeOnly,
}

/// <summary>
/// One line of a carrier's COD settlement, imported once (<see cref="LineKey"/> is unique): the
/// parcel it names, the cash the carrier collected and the fees it kept. The money itself is also
/// a <c>payment_notifications</c> row (source <c>CodSettlement</c>), so it lands in the same
/// review list as bank transfers and a person resolves it there.
/// </summary>
public sealed class CodSettlement
{
    public long Id { get; set; }
    /// <summary>The contract's carrier name: <c>GHN</c>, <c>GHTK</c>, <c>ViettelPost</c>.</summary>
    public required string Carrier { get; set; }
    public Guid ProducerId { get; set; }
    public required string TrackingCode { get; set; }
    /// <summary>The line's identity (<see cref="CodSheet.LineKey"/>): the same line imported twice is stored once.</summary>
    public required string LineKey { get; set; }
    public Guid? ShipmentId { get; set; }
    public Guid? OrderId { get; set; }
    public long CollectedVnd { get; set; }
    public long FeeVnd { get; set; }
    /// <summary>As the file wrote it (normalised to <c>yyyy-MM-dd HH:mm:ss</c> when it reads as a date).</summary>
    public string? TransferDate { get; set; }
    public CodOutcome Outcome { get; set; }
    public Payments.ReviewState Review { get; set; }
    /// <summary>The money's row in <c>payment_notifications</c> (none when nothing was collected).</summary>
    public long? NotificationId { get; set; }
    public string? FileName { get; set; }
    public int Row { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string ImportedBy { get; set; } = "";
}

internal sealed class CodSettlementConfiguration : IEntityTypeConfiguration<CodSettlement>
{
    public void Configure(EntityTypeBuilder<CodSettlement> b)
    {
        b.ToTable("cod_settlements", t =>
        {
            t.HasCheckConstraint("ck_cod_settlements_collected", "collected_vnd >= 0");
            t.HasCheckConstraint("ck_cod_settlements_fee", "fee_vnd >= 0");
        });
        b.Property(s => s.Carrier).HasMaxLength(20);
        b.Property(s => s.TrackingCode).HasMaxLength(CodSheet.MaxTrackingCodeLength);
        b.Property(s => s.LineKey).HasMaxLength(100);
        b.Property(s => s.TransferDate).HasMaxLength(64);
        b.Property(s => s.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Review).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.FileName).HasMaxLength(200);
        b.Property(s => s.ImportedBy).HasMaxLength(256);
        // Importing the same file twice adds nothing: the first insert wins, the second finds the key taken.
        b.HasIndex(s => s.LineKey).IsUnique();
        // The producer's report: collected and fees per order (hence per session).
        b.HasIndex(s => s.OrderId);
        b.HasIndex(s => new { s.ProducerId, s.Review });
        b.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Catalog.Producer>().WithMany().HasForeignKey(s => s.ProducerId).OnDelete(DeleteBehavior.Restrict);
    }
}
