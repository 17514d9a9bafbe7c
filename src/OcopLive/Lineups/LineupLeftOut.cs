namespace OcopLive.Lineups;

/// <summary>A registered product the builder did not put on air, and why.</summary>
public sealed class LineupLeftOut
{
    public Guid SessionId { get; set; }
    public Guid ProductId { get; set; }
    public required string Reason { get; set; }
}
