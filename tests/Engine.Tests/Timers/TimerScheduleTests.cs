using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Timers;
using static PropertyFlow.Engine.Tests.Timers.Zones;

namespace PropertyFlow.Engine.Tests.Timers;

public class TimerScheduleTests
{
    private static readonly DateTimeOffset Start = At("2026-01-02T10:00:00+08:00"); // a Friday

    [Theory]
    [InlineData("2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z")]
    [InlineData("2026-03-01T09:00:00+08:00", "2026-03-01T01:00:00Z")]
    [InlineData("2026-03-01T09:00:00.250-05:30", "2026-03-01T14:30:00.25Z")]
    [InlineData("2026-03-01T09:00:00", "2026-03-01T01:00:00Z")]
    [InlineData("2026-03-01T09:00", "2026-03-01T01:00:00Z")]
    [InlineData("2026-03-01", "2026-02-28T16:00:00Z")]
    public void Date_FiresOnceAtTheInstant_WallTimesInTheZone(string text, string expected)
    {
        var schedule = TimerSchedule.Parse(TimerKind.Date, text, Shanghai);

        Assert.Equal(At(expected), schedule.FirstDue(Start));
        Assert.Null(schedule.NextDue(At(expected), 1));
        Assert.False(schedule.IsCycle);
        Assert.Equal(1, schedule.Repetitions);
    }

    [Fact]
    public void Date_WithoutOffsetInUtc_IsUtc() =>
        Assert.Equal(At("2026-03-01T09:00:00Z"), TimerSchedule.Parse(TimerKind.Date, "2026-03-01T09:00:00", TimeZoneInfo.Utc).FirstDue(Start));

