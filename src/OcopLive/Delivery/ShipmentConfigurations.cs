using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Catalog;
using OcopLive.Orders;

namespace OcopLive.Delivery;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.ToTable("shipments", t =>
        {
            t.HasCheckConstraint("ck_shipments_cod", "cod_vnd >= 0");
            t.HasCheckConstraint("ck_shipments_weight", "weight_grams > 0");
        });
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Carrier).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ClientOrderCode).HasMaxLength(32);
        b.Property(s => s.TrackingCode).HasMaxLength(Shipment.MaxTrackingCodeLength);
        b.Property(s => s.CarrierStatus).HasMaxLength(40);
        b.Property(s => s.LabelUrl).HasMaxLength(1_000);
        b.Property(s => s.LastError).HasMaxLength(500);
        b.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Producer>().WithMany().HasForeignKey(s => s.ProducerId).OnDelete(DeleteBehavior.Restrict);
        // One parcel per order: the reservation that makes a retry or a double click harmless.
        b.HasIndex(s => s.OrderId).IsUnique();
        // A callback finds its parcel by the carrier's code.
        b.HasIndex(s => new { s.Carrier, s.TrackingCode }).IsUnique().HasFilter("tracking_code IS NOT NULL");
        // The producer portal and the bulk job: a producer's parcels of a session.
        b.HasIndex(s => new { s.ProducerId, s.SessionId });
        // The stale-parcel job: open parcels by last news.
        b.HasIndex(s => s.CheckedAt);
    }
}

internal sealed class ShipmentEventConfiguration : IEntityTypeConfiguration<ShipmentEvent>
{
    public void Configure(EntityTypeBuilder<ShipmentEvent> b)
    {
        b.ToTable("shipment_events");
        b.Property(e => e.Carrier).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.TrackingCode).HasMaxLength(Shipment.MaxTrackingCodeLength);
        b.Property(e => e.DedupeKey).HasMaxLength(200);
        b.Property(e => e.CarrierStatus).HasMaxLength(40);
        b.Property(e => e.Payload).HasMaxLength(16_000);
        b.HasOne<Shipment>().WithMany().HasForeignKey(e => e.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        // A resent callback is stored (and applied) once.
        b.HasIndex(e => new { e.Carrier, e.DedupeKey }).IsUnique();
        b.HasIndex(e => e.ShipmentId);
        // The review list: reports for codes we do not know.
        b.HasIndex(e => e.Outcome).HasFilter("outcome = 'Unknown'");
    }
}

internal sealed class CarrierAccountConfiguration : IEntityTypeConfiguration<CarrierAccount>
{
    public void Configure(EntityTypeBuilder<CarrierAccount> b)
    {
        b.ToTable("carrier_accounts");
        b.HasKey(a => new { a.ProducerId, a.Carrier });
        b.Property(a => a.Carrier).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.ProtectedToken).HasMaxLength(4_000);
        b.Property(a => a.ShopId).HasMaxLength(64);
        b.Property(a => a.PickupProvinceCode).HasMaxLength(8);
        b.Property(a => a.PickupCommuneCode).HasMaxLength(8);
        b.Property(a => a.PickupStreet).HasMaxLength(200);
        b.Property(a => a.PickupPhone).HasMaxLength(16);
        b.HasOne<Producer>().WithMany().HasForeignKey(a => a.ProducerId).OnDelete(DeleteBehavior.Cascade);
    }
}
