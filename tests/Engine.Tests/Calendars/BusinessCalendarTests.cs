using PropertyFlow.Engine.Calendars;
using PropertyFlow.Engine.Timers;
using static PropertyFlow.Engine.Tests.Timers.Zones;

namespace PropertyFlow.Engine.Tests.Calendars;

public sealed class BusinessCalendarTests
{
    // Default hours: Monday to Friday 09:00–12:00 and 13:00–18:00, in Shanghai time (2026-03-06 is a Friday).
    private static readonly BusinessCalendar Office = BusinessCalendar.CreateDefault(Shanghai);

    [Fact]
    public void AddWorkingTime_FourHoursFromFridayFivePm_DueMondayNoon()
    {
        // The case of the issue: Friday 17:00–18:00 is one hour, Monday 09:00–12:00 the other three.
        var due = Office.AddWorkingTime(At("2026-03-06T17:00:00+08:00"), IsoDuration.Parse("PT4H"));

        Assert.Equal(At("2026-03-09T12:00:00+08:00"), due);
        Assert.Equal(TimeSpan.FromHours(8), due.Offset);
    }

    [Fact]
    public void AddWorkingTime_ThirtyMinutesAtTenToTwelve_SkipsLunchBreak()
    {
        // A complaint recorded at 11:50 must be answered within 30 working minutes: 10 before lunch, 20 after.
        Assert.Equal(At("2026-03-10T13:20:00+08:00"), Office.AddWorkingTime(At("2026-03-10T11:50:00+08:00"), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void AddWorkingTime_EndingOnEndOfDay_StaysOnThatDay()
    {
        Assert.Equal(At("2026-03-06T18:00:00+08:00"), Office.AddWorkingTime(At("2026-03-06T17:00:00+08:00"), TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData("2026-03-07T10:00:00+08:00", "PT1H", "2026-03-09T10:00:00+08:00")] // Saturday: counts from Monday 09:00
    [InlineData("2026-03-10T07:00:00+08:00", "PT30M", "2026-03-10T09:30:00+08:00")] // before hours
    [InlineData("2026-03-10T12:30:00+08:00", "PT1H", "2026-03-10T14:00:00+08:00")] // in the lunch break
    [InlineData("2026-03-10T20:00:00+08:00", "PT8H", "2026-03-11T18:00:00+08:00")] // after hours: one full day
    [InlineData("2026-03-10T01:00:00Z", "PT1H", "2026-03-10T10:00:00+08:00")] // an instant given in UTC is 09:00 in Shanghai
    public void AddWorkingTime_StartOutsideWorkingHours_CountsFromNextWorkingMoment(string start, string duration, string expected)
    {
        Assert.Equal(At(expected), Office.AddWorkingTime(At(start), IsoDuration.Parse(duration)));
    }

    [Fact]
    public void AddWorkingTime_SevenDays_SameClockTimeSevenWorkingDaysLater()
    {
        // Monday 10:00 + 7 working days = Wednesday of the next week, 10:00 (the weekend does not count).
        Assert.Equal(At("2026-03-18T10:00:00+08:00"), Office.AddWorkingTime(At("2026-03-09T10:00:00+08:00"), IsoDuration.Parse("P7D")));
    }

    [Fact]
    public void AddWorkingTime_DaysFromOutsideHours_CountFromNextWorkingMoment()
    {
        // Friday 19:00 is moved to Monday 09:00 first; one working day later is Tuesday 09:00.
        Assert.Equal(At("2026-03-10T09:00:00+08:00"), Office.AddWorkingTime(At("2026-03-06T19:00:00+08:00"), IsoDuration.Parse("P1D")));
    }

    [Fact]
    public void AddWorkingTime_DaysAndHours_DaysFirstThenWorkingHours()
    {
        // Friday 16:00 + 1 working day = Monday 16:00; + 3 working hours = 16:00–18:00 and Tuesday 09:00–10:00.
        Assert.Equal(At("2026-03-10T10:00:00+08:00"), Office.AddWorkingTime(At("2026-03-06T16:00:00+08:00"), IsoDuration.Parse("P1DT3H")));
    }

    [Fact]
    public void AddWorkingTime_WeekIsCalendarWeekMovedIntoWorkingTime()
    {
        Assert.Equal(At("2026-03-16T09:00:00+08:00"), Office.AddWorkingTime(At("2026-03-07T11:00:00+08:00"), IsoDuration.Parse("P1W")));
    }

    [Fact]
    public void AddWorkingTime_TwoThousandHours_WalksIntervalsToTheRightDay()
    {
        // 2000 h = 250 eight-hour days = 50 five-day weeks: from Monday 09:00 it ends on Friday 18:00, 49 weeks later.
        Assert.Equal(At("2027-02-19T18:00:00+08:00"), Office.AddWorkingTime(At("2026-03-09T09:00:00+08:00"), TimeSpan.FromHours(2000)));
    }

    [Fact]
    public void IsWorkingTime_IntervalStartIncludedEndExcluded()
    {
        Assert.True(Office.IsWorkingTime(At("2026-03-10T09:00:00+08:00")));
        Assert.True(Office.IsWorkingTime(At("2026-03-10T11:59:59+08:00")));
        Assert.False(Office.IsWorkingTime(At("2026-03-10T12:00:00+08:00")));
        Assert.False(Office.IsWorkingTime(At("2026-03-07T10:00:00+08:00"))); // Saturday
        Assert.True(Office.IsWorkingTime(At("2026-03-10T02:00:00Z"))); // 10:00 in Shanghai
    }

    [Fact]
    public void NextWorkingMoment_InsideAndOutside()
    {
        Assert.Equal(At("2026-03-10T10:15:00+08:00"), Office.NextWorkingMoment(At("2026-03-10T10:15:00+08:00")));
        Assert.Equal(At("2026-03-10T13:00:00+08:00"), Office.NextWorkingMoment(At("2026-03-10T12:00:00+08:00")));
        Assert.Equal(At("2026-03-09T09:00:00+08:00"), Office.NextWorkingMoment(At("2026-03-06T18:00:00+08:00")));
    }

    [Fact]
    public void WorkingTimeBetween_OverWeekendAndLunch_CountsOnlyWorkingHours()
    {
        var from = At("2026-03-06T17:00:00+08:00");
        var to = At("2026-03-09T14:00:00+08:00");

        Assert.Equal(TimeSpan.FromHours(1 + 3 + 1), Office.WorkingTimeBetween(from, to));
        Assert.Equal(-TimeSpan.FromHours(5), Office.WorkingTimeBetween(to, from));
        Assert.Equal(TimeSpan.Zero, Office.WorkingTimeBetween(At("2026-03-07T00:00:00+08:00"), At("2026-03-08T23:59:00+08:00")));
    }

    [Fact]
    public void WorkingTimeBetween_IsTheInverseOfAddWorkingTime()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 500; i++)
        {
            var start = At("2026-03-01T00:00:00+08:00").AddMinutes(random.Next(0, 60 * 24 * 60));
            var duration = TimeSpan.FromMinutes(random.Next(1, 60 * 100));
            var due = Office.AddWorkingTime(start, duration);
            Assert.Equal(duration, Office.WorkingTimeBetween(start, due));
        }
    }

    [Fact]
    public void Holidays_NationalDayWeek_IsSkippedAndMakeUpSaturdayIsWorked()
    {
        var cn = ShippedCalendar.Load();

        // Wednesday 30 September 17:00 + 2 h: one hour that day, 1–7 October off, Thursday 8 October 09:00–10:00.
        Assert.Equal(At("2026-10-08T10:00:00+08:00"), cn.AddWorkingTime(At("2026-09-30T17:00:00+08:00"), IsoDuration.Parse("PT2H")));

        // Friday 9 October 17:00 + 4 h: Saturday 10 October is a make-up working day (调休).
        Assert.Equal(At("2026-10-10T12:00:00+08:00"), cn.AddWorkingTime(At("2026-10-09T17:00:00+08:00"), IsoDuration.Parse("PT4H")));

        // Working days: 30 Sep + 1 = 8 Oct (Thu), + 2 = 9 Oct (Fri), + 3 = 10 Oct (the make-up Saturday), + 4 = 12 Oct (Mon).
        Assert.Equal(At("2026-10-08T10:00:00+08:00"), cn.AddWorkingTime(At("2026-09-30T10:00:00+08:00"), IsoDuration.Parse("P1D")));
        Assert.Equal(At("2026-10-10T10:00:00+08:00"), cn.AddWorkingTime(At("2026-09-30T10:00:00+08:00"), IsoDuration.Parse("P3D")));
        Assert.Equal(At("2026-10-12T10:00:00+08:00"), cn.AddWorkingTime(At("2026-09-30T10:00:00+08:00"), IsoDuration.Parse("P4D")));

        // 30 Sep, 8, 9 and 10 Oct: four working days of eight hours.
        Assert.Equal(TimeSpan.FromHours(32), cn.WorkingTimeBetween(At("2026-09-30T00:00:00+08:00"), At("2026-10-11T00:00:00+08:00")));
    }

    [Fact]
    public void Holidays_MakeUpSundayIsWorkingTime_HolidayWeekdayIsNot()
    {
        var cn = ShippedCalendar.Load();

        Assert.True(cn.IsWorkingTime(At("2026-09-20T10:00:00+08:00"))); // Sunday, 国庆 make-up day
        Assert.False(cn.IsWorkingTime(At("2026-09-19T10:00:00+08:00"))); // the Saturday before is off
        Assert.False(cn.IsWorkingTime(At("2026-10-05T10:00:00+08:00"))); // Monday in the National Day week
        Assert.Equal(At("2026-02-24T09:00:00+08:00"), cn.NextWorkingMoment(At("2026-02-14T18:00:00+08:00"))); // 春节
    }

    [Fact]
    public void AddWorkingTime_ZoneWithDaylightSaving_CountsRealElapsedWorkingTime()
    {
        // Berlin skips 02:00–03:00 on Sunday 2026-03-29: a calendar working all of Sunday has 23 hours that day.
        var allWeek = Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (IReadOnlyList<WorkingInterval>)[WorkingInterval.Parse("00:00-24:00")]);
        var nonstop = new BusinessCalendar(Berlin, allWeek);
        var sunday = At("2026-03-29T00:00:00+01:00");
        var monday = At("2026-03-30T00:00:00+02:00");

        Assert.Equal(TimeSpan.FromHours(23), nonstop.WorkingTimeBetween(sunday, monday));
        Assert.Equal(monday, nonstop.AddWorkingTime(sunday, TimeSpan.FromHours(23)));

        // Office hours on the Monday after the change: 09:00 is now +02:00.
        var office = BusinessCalendar.CreateDefault(Berlin);
        Assert.Equal(At("2026-03-30T10:00:00+02:00"), office.AddWorkingTime(At("2026-03-27T17:00:00+01:00"), TimeSpan.FromHours(2)));
    }

    [Fact]
    public void NightShift_AcrossMidnight_CountsAsOneStretch()
    {
        var nights = new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>
        {
            [DayOfWeek.Monday] = [WorkingInterval.Parse("22:00-24:00")],
            [DayOfWeek.Tuesday] = [WorkingInterval.Parse("00:00-06:00")],
        };
        var calendar = new BusinessCalendar(Shanghai, nights);

        Assert.Equal(At("2026-03-10T03:00:00+08:00"), calendar.AddWorkingTime(At("2026-03-09T21:00:00+08:00"), TimeSpan.FromHours(5)));
    }

    [Fact]
    public void Constructor_InconsistentData_ThrowsNamingTheProblem()
    {
        var week = BusinessCalendar.WeekdayHours(BusinessCalendar.DefaultDayHours);
        var overlapping = BusinessCalendar.WeekdayHours([WorkingInterval.Parse("09:00-12:00"), WorkingInterval.Parse("11:00-13:00")]);

        Assert.Contains("overlap", Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, overlapping)).Message, StringComparison.Ordinal);
        Assert.Contains("already a working day", Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, week, makeUpWorkdays: [new DateOnly(2026, 3, 9)])).Message, StringComparison.Ordinal);
        Assert.Contains("both a holiday", Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, week, [new DateOnly(2026, 3, 7)], [new DateOnly(2026, 3, 7)])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new BusinessCalendar(Shanghai, new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>()));
    }

    [Fact]
    public void TimerSchedule_CycleInWorkingTime_EachPeriodIsWorkingTime()
    {
        var schedule = TimerSchedule.Parse(Model.TimerKind.Cycle, "R3/PT30M", Shanghai).InWorkingTime(Office);

        var first = schedule.FirstDue(At("2026-03-10T11:15:00+08:00"))!.Value;
        var second = schedule.NextDue(first, 1)!.Value;
        var third = schedule.NextDue(second, 2)!.Value;

        Assert.Equal(At("2026-03-10T11:45:00+08:00"), first);
        Assert.Equal(At("2026-03-10T13:15:00+08:00"), second);
        Assert.Equal(At("2026-03-10T13:45:00+08:00"), third);
        Assert.Null(schedule.NextDue(third, 3));
    }

    [Fact]
    public void TimerSchedule_DateAndCronInWorkingTime_Unchanged()
    {
        var saturday = At("2026-03-07T10:00:00+08:00");
        Assert.Equal(saturday, TimerSchedule.Parse(Model.TimerKind.Date, "2026-03-07T10:00:00+08:00", Shanghai).InWorkingTime(Office).FirstDue(saturday.AddDays(-1)));
        Assert.Equal(saturday, TimerSchedule.Parse(Model.TimerKind.Cycle, "0 10 * * 6", Shanghai).InWorkingTime(Office).FirstDue(saturday.AddDays(-1)));
    }
}
