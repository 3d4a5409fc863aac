using System.Collections.Frozen;
using PropertyFlow.Engine.Timers;

namespace PropertyFlow.Engine.Calendars;

/// <summary>
/// Working time: hours per weekday, public holidays (days off) and make-up working days (调休, a weekend date that is
/// worked with <see cref="MakeUpDayHours"/>), as wall-clock times of <see cref="TimeZone"/>. Immutable and thread-safe.
/// Durations are added by walking the working intervals day by day, never minute by minute.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>The default working day: 09:00–12:00 and 13:00–18:00 (a lunch break), eight hours.</summary>
    public static readonly IReadOnlyList<WorkingInterval> DefaultDayHours =
        [new(TimeSpan.FromHours(9), TimeSpan.FromHours(12)), new(TimeSpan.FromHours(13), TimeSpan.FromHours(18))];

    // A calendar that has working hours on some weekday finds one within a week of any date, unless holidays cover
    // more: a search longer than this many days means the holiday list is wrong, not that the next workday is far.
    private const int MaxDaysWithoutWork = 3 * 366;

    private readonly FrozenDictionary<DayOfWeek, WorkingInterval[]> _weekly;
    private readonly WorkingInterval[] _makeUpHours;

    /// <summary>
    /// A calendar. <paramref name="weeklyHours"/> gives each weekday's intervals (a missing or empty day is a day off);
    /// <paramref name="makeUpDayHours"/> defaults to Monday's hours, or to <see cref="DefaultDayHours"/> when Monday is off.
    /// Throws <see cref="ArgumentException"/> when intervals of a day overlap, no weekday has working hours, a date is
    /// both a holiday and a make-up day, or a make-up day is a date that is worked anyway.
    /// </summary>
    public BusinessCalendar(
        TimeZoneInfo timeZone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> weeklyHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<DateOnly>? makeUpWorkdays = null,
        IReadOnlyList<WorkingInterval>? makeUpDayHours = null,
        string? name = null)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(weeklyHours);
        TimeZone = timeZone;
        Name = name;
        _weekly = Enum.GetValues<DayOfWeek>().ToFrozenDictionary(d => d, d => Sorted(weeklyHours.GetValueOrDefault(d), d.ToString()));
        if (_weekly.Values.All(h => h.Length == 0))
        {
            throw new ArgumentException("A business calendar needs working hours on at least one weekday.", nameof(weeklyHours));
        }

        var monday = _weekly[DayOfWeek.Monday];
        _makeUpHours = makeUpDayHours is null ? (monday.Length > 0 ? monday : [.. DefaultDayHours]) : Sorted(makeUpDayHours, "make-up days");
        if (_makeUpHours.Length == 0)
        {
            throw new ArgumentException("Make-up working days need working hours.", nameof(makeUpDayHours));
        }

        Holidays = (holidays ?? []).ToFrozenSet();
        MakeUpWorkdays = (makeUpWorkdays ?? []).ToFrozenSet();
        if (Holidays.Where(MakeUpWorkdays.Contains).Order().ToList() is [var both, ..])
        {
            throw new ArgumentException($"{both:yyyy-MM-dd} is both a holiday and a make-up working day.", nameof(makeUpWorkdays));
        }

        if (MakeUpWorkdays.Where(d => _weekly[d.DayOfWeek].Length > 0).Order().ToList() is [var worked, ..])
        {
            throw new ArgumentException($"{worked:yyyy-MM-dd} is a {worked.DayOfWeek}, already a working day; a make-up working day must be a day off such as a weekend.", nameof(makeUpWorkdays));
        }
    }

    /// <summary>The zone whose wall clock the hours and dates are in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>A name for messages and logs, e.g. the file's <c>name</c>; may be null.</summary>
    public string? Name { get; }

    /// <summary>Dates off although their weekday is worked (public holidays); a holiday on a weekend changes nothing.</summary>
    public IReadOnlySet<DateOnly> Holidays { get; }

    /// <summary>Days off by weekday that are worked (调休), with <see cref="MakeUpDayHours"/>.</summary>
    public IReadOnlySet<DateOnly> MakeUpWorkdays { get; }

    /// <summary>The hours worked on a make-up working day.</summary>
    public IReadOnlyList<WorkingInterval> MakeUpDayHours => _makeUpHours;

    /// <summary>Monday to Friday with <see cref="DefaultDayHours"/>, no holidays: what the engine uses when given no calendar.</summary>
    public static BusinessCalendar CreateDefault(TimeZoneInfo timeZone) =>
        new(timeZone, WeekdayHours(DefaultDayHours), name: "default");

    /// <summary>The same <paramref name="hours"/> on Monday to Friday, Saturday and Sunday off.</summary>
    public static IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingInterval>> WeekdayHours(IReadOnlyList<WorkingInterval> hours) =>
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingInterval>>
        {
            [DayOfWeek.Monday] = hours,
            [DayOfWeek.Tuesday] = hours,
            [DayOfWeek.Wednesday] = hours,
            [DayOfWeek.Thursday] = hours,
            [DayOfWeek.Friday] = hours,
        };

    /// <summary>The regular hours of a weekday (before holidays and make-up days).</summary>
    public IReadOnlyList<WorkingInterval> HoursOf(DayOfWeek day) => _weekly[day];

    /// <summary>The hours worked on <paramref name="date"/>: none on a holiday, <see cref="MakeUpDayHours"/> on a make-up day.</summary>
    public IReadOnlyList<WorkingInterval> HoursOn(DateOnly date) => Hours(date);

    /// <summary>True when <paramref name="date"/> has working hours.</summary>
    public bool IsWorkingDay(DateOnly date) => Hours(date).Length > 0;

    /// <summary>True when <paramref name="instant"/> lies inside a working interval (start inclusive, end exclusive).</summary>
    public bool IsWorkingTime(DateTimeOffset instant) => NextWorkingMoment(instant) == instant;

    /// <summary><paramref name="instant"/> itself when it is working time, otherwise the start of the next working interval.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset instant)
    {
        using var periods = PeriodsFrom(instant).GetEnumerator();
        periods.MoveNext();
        return InZone(periods.Current.Start);
    }

    /// <summary>
    /// The moment when <paramref name="duration"/> of working time has passed since <paramref name="start"/>. Time outside
    /// working hours does not count; a start outside working hours counts from the next working moment; a result that
    /// falls on the end of an interval stays there (Friday 17:00 + 1 h is Friday 18:00, not Monday 09:00). Zero gives
    /// <see cref="NextWorkingMoment"/>.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var remaining = duration;
        foreach (var (from, to) in PeriodsFrom(start))
        {
            var available = to - from;
            if (remaining <= available)
            {
                return InZone(from + remaining);
            }

            remaining -= available;
        }

        throw new InvalidOperationException("unreachable: the working periods never end");
    }

    /// <summary>
    /// Adds an ISO-8601 duration in working time. Years, months and weeks move the calendar (as in
    /// <see cref="IsoDuration.AddTo"/>); each day (<c>D</c>) is a working day: the start is first moved into working
    /// time, then the same clock time is taken N working days later; hours, minutes and seconds are working time.
    /// The result is always working time, or the end of a working interval.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, IsoDuration duration)
    {
        var at = start;
        if (duration.Years != 0 || duration.Months != 0 || duration.Weeks != 0)
        {
            var wall = InZone(at).DateTime.AddMonths(checked((duration.Years * 12) + duration.Months)).AddDays((long)duration.Weeks * 7);
            at = ZoneClock.ToInstant(wall, TimeZone);
        }

        if (duration.Days > 0)
        {
            var local = InZone(NextWorkingMoment(at)).DateTime;
            var date = DateOnly.FromDateTime(local);
            for (var i = 0; i < duration.Days; i++)
            {
                date = NextWorkingDate(date);
            }

            at = ZoneClock.ToInstant(date.ToDateTime(TimeOnly.MinValue) + local.TimeOfDay, TimeZone);
        }

        return AddWorkingTime(at, duration.TimePart());
    }

    /// <summary>
    /// Working time from <paramref name="from"/> to <paramref name="to"/> (negative when <paramref name="to"/> is earlier):
    /// the measure of an SLA or a KPI that counts only working hours.
    /// </summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            return -WorkingTimeBetween(to, from);
        }

        var total = TimeSpan.Zero;
        foreach (var (start, end) in PeriodsFrom(from))
        {
            if (start >= to)
            {
                break;
            }

            total += (end < to ? end : to) - start;
        }

        return total;
    }

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public DateOnly NextWorkingDate(DateOnly date)
    {
        for (var i = 0; i < MaxDaysWithoutWork; i++)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                return date;
            }
        }

        throw NoWork(date);
    }

    public override string ToString() => Name ?? "business calendar";

    /// <summary>
    /// Working periods as instants, in order, the first clipped to begin at <paramref name="from"/>; endless.
    /// Starts a day early so a period of yesterday that runs past midnight in instants (a daylight-saving day) is seen.
    /// </summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> PeriodsFrom(DateTimeOffset from)
    {
        var date = DateOnly.FromDateTime(InZone(from).DateTime).AddDays(-1);
        var idle = 0;
        while (true)
        {
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            var found = false;
            foreach (var interval in Hours(date))
            {
                var start = ZoneClock.ToInstant(midnight + interval.Start, TimeZone);
                var end = ZoneClock.ToInstant(midnight + interval.End, TimeZone);
                if (end <= from || end <= start)
                {
                    continue; // already past, or swallowed by a daylight-saving gap
                }

                found = true;
                yield return (start < from ? from : start, end);
            }

            idle = found ? 0 : idle + 1;
            if (idle > MaxDaysWithoutWork)
            {
                throw NoWork(date);
            }

            date = date.AddDays(1);
        }
    }

    private WorkingInterval[] Hours(DateOnly date) =>
        Holidays.Contains(date) ? [] : MakeUpWorkdays.Contains(date) ? _makeUpHours : _weekly[date.DayOfWeek];

    private DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    private InvalidOperationException NoWork(DateOnly date) =>
        new($"The business calendar '{this}' has no working day in the {MaxDaysWithoutWork} days before {date:yyyy-MM-dd}; check its holidays.");

    private static WorkingInterval[] Sorted(IReadOnlyList<WorkingInterval>? hours, string day)
    {
        var sorted = (hours ?? []).OrderBy(h => h.Start).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Start < sorted[i - 1].End)
            {
                throw new ArgumentException($"The working hours of {day} overlap: {sorted[i - 1]} and {sorted[i]}.", nameof(hours));
            }
        }

        return sorted;
    }
}
