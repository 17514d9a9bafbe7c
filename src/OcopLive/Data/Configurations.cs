using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Payments;
using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.Data;

internal sealed class ProducerConfiguration : IEntityTypeConfiguration<Producer>
{
    public void Configure(EntityTypeBuilder<Producer> b)
    {
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Province).HasMaxLength(100);
        b.Property(p => p.Commune).HasMaxLength(100);
        b.Property(p => p.ProvinceCode).HasMaxLength(2);
        b.Property(p => p.CommuneCode).HasMaxLength(5);
        b.Property(p => p.Phone).HasMaxLength(16);
        b.Property(p => p.BankBin).HasMaxLength(BankRules.BinLength).IsFixedLength();
        b.Property(p => p.BankAccountNumber).HasMaxLength(BankRules.MaxAccountNumberLength);
        b.Property(p => p.BankAccountName).HasMaxLength(BankRules.MaxAccountNameLength);
        b.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_products_ocop_stars", $"ocop_stars BETWEEN {Product.MinStars} AND {Product.MaxStars}");
            t.HasCheckConstraint("ck_products_stock", "stock >= 0");
            t.HasCheckConstraint("ck_products_price_vnd", "price_vnd >= 0");
            t.HasCheckConstraint("ck_products_max_per_order", "max_per_order >= 1");
        });
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Unit).HasMaxLength(50);
        b.Property(p => p.CertificateNo).HasMaxLength(100);
        b.Property(p => p.TraceabilityUrl).HasMaxLength(500);
        b.Property(p => p.Story).HasMaxLength(CatalogRules.MaxStoryLength);
        b.Property(p => p.Usage).HasMaxLength(CatalogRules.MaxUsageLength);
        b.HasOne(p => p.Producer).WithMany(p => p.Products).HasForeignKey(p => p.ProducerId)
            .OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(p => new { p.ProducerId, p.Name }).IsUnique();
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_sessions_duration", "duration_minutes > 0");
            t.HasCheckConstraint("ck_sessions_grace", "order_grace_minutes >= 0");
        });
        b.Property(s => s.Title).HasMaxLength(200);
        b.Property(s => s.Channel).HasMaxLength(100);
        b.Ignore(s => s.AcceptsOrders);
        b.HasMany(s => s.Entries).WithOne().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.StartsAt);
        // A programme creates at most one session per start time, however often its job runs.
        b.HasOne<Programme>().WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(s => new { s.ProgrammeId, s.StartsAt }).IsUnique().HasFilter("programme_id IS NOT NULL");
    }
}

internal sealed class SessionEntryConfiguration : IEntityTypeConfiguration<SessionEntry>
{
    public void Configure(EntityTypeBuilder<SessionEntry> b)
    {
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_session_entries_minutes", "minutes IS NULL OR minutes >= 2");
            t.HasCheckConstraint("ck_session_entries_deal_price", "deal_price_vnd IS NULL OR deal_price_vnd >= 0");
            t.HasCheckConstraint("ck_session_entries_limit", "limit_per_customer IS NULL OR limit_per_customer >= 1");
        });
        b.HasOne(e => e.Product).WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.SessionId, e.ProductId }).IsUnique();
    }
}

