using OcopLive.Common;

namespace OcopLive.Lineups;

/// <summary>The line-up's refusals with one home each.</summary>
public static class LineupRules
{
    /// <summary>Locked, or the session is no longer a draft: the running order cannot change.</summary>
    public static Refusal Locked { get; } = Refusal.Conflict("lineup-locked", "Kịch bản đã chốt, không sửa được (the line-up is locked)");
}
