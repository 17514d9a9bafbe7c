using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OcopLive.Auth;
using OcopLive.Catalog;
using OcopLive.Lineups;
using OcopLive.Live;
using OcopLive.Orders;
using OcopLive.Payments;
using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.Data;

/// <summary>
/// The one database of OcopLive: catalogue, sessions, line-ups, orders, live totals, users and the
/// Data Protection keys. Add a migration with
/// <c>dotnet ef migrations add Name --project src/OcopLive --output-dir Data/Migrations</c>.
/// </summary>
public sealed class OcopDbContext(DbContextOptions<OcopDbContext> options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Producer> Producers => Set<Producer>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<SessionEntry> SessionEntries => Set<SessionEntry>();
    public DbSet<Segment> Segments => Set<Segment>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OcopLive.Comments.Comment> Comments => Set<OcopLive.Comments.Comment>();
    public DbSet<OcopLive.Comments.CommentSource> CommentSources => Set<OcopLive.Comments.CommentSource>();
    public DbSet<ProductSales> ProductSales => Set<ProductSales>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<LineupLeftOut> LineupLeftOuts => Set<LineupLeftOut>();
    public DbSet<Programme> Programmes => Set<Programme>();
    public DbSet<SessionJob> SessionJobs => Set<SessionJob>();
    public DbSet<SessionEvent> SessionEvents => Set<SessionEvent>();
    public DbSet<ProducerReportLine> ProducerReportLines => Set<ProducerReportLine>();
    public DbSet<PaymentNotification> PaymentNotifications => Set<PaymentNotification>();
    public DbSet<StatementLayout> StatementLayouts => Set<StatementLayout>();
    public DbSet<OcopLive.Payments.Statements.StatementImport> StatementImports => Set<OcopLive.Payments.Statements.StatementImport>();
    public DbSet<UsedChallenge> UsedChallenges => Set<UsedChallenge>();
    public DbSet<AppSecret> AppSecrets => Set<AppSecret>();
    public DbSet<AccessAudit> AccessAudits => Set<AccessAudit>();
    public DbSet<OcopLive.Addresses.UnmatchedAddress> UnmatchedAddresses => Set<OcopLive.Addresses.UnmatchedAddress>();
    public DbSet<OcopLive.Delivery.Shipment> Shipments => Set<OcopLive.Delivery.Shipment>();
    public DbSet<OcopLive.Delivery.ShipmentEvent> ShipmentEvents => Set<OcopLive.Delivery.ShipmentEvent>();
    public DbSet<OcopLive.Delivery.CarrierAccount> CarrierAccounts => Set<OcopLive.Delivery.CarrierAccount>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasSequence<long>(OrderConfiguration.NumberSequence).StartsAt(100001);
        builder.ApplyConfigurationsFromAssembly(typeof(OcopDbContext).Assembly);

        // Identity's tables in the same snake_case style as ours.
        builder.Entity<AppUser>().ToTable("users");
        builder.Entity<IdentityRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in psql and stable when members are reordered.
        configurationBuilder.Properties<ProducerKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ProductCategory>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<SessionStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<LineupState>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OrderChannel>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OrderStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OcopLive.Comments.CommentPlatform>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OcopLive.Comments.CommentState>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<OcopLive.Comments.CommentKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<SessionJobKind>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<DayOfWeek>().HaveConversion<string>().HaveMaxLength(10);
        configurationBuilder.Properties<PaymentStatus>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<PaymentMethod>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<NotificationSource>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<NotificationOutcome>().HaveConversion<string>().HaveMaxLength(20);
        configurationBuilder.Properties<ReviewState>().HaveConversion<string>().HaveMaxLength(20);
    }
}