internal sealed class SegmentConfiguration : IEntityTypeConfiguration<Segment>
{
    public void Configure(EntityTypeBuilder<Segment> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_segments_minutes", "minutes >= 2"));
        b.Property(s => s.Reason).HasMaxLength(1000);
        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.SessionId, s.Position }).IsUnique();
    }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public const string NumberSequence = "order_numbers";

    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_orders_quantity", "quantity >= 1");
            t.HasCheckConstraint("ck_orders_total", "total_vnd = unit_price_vnd * quantity");
        });
        b.Property(o => o.Id).ValueGeneratedNever();
        b.Property(o => o.Number).HasDefaultValueSql($"nextval('{NumberSequence}')");
        b.Property(o => o.CustomerName).HasMaxLength(OrderRules.MaxNameLength);
        b.Property(o => o.CustomerPhone).HasMaxLength(16);
        b.Property(o => o.Province).HasMaxLength(100);
        b.Property(o => o.Commune).HasMaxLength(OrderRules.MaxCommuneLength);
        b.Property(o => o.ProvinceCode).HasMaxLength(2);
        b.Property(o => o.CommuneCode).HasMaxLength(5);
        b.Property(o => o.Street).HasMaxLength(OrderRules.MaxStreetLength);
        b.Property(o => o.IdempotencyKey).HasMaxLength(64);
        b.Property(o => o.RequestHash).HasMaxLength(64);
        b.Property(o => o.OperatorUserName).HasMaxLength(256);
        b.Property(o => o.PaymentMethod).HasDefaultValue(PaymentMethod.CashOnDelivery).HasSentinel((PaymentMethod)(-1));
        b.Property(o => o.PaymentStatus).HasDefaultValue(PaymentStatus.Unpaid).HasSentinel((PaymentStatus)(-1));
        b.Property(o => o.PaidVnd).HasDefaultValue(0L).HasSentinel(-1L);
        b.Property(o => o.PayBin).HasMaxLength(BankRules.BinLength).IsFixedLength();
        b.Property(o => o.PayAccount).HasMaxLength(BankRules.MaxAccountNumberLength);
        b.ToTable(t => t.HasCheckConstraint("ck_orders_paid_vnd", "paid_vnd >= 0"));
        b.HasOne<Session>().WithMany().HasForeignKey(o => o.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(o => o.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Producer>().WithMany().HasForeignKey(o => o.ProducerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => o.Number).IsUnique();
        // A retried request never makes a second order: the key is unique per session.
        b.HasIndex(o => new { o.SessionId, o.IdempotencyKey }).IsUnique()
            .HasFilter("idempotency_key IS NOT NULL");
        // Per-customer limits and the hotline's returning-caller lookup.
        b.HasIndex(o => new { o.SessionId, o.CustomerPhone, o.ProductId });
        // Producer reports: a producer's orders in a session, newest first.
        b.HasIndex(o => new { o.ProducerId, o.SessionId, o.CreatedAt });
        b.HasIndex(o => new { o.SessionId, o.ProductId });
        b.Property(o => o.ClientKey).HasMaxLength(32);
        // The per-address cap's probe and the bulk cancel's "same address" pattern.
        b.HasIndex(o => new { o.SessionId, o.ClientKey, o.ProductId }).HasFilter("client_key IS NOT NULL");
    }
}

internal sealed class UsedChallengeConfiguration : IEntityTypeConfiguration<UsedChallenge>
{
    public void Configure(EntityTypeBuilder<UsedChallenge> b)
    {
        b.ToTable("used_challenges");
        b.HasKey(u => u.Challenge);
        b.Property(u => u.Challenge).HasMaxLength(64);
        b.Property(u => u.Binding).HasMaxLength(200);
        b.HasIndex(u => u.ExpiresAt);
    }
}

internal sealed class AppSecretConfiguration : IEntityTypeConfiguration<AppSecret>
{
    public void Configure(EntityTypeBuilder<AppSecret> b)
    {
        b.ToTable("app_secrets");
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(64);
    }
}

