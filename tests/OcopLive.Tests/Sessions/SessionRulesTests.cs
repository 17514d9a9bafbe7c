using OcopLive.Scheduler;
using OcopLive.Sessions;

namespace OcopLive.Tests.Sessions;

public class SessionRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 13, 0, 0, TimeSpan.Zero); // 20:00 in Vietnam

    private static Session Planned() => new()
    {
        Title = "Phiên chợ OCOP Hà Tĩnh",
        StartsAt = Start,
        DurationMinutes = 90,
        OrderGraceMinutes = 30,
    };

    [Fact]
    public void Ordering_closes_grace_minutes_after_the_planned_end_when_the_show_was_not_ended_by_hand() =>
        Assert.Equal(Start.AddMinutes(120), SessionClock.CloseAt(Planned()));

    [Fact]
    public void A_late_start_moves_the_close_and_an_early_one_does_not()
    {
        var late = Planned();
        late.WentLiveAt = Start.AddMinutes(10);
        var early = Planned();
        early.WentLiveAt = Start.AddMinutes(-5);

        Assert.Equal(Start.AddMinutes(130), SessionClock.CloseAt(late));
        Assert.Equal(Start.AddMinutes(120), SessionClock.CloseAt(early));
    }

    [Fact]
    public void Ending_by_hand_closes_grace_minutes_after_the_end()
    {
        var s = Planned();
        s.WentLiveAt = Start;
        s.EndedAt = Start.AddMinutes(40);

        Assert.Equal(Start.AddMinutes(70), SessionClock.CloseAt(s));
    }

    [Fact]
    public void Programme_occurrences_are_the_next_weekly_local_times_after_now()
    {
        var programme = new Programme { Title = "Chợ phiên thứ Bảy", DayOfWeek = DayOfWeek.Saturday, LocalTime = new TimeOnly(20, 0), WeeksAhead = 3 };
        var now = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero); // a Tuesday

        var times = ProgrammeJobs.Occurrences(programme, now).ToList();

        Assert.Equal([Start, Start.AddDays(7), Start.AddDays(14)], times);
    }

    [Fact]
    public void Programme_occurrence_already_started_today_is_skipped()
    {
        var programme = new Programme { Title = "Chợ phiên thứ Bảy", DayOfWeek = DayOfWeek.Saturday, LocalTime = new TimeOnly(20, 0), WeeksAhead = 1 };

        Assert.Equal([Start.AddDays(7)], ProgrammeJobs.Occurrences(programme, Start.AddMinutes(1)));
        Assert.Equal([Start], ProgrammeJobs.Occurrences(programme, Start.AddMinutes(-1)));
    }

    [Theory]
    [InlineData(0, 100, "sold-out")]
    [InlineData(19, 100, "low")]
    [InlineData(99, 1000, "low")]
    [InlineData(100, 1000, "ok")]
    [InlineData(20, 100, "ok")]
    public void Stock_alerts(int left, int initial, string state) => Assert.Equal(state, StockAlerts.State(left, initial));

    [Theory]
    [InlineData(SessionStatus.Draft, false)]
    [InlineData(SessionStatus.Live, true)]
    [InlineData(SessionStatus.Ended, true)]
    [InlineData(SessionStatus.Closed, false)]
    public void Statuses_that_take_orders(SessionStatus status, bool takes)
    {
        Assert.Equal(takes, SessionStatuses.AcceptsOrders(status));
        Assert.Equal(takes, SessionStatuses.AcceptsOrders(status.ToString()));
    }
}
