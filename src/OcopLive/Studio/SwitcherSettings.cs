using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Sessions;

namespace OcopLive.Studio;

public enum SwitcherKind
{
    Obs,
    Vmix,
}

/// <summary>
/// A session's studio switcher: where it is, its password (encrypted with Data Protection, never
/// shown again), which scene each segment cuts to and which text source gets the product name.
/// </summary>
public sealed class SwitcherSettings
{
    public Guid SessionId { get; set; }
    public SwitcherKind Kind { get; set; }
    /// <summary><c>ws://host:4455</c> for OBS (obs-websocket 5), <c>http://host:8088</c> for vMix.</summary>
    public required string Address { get; set; }
    public string? ProtectedPassword { get; set; }
    /// <summary>vMix web controller user (basic authentication); unused for OBS.</summary>
    public string? UserName { get; set; }
    /// <summary>OBS: the text input's name; vMix: the title input.</summary>
    public string? TextSource { get; set; }
    /// <summary>vMix only: the title's field (<c>SelectedName</c>), e.g. <c>Headline.Text</c>.</summary>
    public string? TextField { get; set; }
    /// <summary>The scene for a segment without its own.</summary>
    public string? DefaultScene { get; set; }
    /// <summary>The scene to cut to at the end of the show.</summary>
    public string? EndScene { get; set; }
    /// <summary>Segment position → scene.</summary>
    public Dictionary<int, string> Scenes { get; set; } = [];
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class SwitcherSettingsConfiguration : IEntityTypeConfiguration<SwitcherSettings>
{
    public void Configure(EntityTypeBuilder<SwitcherSettings> b)
    {
        b.ToTable("switchers");
        b.HasKey(s => s.SessionId);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.Address).HasMaxLength(300);
        b.Property(s => s.UserName).HasMaxLength(100);
        b.Property(s => s.TextSource).HasMaxLength(200);
        b.Property(s => s.TextField).HasMaxLength(200);
        b.Property(s => s.DefaultScene).HasMaxLength(200);
        b.Property(s => s.EndScene).HasMaxLength(200);
        // Kept as JSON text: a handful of positions, read and written whole.
        b.Property(s => s.Scenes).HasConversion(
            v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
            v => JsonSerializer.Deserialize<Dictionary<int, string>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<int, string>(),
            new ValueComparer<Dictionary<int, string>>(
                (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                v => new Dictionary<int, string>(v)));
        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