internal sealed class ProductSalesConfiguration : IEntityTypeConfiguration<ProductSales>
{
    public void Configure(EntityTypeBuilder<ProductSales> b)
    {
        b.ToTable("product_sales", t =>
        {
            t.HasCheckConstraint("ck_product_sales_orders", "orders >= 0");
            t.HasCheckConstraint("ck_product_sales_units", "units >= 0");
        });
        b.HasKey(s => new { s.SessionId, s.ProductId });
        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(s => s.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.ProducerId, s.SessionId });
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.HasOne<Producer>().WithMany().HasForeignKey(u => u.ProducerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LineupLeftOutConfiguration : IEntityTypeConfiguration<LineupLeftOut>
{
    public void Configure(EntityTypeBuilder<LineupLeftOut> b)
    {
        b.ToTable("lineup_left_out");
        b.HasKey(l => new { l.SessionId, l.ProductId });
        b.Property(l => l.Reason).HasMaxLength(1000);
        b.HasOne<Session>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(l => l.ProductId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> b)
    {
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_programmes_duration", "duration_minutes > 0");
            t.HasCheckConstraint("ck_programmes_grace", "order_grace_minutes >= 0");
            t.HasCheckConstraint("ck_programmes_weeks_ahead", "weeks_ahead BETWEEN 1 AND 12");
        });
        b.Property(p => p.Title).HasMaxLength(200);
        b.Property(p => p.Channel).HasMaxLength(100);
    }
}

internal sealed class SessionJobConfiguration : IEntityTypeConfiguration<SessionJob>
{
    public void Configure(EntityTypeBuilder<SessionJob> b)
    {
        b.HasKey(j => new { j.SessionId, j.Kind });
        b.Property(j => j.JobId).HasMaxLength(100);
        b.HasOne<Session>().WithMany().HasForeignKey(j => j.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionEventConfiguration : IEntityTypeConfiguration<SessionEvent>
{
    public void Configure(EntityTypeBuilder<SessionEvent> b)
    {
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Message).HasMaxLength(1000);
        b.HasOne<Session>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.SessionId, e.At });
    }
}

internal sealed class ProducerReportLineConfiguration : IEntityTypeConfiguration<ProducerReportLine>
{
    public void Configure(EntityTypeBuilder<ProducerReportLine> b)
    {
        b.HasKey(l => new { l.SessionId, l.ProducerId, l.ProductId });
        b.Property(l => l.ProductName).HasMaxLength(200);
        b.HasOne<Session>().WithMany().HasForeignKey(l => l.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Producer>().WithMany().HasForeignKey(l => l.ProducerId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(l => new { l.ProducerId, l.SessionId });
    }
}

internal sealed class PaymentNotificationConfiguration : IEntityTypeConfiguration<PaymentNotification>
{
    public void Configure(EntityTypeBuilder<PaymentNotification> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_payment_notifications_amount", "amount_vnd >= 0"));
        b.Property(n => n.ExternalId).HasMaxLength(PaymentRules.MaxExternalIdLength);
        b.Property(n => n.AccountNumber).HasMaxLength(PaymentRules.MaxAccountLength);
        b.Property(n => n.Content).HasMaxLength(PaymentRules.MaxContentLength);
        b.Property(n => n.TransactionDate).HasMaxLength(64);
        b.Property(n => n.ResolvedBy).HasMaxLength(256);
        b.Property(n => n.ResolutionNote).HasMaxLength(500);
        // The same notification twice (a retry, or two deliveries racing) is stored once: the
        // unique index decides, so nothing is ever counted twice.
        b.HasIndex(n => new { n.Source, n.ExternalId }).IsUnique();
        b.HasIndex(n => new { n.Review, n.ReceivedAt });
        b.HasIndex(n => n.OrderId);
        b.Property(n => n.Bin).HasMaxLength(BankRules.BinLength);
        b.Property(n => n.MatchKey).HasMaxLength(32);
        b.Property(n => n.ReferenceKey).HasMaxLength(32);
        // A notification and a statement line of one transfer find each other by these (TransferIdentity).
        b.HasIndex(n => n.MatchKey).HasFilter("match_key IS NOT NULL AND twin_id IS NULL");
        b.HasIndex(n => n.ReferenceKey).HasFilter("reference_key IS NOT NULL AND twin_id IS NULL");
        b.HasOne<Order>().WithMany().HasForeignKey(n => n.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StatementLayoutConfiguration : IEntityTypeConfiguration<StatementLayout>
{
    public void Configure(EntityTypeBuilder<StatementLayout> b)
    {
        // Per producer: one producer's mapping never changes another's imports.
        b.HasKey(l => new { l.ProducerId, l.Bin });
        b.HasOne<Producer>().WithMany().HasForeignKey(l => l.ProducerId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.Bin).HasMaxLength(BankRules.BinLength).IsFixedLength();
        b.Property(l => l.AmountColumn).HasMaxLength(100);
        b.Property(l => l.ContentColumn).HasMaxLength(100);
        b.Property(l => l.ReferenceColumn).HasMaxLength(100);
        b.Property(l => l.DateColumn).HasMaxLength(100);
    }
}
