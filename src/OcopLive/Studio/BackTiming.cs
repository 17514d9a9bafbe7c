namespace OcopLive.Studio;

/// <summary>A segment of the line-up as back-timing needs it.</summary>
public sealed record TimedSegment(int Position, DateTimeOffset PlannedStart, int Minutes, DateTimeOffset? ActualStart, DateTimeOffset? ActualEnd);

/// <summary>
/// One segment back-timed: when it is expected to start at the pace so far, the latest it may start
/// for the rest of the line-up to end on the target (the hard out, else the slot's end), and the
/// difference (positive: late, over; negative: early, under).
/// </summary>
public sealed record BackTimedRow(int Position, DateTimeOffset ExpectedStart, DateTimeOffset ExpectedEnd, DateTimeOffset LatestStart, TimeSpan OverUnder, bool Done);

/// <summary>
/// The line-up back-timed to its target. <see cref="OverUnder"/> is the expected end minus the
/// target: positive means the show would run past it by that much (the slot is lost unless the
/// director cuts). <see cref="Status"/>: <c>ok</c>, <c>tight</c> (less than <see cref="BackTiming.TightMargin"/>
/// to spare) or <c>over</c>.
/// </summary>
public sealed record BackTime(
    DateTimeOffset Now,
    DateTimeOffset Target,
    bool TargetIsHardOut,
    DateTimeOffset ExpectedEnd,
    TimeSpan OverUnder,
    string Status,
    TimeSpan? SegmentLeft,
    TimeSpan TargetLeft,
    IReadOnlyList<BackTimedRow> Rows);

/// <summary>
/// Back-timing as pure arithmetic over the line-up, a target end and "now" (tests pass a fake
/// clock). Finished segments count as they ran; the segment on air runs at least its planned
/// length (longer if it is already over); the rest follow at their planned lengths, never before
/// their planned starts.
/// </summary>
public static class BackTiming
{
    /// <summary>Less than this to spare before the target is a warning ("tight").</summary>
    public static readonly TimeSpan TightMargin = TimeSpan.FromMinutes(1);

    public static BackTime Compute(IReadOnlyList<TimedSegment> segments, int? currentPosition, DateTimeOffset target, bool targetIsHardOut,
        DateTimeOffset now, bool ended = false)
    {
        var ordered = segments.OrderBy(s => s.Position).ToList();
        var rows = new BackTimedRow[ordered.Count];

        // Latest starts, from the end backwards: the target minus the planned lengths still to come.
        var latest = new DateTimeOffset[ordered.Count];
        var cursor = target;
        for (var i = ordered.Count - 1; i >= 0; i--)
        {
            cursor -= TimeSpan.FromMinutes(ordered[i].Minutes);
            latest[i] = cursor;
        }

        // Expected starts, from the start forwards.
        DateTimeOffset? previousEnd = null;
        TimeSpan? segmentLeft = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var s = ordered[i];
            var planned = TimeSpan.FromMinutes(s.Minutes);
            DateTimeOffset start, end;
            var done = s.ActualEnd is not null;
            if (s.ActualStart is { } actualStart && s.ActualEnd is { } actualEnd)
            {
                (start, end) = (actualStart, actualEnd);
            }
            else if (s.ActualStart is { } onAirSince && s.Position == currentPosition && !ended)
            {
                start = onAirSince;
                end = Max(onAirSince + planned, now);
                segmentLeft = onAirSince + planned - now;
            }
            else if (ended)
            {
                // Never aired: it takes no time.
                start = end = previousEnd ?? s.PlannedStart;
                done = true;
            }
            else
            {
                // Not aired yet: after the previous one, never before its planned start nor before now when the show runs.
                start = Max(previousEnd ?? s.PlannedStart, s.PlannedStart);
                if (currentPosition is not null)
                {
                    start = Max(start, now);
                }

                end = start + planned;
            }

            rows[i] = new BackTimedRow(s.Position, start, end, latest[i], done ? end - start - planned : end - latest[i] - planned, done);
            previousEnd = end;
        }

        var expectedEnd = previousEnd ?? now;
        var overUnder = expectedEnd - target;
        var status = overUnder > TimeSpan.Zero ? "over" : -overUnder < TightMargin ? "tight" : "ok";
        return new BackTime(now, target, targetIsHardOut, expectedEnd, overUnder, status, segmentLeft, target - now, rows);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
