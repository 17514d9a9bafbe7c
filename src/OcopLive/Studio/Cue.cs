using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Sessions;

namespace OcopLive.Studio;

/// <summary>A talkback message from the control room to the host's screen, and its acknowledgement.</summary>
public sealed class Cue
{
    public const int MaxTextLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SessionId { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
    public required string SentBy { get; set; }
    public DateTimeOffset? AckedAt { get; set; }
    public string? AckedBy { get; set; }
}

/// <summary>The cue as the API and the hub's <c>cue</c>/<c>cueAcked</c> events show it.</summary>
public sealed record CueView(Guid Id, Guid SessionId, string Text, DateTimeOffset At, DateTimeOffset? AckedAt, string? AckedBy)
{
    public static CueView From(Cue c) => new(c.Id, c.SessionId, c.Text, c.At, c.AckedAt, c.AckedBy);
}

public sealed record CueRequest(string? Text);

internal sealed class CueConfiguration : IEntityTypeConfiguration<Cue>
{
    public void Configure(EntityTypeBuilder<Cue> b)
    {
        b.ToTable("cues");
        b.Property(c => c.Text).HasMaxLength(Cue.MaxTextLength);
        b.Property(c => c.SentBy).HasMaxLength(256);
        b.Property(c => c.AckedBy).HasMaxLength(256);
        b.HasOne<Session>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.SessionId, c.At });
    }
}
