using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OcopLive.Payments.Statements;

/// <summary>Where an import is: queued for the job, running, done, or failed (the job gave up).</summary>
public enum StatementImportState
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>
/// One uploaded statement being (or having been) imported: who, which account, how far, and the
/// answer so far (<see cref="Result"/>, the JSON of <see cref="StatementImportResult"/>, rewritten in
/// each batch's own transaction). A large file's credit lines wait in <see cref="Pending"/> for the
/// Hangfire job (cleared when it is done), so the job takes only the import's id.
/// </summary>
public sealed class StatementImport
{
    public Guid Id { get; set; }
    public Guid ProducerId { get; set; }
    public required string Bin { get; set; }
    public required string Account { get; set; }
    public string? FileName { get; set; }
    public string? UploadedBy { get; set; }
    public StatementImportState State { get; set; }
    public int Lines { get; set; }
    public int Credits { get; set; }
    /// <summary>Credit lines applied so far (committed).</summary>
    public int Processed { get; set; }
    public required string Result { get; set; }
    public byte[]? Pending { get; set; }
    public string? JobId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class StatementImportConfiguration : IEntityTypeConfiguration<StatementImport>
{
    public void Configure(EntityTypeBuilder<StatementImport> b)
    {
        b.ToTable("statement_imports");
        b.Property(i => i.Bin).HasMaxLength(BankRules.BinLength);
        b.Property(i => i.Account).HasMaxLength(PaymentRules.MaxAccountLength);
        b.Property(i => i.FileName).HasMaxLength(200);
        b.Property(i => i.UploadedBy).HasMaxLength(256);
        b.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.JobId).HasMaxLength(64);
        b.HasOne<Catalog.Producer>().WithMany().HasForeignKey(i => i.ProducerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.ProducerId, i.CreatedAt });
    }
}