    [Fact]
    public void Duration_FiresOnceAfterTheDuration()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Duration, "P2DT4H", Shanghai);

        Assert.Equal(At("2026-01-04T14:00:00+08:00"), schedule.FirstDue(Start));
        Assert.Null(schedule.NextDue(At("2026-01-04T14:00:00+08:00"), 1));
        Assert.Equal(1, schedule.Repetitions);
    }

    [Fact]
    public void Cycle_R3_FiresThreeTimesThenIsExhausted()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R3/PT1H", TimeZoneInfo.Utc);

        var first = schedule.FirstDue(Start)!.Value;
        var second = schedule.NextDue(first, 1)!.Value;
        var third = schedule.NextDue(second, 2)!.Value;

        Assert.Equal([Start.AddHours(1), Start.AddHours(2), Start.AddHours(3)], [first, second, third]);
        Assert.Null(schedule.NextDue(third, 3));
        Assert.True(schedule.IsCycle);
        Assert.Equal(3, schedule.Repetitions);
    }

    [Fact]
    public void Cycle_RWithoutCount_IsUnbounded()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R/P1D", Shanghai);

        Assert.Null(schedule.Repetitions);
        Assert.Equal(At("2026-01-03T10:00:00+08:00"), schedule.FirstDue(Start));
        Assert.Equal(At("2028-01-03T10:00:00+08:00"), schedule.NextDue(At("2028-01-02T10:00:00+08:00"), 10_000));
    }

    [Fact]
    public void Cycle_WithStart_IsAFixedSeriesCountingPastOccurrences()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R3/2026-01-01T08:00:00Z/P1D", Shanghai);

        Assert.Equal(At("2026-01-01T08:00:00Z"), schedule.FirstDue(At("2025-12-01T00:00:00Z")));
        Assert.Equal(At("2026-01-01T08:00:00Z"), schedule.FirstDue(At("2026-01-01T08:00:00Z")));
        Assert.Equal(At("2026-01-02T08:00:00Z"), schedule.FirstDue(At("2026-01-02T00:00:00Z")));
        Assert.Equal(At("2026-01-03T08:00:00Z"), schedule.NextDue(At("2026-01-02T08:00:00Z"), 1));
        Assert.Null(schedule.NextDue(At("2026-01-03T08:00:00Z"), 2));
        Assert.Null(schedule.FirstDue(At("2026-01-04T00:00:00Z")));
    }

    [Fact]
    public void Cycle_WithLocalStartAndShortPeriod_JumpsToTheNextSlot()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "R/2026-01-01T08:00:00/PT15M", Shanghai);

        Assert.Equal(At("2026-06-01T00:15:00+08:00"), schedule.FirstDue(At("2026-06-01T00:00:07+08:00")));
        Assert.Equal(At("2026-06-01T00:30:00+08:00"), schedule.NextDue(At("2026-06-01T00:15:00+08:00"), 1));
    }

    [Fact]
    public void Cron_FiveFields_IsStandardCronInTheZone()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "0 9 * * MON-FRI", Shanghai);

        Assert.Equal(At("2026-01-05T09:00:00+08:00"), schedule.FirstDue(Start));
        Assert.Equal(At("2026-01-06T09:00:00+08:00"), schedule.NextDue(At("2026-01-05T09:00:00+08:00"), 1));
        Assert.Null(schedule.Repetitions);
        Assert.Equal(At("2026-01-05T09:00:00Z"), TimerSchedule.Parse(TimerKind.Cycle, "0 9 * * 1", TimeZoneInfo.Utc).FirstDue(Start));
    }

    [Theory]
    [InlineData("0 0 9 1 * ?", "2026-02-01T09:00:00+08:00")]
    [InlineData("0 0 9 ? * 2", "2026-01-05T09:00:00+08:00")]
    [InlineData("0 0 9 ? * MON-FRI", "2026-01-05T09:00:00+08:00")]
    [InlineData("0 0 9 ? * 6#3", "2026-01-16T09:00:00+08:00")]
    [InlineData("0 0 9 ? * 1,7", "2026-01-03T09:00:00+08:00")]
    [InlineData("30 15 10 L * ?", "2026-01-31T10:15:30+08:00")]
    [InlineData("0 0 9 1 1 ? 2027", "2027-01-01T09:00:00+08:00")]
    [InlineData("0 0 9 1 * ? 2026-2030/2", "2026-02-01T09:00:00+08:00")]
    public void Cron_QuartzFields_AreReadAsCamundaWritesThem(string cron, string expected)
    {
        Assert.Equal(At(expected), TimerSchedule.Parse(TimerKind.Cycle, cron, Shanghai).FirstDue(Start));
    }

    [Fact]
    public void Cron_YearField_EndsTheSeriesAfterTheLastYear()
    {
        var schedule = TimerSchedule.Parse(TimerKind.Cycle, "0 0 9 1 1 ? 2027", Shanghai);

        Assert.Null(schedule.NextDue(At("2027-01-01T09:00:00+08:00"), 1));
    }

    [Fact]
    public void Cron_InUtc_UsesUtcWallClock()
    {
        Assert.Equal(At("2026-02-01T09:00:00Z"), TimerSchedule.Parse(TimerKind.Cycle, "0 0 9 1 * ?", TimeZoneInfo.Utc).FirstDue(Start));
    }

    [Theory]
    [InlineData(TimerKind.Date, "", "timeDate is empty")]
    [InlineData(TimerKind.Date, "tomorrow", "timeDate 'tomorrow' is not an ISO-8601 date-time")]
    [InlineData(TimerKind.Date, "2026-02-30T09:00:00Z", "is not a valid date-time")]
    [InlineData(TimerKind.Date, "2026-02-01+08:00", "has an offset but no time of day")]
    [InlineData(TimerKind.Duration, "P", "timeDuration 'P' is not an ISO-8601 duration")]
    [InlineData(TimerKind.Duration, "PT0S", "timeDuration 'PT0S' is zero")]
    [InlineData(TimerKind.Cycle, "PT1H", "timeCycle 'PT1H' needs a repetition: write R/PT1H (unbounded) or R3/PT1H (three times)")]
    [InlineData(TimerKind.Cycle, "R0/PT1H", "'R0' must be R (unbounded) or Rn with n ≥ 1")]
    [InlineData(TimerKind.Cycle, "Rx/PT1H", "must be R (unbounded) or Rn")]
    [InlineData(TimerKind.Cycle, "R3/PT0S", "the period is zero")]
    [InlineData(TimerKind.Cycle, "R3/PT1H/2026-01-01T00:00:00Z", "a duration followed by an end date is not supported")]
    [InlineData(TimerKind.Cycle, "R3/2026-01-01T00:00:00Z/2026-02-01T00:00:00Z", "not a start and an end")]
    [InlineData(TimerKind.Cycle, "R3/2026-99-01T00:00:00Z/P1D", "start '2026-99-01T00:00:00Z'")]
    [InlineData(TimerKind.Cycle, "R3", "must be R[n]/duration or R[n]/start/duration")]
    [InlineData(TimerKind.Cycle, "61 * * * *", "timeCycle cron '61 * * * *'")]
    [InlineData(TimerKind.Cycle, "0 0 9 ? * 8", "day-of-week 8 is outside 1–7 (Quartz: 1 = Sunday … 7 = Saturday)")]
    [InlineData(TimerKind.Cycle, "0 0 9 1 1 ? 1900", "year field '1900' must be")]
    [InlineData(TimerKind.Cycle, "H 9 * * *", "H (jitter) is not supported")]
    [InlineData(TimerKind.Cycle, "every day", "is neither an ISO-8601 cycle")]
    public void Parse_BadText_ThrowsFormatExceptionWithClearMessage(TimerKind kind, string text, string message)
    {
        var e = Assert.Throws<FormatException>(() => TimerSchedule.Parse(kind, text, Shanghai));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.False(TimerSchedule.TryParse(kind, text, Shanghai, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Equal(e.Message, error);
    }
}
