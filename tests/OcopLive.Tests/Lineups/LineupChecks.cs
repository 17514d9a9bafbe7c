using OcopLive.Lineups;

namespace OcopLive.Tests.Lineups;

/// <summary>
/// The builder's hard rules as an independent checker, for the tests and the line-up bench (which
/// compiles this file in): returns what is wrong with
/// a plan for an input (empty when every rule holds).
/// </summary>
public static class LineupChecks
{
    public static List<string> Violations(LineupInput input, LineupPlan plan)
    {
        var problems = new List<string>();
        var byId = input.Candidates.ToDictionary(c => c.ProductId);
        var slotStart = input.StartsAt.AddMinutes(LineupBuilder.OpeningGapMinutes);
        var slotEnd = input.StartsAt.AddMinutes(input.DurationMinutes - LineupBuilder.ClosingGapMinutes);
        var expected = slotStart;
        for (var i = 0; i < plan.Segments.Count; i++)
        {
            var s = plan.Segments[i];
            if (s.Position != i + 1)
            {
                problems.Add($"segment {i}: position {s.Position}");
            }

            if (s.PlannedStart < expected)
            {
                problems.Add($"segment {s.Position}: overlaps the previous one or the opening gap");
            }

            expected = s.PlannedStart.AddMinutes(s.Minutes);
            if (expected > slotEnd)
            {
                problems.Add($"segment {s.Position}: ends after the slot minus the closing gap");
            }

            if (!byId.TryGetValue(s.ProductId, out var c))
            {
                problems.Add($"segment {s.Position}: product is not an entry");
                continue;
            }

            if (c.Stock <= 0)
            {
                problems.Add($"segment {s.Position}: product has no stock");
            }

            if (c.CertificateExpiresOn is { } expires && expires < input.SessionDate)
            {
                problems.Add($"segment {s.Position}: OCOP certificate expired");
            }

            if (s.Minutes < SegmentLength.Min || s.Minutes > c.MaxMinutes)
            {
                problems.Add($"segment {s.Position}: {s.Minutes} minutes outside 2..{c.MaxMinutes}");
            }

            if (s.ProducerId != c.ProducerId)
            {
                problems.Add($"segment {s.Position}: wrong producer");
            }

            if (i > 0 && plan.Segments[i - 1].ProducerId == s.ProducerId)
            {
                problems.Add($"segment {s.Position}: same producer as the previous segment");
            }

            if (s.PriceVnd != c.PriceOnAirVnd)
            {
                problems.Add($"segment {s.Position}: price is not the deal price");
            }
        }

        var placed = plan.Segments.Select(s => s.ProductId).Concat(plan.LeftOut.Select(l => l.ProductId)).ToList();
        if (placed.Count != placed.Distinct().Count() || placed.Count != input.Candidates.Count)
        {
            problems.Add("every entry must be either on air once or left out with a reason");
        }

        return problems;
    }
}
