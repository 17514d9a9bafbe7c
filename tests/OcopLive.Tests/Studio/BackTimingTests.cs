using OcopLive.Studio;

namespace OcopLive.Tests.Studio;

/// <summary>Back-timing to a hard out as arithmetic, with a clock the test moves.</summary>
public class BackTimingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 13, 0, 0, TimeSpan.Zero); // 20:00 in Vietnam

    private sealed class FakeClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    /// <summary>Three segments of 10, 5 and 5 minutes planned back to back from the start.</summary>
    private static List<TimedSegment> Plan(DateTimeOffset? firstStart = null, DateTimeOffset? firstEnd = null, DateTimeOffset? secondStart = null) =>
    [
        new(1, Start, 10, firstStart, firstEnd),
        new(2, Start.AddMinutes(10), 5, secondStart, null),
        new(3, Start.AddMinutes(15), 5, null, null),
    ];

    [Fact]
    public void A_plan_that_fits_the_hard_out_is_under_by_the_spare_minutes_and_latest_starts_count_back_from_it()
    {
        var hardOut = Start.AddMinutes(25);
        var bt = BackTiming.Compute(Plan(), currentPosition: null, hardOut, targetIsHardOut: true, now: Start.AddMinutes(-30));

        Assert.Equal(Start.AddMinutes(20), bt.ExpectedEnd);
        Assert.Equal(TimeSpan.FromMinutes(-5), bt.OverUnder);
        Assert.Equal("ok", bt.Status);
        Assert.Equal([Start.AddMinutes(5), Start.AddMinutes(15), Start.AddMinutes(20)], bt.Rows.Select(r => r.LatestStart));
        Assert.All(bt.Rows, r => Assert.Equal(TimeSpan.FromMinutes(-5), r.OverUnder));
    }

    [Fact]
    public void A_plan_longer_than_the_hard_out_is_over_from_the_start()
    {
        var bt = BackTiming.Compute(Plan(), null, Start.AddMinutes(18), true, Start.AddMinutes(-30));

        Assert.Equal(TimeSpan.FromMinutes(2), bt.OverUnder);
        Assert.Equal("over", bt.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), bt.Rows[0].OverUnder);
    }

    [Fact]
    public void A_segment_running_over_its_length_pushes_the_rest_and_turns_the_total_over_as_the_clock_moves()
    {
        var clock = new FakeClock(Start.AddMinutes(8));
        var hardOut = Start.AddMinutes(22);
        var plan = Plan(firstStart: Start);

        var early = BackTiming.Compute(plan, 1, hardOut, true, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(2), early.SegmentLeft);
        Assert.Equal(TimeSpan.FromMinutes(-2), early.OverUnder);
        Assert.Equal("ok", early.Status);

        clock.Advance(TimeSpan.FromMinutes(3)); // 11 minutes into a 10-minute segment
        var late = BackTiming.Compute(plan, 1, hardOut, true, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(-1), late.SegmentLeft);
        Assert.Equal(Start.AddMinutes(21), late.ExpectedEnd);
        Assert.Equal(TimeSpan.FromMinutes(-1), late.OverUnder);
        Assert.Equal("ok", late.Status);
        Assert.Equal(Start.AddMinutes(11), late.Rows[1].ExpectedStart);

        clock.Advance(TimeSpan.FromSeconds(30)); // less than a minute to spare: a warning
        Assert.Equal("tight", BackTiming.Compute(plan, 1, hardOut, true, clock.GetUtcNow()).Status);

        clock.Advance(TimeSpan.FromMinutes(2)); // the slot is lost unless the director cuts
        var lost = BackTiming.Compute(plan, 1, hardOut, true, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(90), lost.OverUnder);
        Assert.Equal("over", lost.Status);
        Assert.Equal(TimeSpan.FromSeconds(90), lost.Rows[2].OverUnder);
    }

    [Fact]
    public void Finished_segments_count_as_they_ran_and_their_over_under_is_against_their_planned_length()
    {
        var clock = new FakeClock(Start.AddMinutes(13));
        var plan = Plan(firstStart: Start, firstEnd: Start.AddMinutes(12), secondStart: Start.AddMinutes(12));

        var bt = BackTiming.Compute(plan, 2, Start.AddMinutes(25), true, clock.GetUtcNow());

        Assert.True(bt.Rows[0].Done);
        Assert.Equal(TimeSpan.FromMinutes(2), bt.Rows[0].OverUnder);
        Assert.Equal(TimeSpan.FromMinutes(4), bt.SegmentLeft);
        Assert.Equal(Start.AddMinutes(22), bt.ExpectedEnd);
        Assert.Equal(TimeSpan.FromMinutes(-3), bt.OverUnder);
        Assert.Equal(TimeSpan.FromMinutes(12), bt.TargetLeft);
    }

    [Fact]
    public void After_the_end_the_segments_never_aired_take_no_time()
    {
        var plan = Plan(firstStart: Start, firstEnd: Start.AddMinutes(9));

        var bt = BackTiming.Compute(plan, null, Start.AddMinutes(20), true, Start.AddMinutes(30), ended: true);

        Assert.Equal(Start.AddMinutes(9), bt.ExpectedEnd);
        Assert.Equal(TimeSpan.FromMinutes(-11), bt.OverUnder);
        Assert.All(bt.Rows, r => Assert.True(r.Done));
    }

    [Fact]
    public void A_late_start_moves_every_segment_that_has_not_aired_to_now()
    {
        // Nothing on air yet, but the show runs (a late go-live is planned from now).
        var bt = BackTiming.Compute(Plan(), currentPosition: null, Start.AddMinutes(25), true, now: Start.AddMinutes(7));

        Assert.Equal(Start, bt.Rows[0].ExpectedStart); // not live: the plan stands
        var live = BackTiming.Compute(Plan(firstStart: Start.AddMinutes(7)), 1, Start.AddMinutes(25), true, Start.AddMinutes(7));
        Assert.Equal(Start.AddMinutes(27), live.ExpectedEnd);
        Assert.Equal(TimeSpan.FromMinutes(2), live.OverUnder);
    }
}
